"""The baseline for `mmm markers`: the 7 core markers in plain Python, one sample at a time.

The strongest simple alternative to the vectorised code: no pandas, no NumPy, a dict per sample
(clade name -> relative abundance), the published definitions (GMHI.R of Gupta et al. 2020;
GMWI2 as gmwi2_metaphlan_output.py of Chang et al. 2024: coefficients of the clades present above
1e-5 of the classified fraction, plus the intercept; richness, Shannon, Simpson, inverse Simpson,
Pielou evenness over the named species of bacteria and archaea). The species lists and coefficients are read from the same
knowledge files microbiomix ships. bench_markers.py checks its values equal microbiomix's (1e-9).

Usage (as a command, for end-to-end timing beside `mmm markers`):
    python benchmarks/baseline_markers.py MERGED_TABLE_OR_PROFILES... > out.tsv
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterator
from pathlib import Path

INDICES = Path(__file__).resolve().parents[1] / "src" / "microbiomix" / "knowledge" / "indices"
PRESENCE = 1e-5  # GMHI.R and gmwi2_metaphlan_output.py
PSEUDOCOUNT = 1e-5
MH_PRIME, MN_PRIME = 7, 31  # GMHI.R: expected numbers of MH and MN species in a healthy gut
MARKERS = ("richness", "shannon", "simpson", "inverse_simpson", "evenness", "gmhi", "gmwi2")


def _lines(name: str) -> list[str]:
    return [ln.strip() for ln in (INDICES / name).read_text().splitlines()
            if ln.strip() and not ln.startswith("#")]


# Renamed species meet under their accepted name, as microbiomix matches list entries
# (knowledge/taxonomy_synonyms.tsv): e.g. MetaPhlAn 3's Erysipelatoclostridium ramosum is GMHI's
# Clostridium ramosum.
SYNONYMS = {
    "s__" + name.replace(" ", "_"): "s__" + accepted.replace(" ", "_")
    for rank, name, accepted, *_ in (
        ln.split("\t") for ln in (INDICES.parent / "taxonomy_synonyms.tsv").read_text().splitlines()
        if ln and not ln.startswith("#"))
    if rank == "species"
}


def _accepted(species: str) -> str:
    return SYNONYMS.get(species, species)


MH = {_accepted(s) for s in _lines("MH_species.txt")}
MN = {_accepted(s) for s in _lines("MN_species.txt")}
COEFFICIENTS = {t: float(c) for t, c in (ln.split("\t") for ln in _lines("gmwi2_coefficients.tsv")[1:])}
INTERCEPT = float(_lines("gmwi2_intercept.txt")[0])


def markers(clades: dict[str, float], unknown: float) -> dict[str, float]:
    """The 7 markers of one sample from its MetaPhlAn clade table."""
    species = {c.rsplit("|", 1)[-1]: v for c, v in clades.items()
               if c.rsplit("|", 1)[-1].startswith("s__")}
    # GMHI.R: species, unclassified and viruses left out, re-normalised, below 1e-5 absent
    kept = {s: v for s, v in species.items() if "unclassified" not in s and "virus" not in s}
    total = sum(kept.values())
    joined: dict[str, float] = {}
    for s, v in kept.items():
        joined[_accepted(s)] = joined.get(_accepted(s), 0.0) + v / total
    prop = {s: x for s, x in joined.items() if x >= PRESENCE}

    def psi(names: set[str], prime: int) -> float:
        present = [x for s, x in prop.items() if s in names and x > 0]
        return len(present) / prime * -sum(x * math.log(x) for x in present)

    gmhi = math.log10((psi(MH, MH_PRIME) + PSEUDOCOUNT) / (psi(MN, MN_PRIME) + PSEUDOCOUNT))
    # gmwi2_metaphlan_output.py: clades over the classified fraction, present above 1e-5
    gmwi2 = INTERCEPT + sum(COEFFICIENTS.get(c, 0.0) for c, v in clades.items()
                            if v / (100.0 - unknown) > PRESENCE)
    # diversity over the named species of the community (bacteria and archaea), as microbiomix
    community = {c.rsplit("|", 1)[-1] for c in clades if c.startswith(("k__Bacteria", "k__Archaea"))}
    named = [v for s, v in species.items()
             if s in community and "unclassified" not in s.lower() and v > 0]
    named_total = sum(named)
    p = [v / named_total for v in named]
    shannon = -sum(x * math.log(x) for x in p)
    squares = sum(x * x for x in p)
    return {
        "richness": float(len(p)), "shannon": shannon, "simpson": 1 - squares,
        "inverse_simpson": 1 / squares,
        "evenness": shannon / math.log(len(p)) if len(p) > 1 else math.nan,
        "gmhi": gmhi, "gmwi2": gmwi2,
    }


def samples(path: Path) -> Iterator[tuple[str, dict[str, float], float]]:
    """(name, clade -> abundance, unknown) of each sample of a MetaPhlAn file or merged table."""
    lines = [ln for ln in path.read_text().splitlines() if ln and not ln.startswith("#")]
    first = lines[0].split("\t")
    if first[0] == "clade_name":  # merged table
        names = first[1:]
        tables: list[dict[str, float]] = [{} for _ in names]
        unknown = [0.0] * len(names)
        for line in lines[1:]:
            clade, *cells = line.split("\t")
            for i, cell in enumerate(cells):
                value = float(cell)
                if clade == "UNKNOWN":
                    unknown[i] = value
                elif value > 0:
                    tables[i][clade] = value
        yield from zip(names, tables, unknown, strict=True)
        return
    table: dict[str, float] = {}
    single_unknown = 0.0
    for line in lines:
        fields = line.split("\t")
        if fields[0] == "UNKNOWN":
            single_unknown = float(fields[2])
        elif float(fields[2]) > 0:
            table[fields[0]] = float(fields[2])
    yield path.name.split(".", 1)[0], table, single_unknown


def main(paths: list[str]) -> None:
    out = sys.stdout
    out.write("sample\tmarker\tvalue\n")
    for arg in paths:
        folder = Path(arg)
        files = sorted(folder.iterdir()) if folder.is_dir() else [folder]
        for path in files:
            for name, clades, unknown in samples(path):
                for marker, value in markers(clades, unknown).items():
                    out.write(f"{name}\t{marker}\t{value!r}\n")


if __name__ == "__main__":
    main(sys.argv[1:])
