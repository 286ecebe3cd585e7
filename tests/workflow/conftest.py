"""Shared batch inputs: a small real-genome database and three simulated read sets."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from microbiomix.profilers import examples
from microbiomix.profilers.simulate import simulate_community

PAIRS = 3_000


@pytest.fixture(scope="session")
def setup(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, Path]]:
    if not examples.available() or shutil.which("art_illumina") is None:
        pytest.skip("needs the Debian example genomes and art_illumina (make test installs them)")
    work = tmp_path_factory.mktemp("batch")
    genomes = work / "genomes"
    database = examples.build_example_database(genomes, work / "db")
    community = examples.community_genomes(genomes)
    reads = {}
    for index, name in enumerate(("A", "B", "C")):
        simulated = simulate_community(community, PAIRS, work / "reads" / name, seed=100 + index)
        reads[name] = simulated.r1
        reads[f"{name}2"] = simulated.r2
    sheet = work / "samples.csv"
    with sheet.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["sample", "r1", "r2"])
        for name in ("A", "B", "C"):
            writer.writerow([name, f"reads/{name}_R1.fastq.gz", f"reads/{name}_R2.fastq.gz"])
    return sheet, database, reads


