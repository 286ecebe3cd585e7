"""Build knowledge/reference/within_person_variation.tsv: how much each marker moves between two
samples of the same healthy person, for the re-test comparison's "meaningful change" call.

Data: the 300 MetaPhlAn 3 profiles of HMP2 non-IBD controls (../shared/data/reference/
metaphlan3_hmp2_nonibd). HMP2 sampled about 27 control people repeatedly (27 healthy subject ids in
curatedMetagenomicData's curation of HMP_2019_ibdmdb, waldronlab/curatedMetagenomicDataCuration@
57027d5, inst/curated/HMP_2019_ibdmdb/HMP_2019_ibdmdb_metadata.tsv), but the export dropped
sample and subject ids. It keeps curatedMetagenomicData's row order, which lists samples subject by
subject, visit by visit: consecutive columns are far more alike (median Bray-Curtis 0.32) than
random pairs (0.72). So:

1. consecutive columns are taken as successive samples of one person, except at the 26 largest
   consecutive Bray-Curtis jumps, taken as the 26 boundaries between the 27 people;
2. per marker, the within-person SD is the successive-difference estimate
   sqrt(sum(d^2) / (2 m)) over the m within-person consecutive pairs with both values (von
   Neumann et al. 1941, doi:10.1214/aoms/1177731677); boundary errors can only add between-person
   differences, so the estimate errs large (fewer changes called meaningful).

Run:  PYTHONPATH=src python scripts/build_within_person.py ../shared/data
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import numpy as np
from scipy.spatial.distance import braycurtis

from microbiomix.markers import compute_markers
from microbiomix.outputs import atomic_writer
from microbiomix.profile import Cohort
from microbiomix.reference import read_species_table

OUTPUT = Path("src/microbiomix/knowledge/reference/within_person_variation.tsv")
SUBJECTS = 27


def main(shared: Path) -> None:
    path = shared / "reference" / "metaphlan3_hmp2_nonibd" / "hmp2_nonibd_species_percent_1_300.tsv"
    with open(path, newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))
    profiles = read_species_table(path, "mpa_v30_CHOCOPhlAn_201901")
    abundance = np.array([[float(x) for x in row[1:]] for row in rows[1:]]).T
    jumps = np.array([braycurtis(abundance[i], abundance[i + 1]) for i in range(len(abundance) - 1)])
    boundaries = set(np.argsort(-jumps)[: SUBJECTS - 1].tolist())
    pairs = [i for i in range(len(jumps)) if i not in boundaries]
    cohort = Cohort.from_profiles(profiles)
    with atomic_writer(OUTPUT, "w") as out:
        out.write("# Within-person SD of each marker between successive samples of one healthy person "
                  "(see scripts/build_within_person.py for the method and its limits).\n")
        out.write("# Data: HMP2 non-IBD controls, MetaPhlAn 3 (mpa_v30), curatedMetagenomicData 3 "
                  "export via github.com/wvirany/microbiome@7dbb53a; Lloyd-Price et al. 2019, "
                  "doi:10.1038/s41586-019-1237-9.\n")
        out.write("marker\tsd_within\tpairs\tsource\n")
        for marker in compute_markers(cohort):
            values = marker.values
            d = np.array([values[i + 1] - values[i] for i in pairs])
            d = d[np.isfinite(d)]
            if d.size < 20:
                continue
            sd = float(np.sqrt(np.sum(d**2) / (2 * d.size)))
            out.write(f"{marker.spec.id}\t{sd!r}\t{d.size}\t"
                      f"HMP2 non-IBD controls, {d.size} successive within-person pairs, MetaPhlAn 3\n")
    print(f"{len(pairs)} within-person pairs -> {OUTPUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/data"))
