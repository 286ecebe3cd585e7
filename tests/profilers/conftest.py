"""Real genomes (Debian example packages, else ../shared/data/genomes), a real database, real reads."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from microbiomix.profilers import examples
from microbiomix.profilers.simulate import Community, simulate_community

TEST_PAIRS = 30_000


@pytest.fixture(scope="session")
def genome_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not examples.available():
        pytest.skip(
            "example genomes missing: install ragout-examples kleborate-examples "
            "sibelia-examples (make test does)"
        )
    return tmp_path_factory.mktemp("genomes")


@pytest.fixture(scope="session")
def example_db(genome_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return examples.build_example_database(genome_folder, tmp_path_factory.mktemp("db") / "db")


@pytest.fixture(scope="session")
def community(genome_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Community:
    if shutil.which("art_illumina") is None:
        pytest.skip(
            "art_illumina missing (Debian art-nextgen-simulation-tools; make test installs it)"
        )
    prefix = tmp_path_factory.mktemp("reads") / "community"
    return simulate_community(
        examples.community_genomes(genome_folder), TEST_PAIRS, prefix, seed=11
    )
