"""Build knowledge/taxonomy_lineages.tsv: the lineage of every species named in bundled profiler outputs.

Species-only tables (curatedMetagenomicData exports, the GMHI example, MetaPhlAn merged species tables)
carry no higher ranks. GMWI2 reads clades at every rank and the community denominator needs each
row's domain, so microbiomix looks their lineage up here (`microbiomix.taxonomy.known_lineage`).

Sources, in order of preference (the first lineage seen for a species wins, so MetaPhlAn 3 mpa_v30
names, which GMWI2 was trained on, come first): the GMWI2 coefficients (mpa_v30), the MetaPhlAn 3
kefir profiles, CAMI-GI MetaPhlAn 3, CAMI-GI MetaPhlAn 4 (mpa_vJan21), the CAMI-GI NCBI gold
standard, and mOTUs 3 (CAMI-GI and the Zeller 2014 control runs). Each row names its source file.

Run from the repository root with ../shared beside it:
    PYTHONPATH=src python scripts/build_taxonomy_lineages.py ../shared/data
"""

from __future__ import annotations

import sys
from pathlib import Path

from microbiomix.outputs import atomic_writer
from microbiomix.readers import read_profiles
from microbiomix.taxonomy import Rank, canonical_key, parse_lineage

OUTPUT = Path("src/microbiomix/knowledge/taxonomy_lineages.tsv")
GMWI2 = Path("src/microbiomix/knowledge/indices/gmwi2_coefficients.tsv")


def sources(shared: Path) -> list[tuple[str, list[Path]]]:
    profiles = shared / "profiles"
    cami = profiles / "cami_gi"
    return [
        ("metaphlan3 mpa_v30 (kefir)", sorted((profiles / "metaphlan_kefir").glob("*.metaphlan3.txt"))),
        ("metaphlan3 mpa_v30 (CAMI-GI)", sorted((cami / "metaphlan3").glob("*.profile"))),
        ("metaphlan4 mpa_vJan21 (CAMI-GI)", sorted((cami / "metaphlan4_cami").glob("*.profile"))),
        ("CAMI-GI gold standard (NCBI)", sorted((cami / "gold_ncbi").glob("*.profile"))),
        ("motus 3.0.2 (CAMI-GI)", sorted((cami / "motus3").glob("*.profile"))),
        ("motus 3.0.2 (Zeller 2014 controls)",
         sorted((shared / "reference" / "motus3_zeller2014_controls" / "profiles").glob("*.profile"))),
    ]


def main(shared: Path) -> None:
    rows: dict[tuple[Rank, str], tuple[str, str]] = {}

    def add(lineage_text: str, source: str) -> None:
        lineage = parse_lineage(lineage_text)
        if lineage.rank != Rank.SPECIES or lineage.at(Rank.DOMAIN) is None:
            return
        if "unclassified" in lineage.name.lower():
            return
        rows.setdefault(canonical_key(Rank.SPECIES, lineage.name), (lineage.to_metaphlan(), source))

    for line in GMWI2.read_text().splitlines()[1:]:
        add(line.split("\t")[0], "GMWI2 coefficients (mpa_v30), danielchang2002/GMWI2@9850ec7")
    for label, paths in sources(shared):
        for path in paths:
            for profile in read_profiles(path):
                for lineage in profile.abundances:
                    if lineage.rank == Rank.SPECIES and lineage.at(Rank.DOMAIN):
                        add(lineage.to_metaphlan(), f"{label}: {path.relative_to(shared)}")
    with atomic_writer(OUTPUT, "w") as out:
        out.write("# Species lineages from bundled profiler outputs (see scripts/build_taxonomy_lineages.py).\n")
        out.write("# Facts taken from the named files (../shared/data, provenance in its README.md).\n")
        out.write("lineage\tsource\n")
        for lineage_text, source in sorted(rows.values()):
            out.write(f"{lineage_text}\t{source}\n")
    print(f"{len(rows)} species lineages -> {OUTPUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/data"))
