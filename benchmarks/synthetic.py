"""Synthetic MetaPhlAn inputs at any size, made from the 22 real MetaPhlAn 3 kefir profiles.

Each synthetic sample takes a random real profile, keeps each of its leaf clades (those with no
child row) with probability 0.9 and multiplies its abundance by log-normal noise (sigma 0.5),
scales the leaves back to the real profile's leaf total, and sums them up into every ancestor row
the real profile has, so every rank still sums to what MetaPhlAn wrote (the readers check that
no rank exceeds 100%); UNKNOWN is kept as the real file has it. Seed 7. Written either as one merged table
in the layout of MetaPhlAn's ``merge_metaphlan_tables.py`` (``clade_name`` then one column per
sample, zeros as ``0.0``, floats as Python writes them) or as one MetaPhlAn 3 file per sample.

Usage:
    .venv/bin/python benchmarks/synthetic.py merged N OUT.tsv
    .venv/bin/python benchmarks/synthetic.py singles N OUT_FOLDER
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

KEFIR = Path(__file__).resolve().parents[1] / "tests" / "data" / "metaphlan_kefir"
DATABASE = "#mpa_v30_CHOCOPhlAn_201901"


def _real_profiles() -> list[tuple[float, list[str], list[str], np.ndarray]]:
    """(unknown, clades, taxids, abundances) of each real kefir profile."""
    profiles = []
    for path in sorted(KEFIR.glob("*.metaphlan3.txt")):
        unknown = 0.0
        clades: list[str] = []
        taxids: list[str] = []
        values: list[float] = []
        for line in path.read_text().splitlines():
            if not line or line.startswith("#"):
                continue
            fields = line.split("\t")
            if fields[0] == "UNKNOWN":
                unknown = float(fields[2])
                continue
            clades.append(fields[0])
            taxids.append(fields[1])
            values.append(float(fields[2]))
        profiles.append((unknown, clades, taxids, np.array(values)))
    return profiles


def _leaves(clades: list[str]) -> tuple[list[int], np.ndarray]:
    """(indices of the leaf clades, clades x leaves matrix: 1 where the leaf is at or below the
    clade)."""
    leaves = [j for j, c in enumerate(clades) if not any(o.startswith(c + "|") for o in clades)]
    below = np.array([[1.0 if clades[leaf] == c or clades[leaf].startswith(c + "|") else 0.0
                       for leaf in leaves] for c in clades])
    return leaves, below


def samples(n: int, seed: int = 7):  # type: ignore[no-untyped-def]
    """Yield (name, unknown, clades, taxids, values) for ``n`` synthetic samples."""
    base = [(*profile, *_leaves(profile[1])) for profile in _real_profiles()]
    rng = np.random.default_rng(seed)
    for i in range(n):
        unknown, clades, taxids, values, leaves, below = base[rng.integers(len(base))]
        original = values[leaves]
        noisy = original * rng.lognormal(0.0, 0.5, len(leaves))
        noisy *= rng.random(len(leaves)) < 0.9
        if noisy.sum() > 0:
            noisy *= original.sum() / noisy.sum()
        summed = below @ noisy
        kept = np.flatnonzero(summed > 0)
        yield (f"S{i}", unknown, [clades[j] for j in kept], [taxids[j] for j in kept],
               summed[kept])


def write_merged(n: int, out: Path) -> None:
    """One merged table (a float matrix in memory: 100,000 samples x 600 clades is 0.5 GB)."""
    order: dict[str, int] = {}
    for _, clades, _, _ in _real_profiles():
        for clade in clades:
            order.setdefault(clade, len(order))
    matrix = np.zeros((len(order) + 1, n))  # UNKNOWN first, as merge_metaphlan_tables writes it
    for i, (_, unknown, clades, _, values) in enumerate(samples(n)):
        matrix[0, i] = unknown
        matrix[[order[c] + 1 for c in clades], i] = values
    with out.open("w") as handle:
        handle.write(DATABASE + "\n")
        handle.write("clade_name\t" + "\t".join(f"S{i}" for i in range(n)) + "\n")
        for label, row in zip(["UNKNOWN", *order], matrix, strict=True):
            handle.write(label + "\t" + "\t".join(map(repr, row.tolist())) + "\n")


def write_singles(n: int, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, unknown, clades, taxids, values in samples(n):
        lines = [DATABASE, "#synthetic (benchmarks/synthetic.py)", "#SampleID\tMetaphlan_Analysis",
                 "#clade_name\tNCBI_tax_id\trelative_abundance\tadditional_species",
                 f"UNKNOWN\t-1\t{unknown!r}\t"]
        lines += [f"{c}\t{t}\t{v!r}\t" for c, t, v in zip(clades, taxids, values.tolist(), strict=True)]
        (folder / f"{name}.metaphlan3.txt").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    kind, count, target = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    {"merged": write_merged, "singles": write_singles}[kind](count, target)
