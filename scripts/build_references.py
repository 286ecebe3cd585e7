"""Build the prebuilt healthy references shipped in src/microbiomix/knowledge/reference/*.reference.npz.

One reference per profiler family, each made with `mmm reference build` (the way a lab brings its
own cohort), from the public data in ../shared/data (provenance in its README.md and in the
reference's own `source` field):

* metaphlan2: 118 healthy adults of the GMHI validation cohort (the package's
  healthy_profiles_metaphlan2.csv), GMHI from the 2,754 healthy samples of the GMHI pooled cohort
  (built by `microbiomix.reference.build_metaphlan2_reference`, which adds that distribution);
* metaphlan3: 300 MetaPhlAn 3 (mpa_v30) species profiles of HMP2 non-IBD controls
  (curatedMetagenomicData 3 export, species names only, no subject ids);
* motus3: 457 mOTUs 3.0.2 runs of 66 colonoscopy-negative controls of Zeller et al. 2014, runs
  averaged per subject (weighted by read count).

Run from the repository root:  PYTHONPATH=src python scripts/build_references.py ../shared/data
"""

from __future__ import annotations

import csv
import sys
import tempfile
from pathlib import Path

from microbiomix.cli import main as mmm
from microbiomix.reference import build_metaphlan2_reference

OUT = Path("src/microbiomix/knowledge/reference")


def metaphlan3_hmp2(shared: Path, work: Path) -> None:
    folder = shared / "reference" / "metaphlan3_hmp2_nonibd"
    with open(folder / "hmp2_nonibd_species_percent_1_300.tsv", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))
    # As a MetaPhlAn 3 merged table (species only, as exported; the database named in the README).
    table = work / "hmp2_nonibd.metaphlan3.tsv"
    with open(table, "w") as out:
        out.write("#mpa_v30_CHOCOPhlAn_201901\n")
        out.write("clade_name\t" + "\t".join(rows[0][1:]) + "\n")
        out.writelines("s__" + row[0].replace(" ", "_") + "\t" + "\t".join(row[1:]) + "\n"
                       for row in rows[1:])
    code = mmm([
        "reference", "build", str(table), "--input-format", "metaphlan-merged",
        "--name", "metaphlan3-hmp2-nonibd",
        "--description", "MetaPhlAn 3 species profiles of HMP2 (IBDMDB) non-IBD controls",
        "--subjects", "27",
        "--population", ("HMP2 non-IBD controls, USA, ages 6-69 (minors included); 27 people "
        "sampled many times each (27 healthy subject ids in the curatedMetagenomicData curation, "
        "waldronlab/curatedMetagenomicDataCuration@57027d5), not identified per sample in the "
        "export; species names only, no unknown fraction"),
        "--source", ("curatedMetagenomicData 3 HMP_2019_ibdmdb via github.com/wvirany/microbiome@"
        "7dbb53a data/healthy_rel_abundance.csv; Lloyd-Price et al. 2019, "
        "doi:10.1038/s41586-019-1237-9"),
        "-o", str(OUT / "metaphlan3-hmp2-nonibd.reference.npz"),
    ])
    assert code == 0


def motus3_zeller(shared: Path, work: Path) -> None:
    folder = shared / "reference" / "motus3_zeller2014_controls"
    metadata = work / "zeller_controls.csv"
    runs = []
    with open(folder / "metadata.csv", newline="") as handle, open(metadata, "w") as out:
        out.write("sample,healthy,subject,reads\n")
        for row in csv.DictReader(handle):
            if row["HMgDB_diagnosis"] != "control":
                continue
            runs.append(folder / "profiles" / f"{row['library_id']}.profile")
            out.write(f"{row['library_id']},true,{row['sample_id']},{row['sequence_count']}\n")
    code = mmm([
        "reference", "build", *map(str, runs), "--metadata", str(metadata),
        "--name", "motus3-zeller2014-controls",
        "--description", "mOTUs 3.0.2 profiles of colonoscopy-negative controls (Zeller 2014)",
        "--population", ("colonoscopy-negative adults, middle-aged and older, France and Germany; "
        "runs of one subject averaged (weighted by reads)"),
        "--source", ("ENA PRJEB6070 via github.com/KoslickiLab/L2-UniFrac-Paper@af89c58; Zeller "
        "et al. 2014, doi:10.15252/msb.20145645"),
        "-o", str(OUT / "motus3-zeller2014-controls.reference.npz"),
    ])
    assert code == 0


def main(shared: Path) -> None:
    build_metaphlan2_reference().save(OUT / "metaphlan2-gmhi-healthy.reference.npz")
    with tempfile.TemporaryDirectory() as work:
        metaphlan3_hmp2(shared, Path(work))
        motus3_zeller(shared, Path(work))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/data"))
