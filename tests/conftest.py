"""Shared fixtures: the test data folder (copies of public data, see tests/data/README.md) and a
builder of tiny real Kraken 2 databases."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"

# (taxid, parent taxid, rank, scientific name) of one node of an NCBI-style taxonomy.
Node = tuple[int, int, str, str]
Kraken2Builder = Callable[[Path, Iterable[Node], Mapping[str, tuple[int, str]]], dict[str, Path]]


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


@pytest.fixture(scope="session")
def two_systems_table(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A merged MetaPhlAn-layout table whose samples alternate between two naming systems (S2
    and S4 GTDB, the others NCBI): two blocks interleaved in the input order."""
    path = tmp_path_factory.mktemp("two_systems") / "two_systems.tsv"
    path.write_text(
        "clade_name\tS1\tS2\tS3\tS4\tS5\n"
        "k__Bacteria\t100.0\t0.0\t100.0\t0.0\t100.0\n"
        "k__Bacteria|p__Firmicutes\t60.0\t0.0\t100.0\t0.0\t30.0\n"
        "k__Bacteria|p__Bacteroidetes\t40.0\t0.0\t0.0\t0.0\t70.0\n"
        "d__Bacteria\t0.0\t100.0\t0.0\t100.0\t0.0\n"
        "d__Bacteria|p__Bacillota\t0.0\t100.0\t0.0\t50.0\t0.0\n"
        "d__Bacteria|p__Bacteroidota\t0.0\t0.0\t0.0\t50.0\t0.0\n"
    )
    return path


def _build_kraken2_db(
    db: Path, nodes: Iterable[Node], genomes: Mapping[str, tuple[int, str]]
) -> dict[str, Path]:
    """Build a Kraken 2 database in ``db`` with ``kraken2-build``.

    Args:
        db: the database folder (created).
        nodes: the taxonomy below the root (taxid 1, added here).
        genomes: genome name -> (taxid, sequence); each is written to ``<db>/../<name>.fa``.

    Returns:
        genome name -> the FASTA file added to the library.
    """
    (db / "taxonomy").mkdir(parents=True)
    node_lines = ["1\t|\t1\t|\tno rank\t|\t\t|"]
    name_lines = ["1\t|\troot\t|\t\t|\tscientific name\t|"]
    for taxid, parent, rank, name in nodes:
        node_lines.append(f"{taxid}\t|\t{parent}\t|\t{rank}\t|\t\t|")
        name_lines.append(f"{taxid}\t|\t{name}\t|\t\t|\tscientific name\t|")
    (db / "taxonomy" / "nodes.dmp").write_text("\n".join(node_lines) + "\n")
    (db / "taxonomy" / "names.dmp").write_text("\n".join(name_lines) + "\n")
    fastas = {}
    for name, (taxid, sequence) in genomes.items():
        fasta = db.parent / f"{name}.fa"
        fasta.write_text(f">{name}|kraken:taxid|{taxid}\n{sequence}\n")
        subprocess.run(
            ["kraken2-build", "--db", str(db), "--add-to-library", str(fasta), "--no-masking"],
            check=True,
            capture_output=True,
        )
        fastas[name] = fasta
    subprocess.run(
        ["kraken2-build", "--db", str(db), "--build", "--threads", "1"],
        check=True,
        capture_output=True,
    )
    return fastas


@pytest.fixture(scope="session")
def build_kraken2_db() -> Kraken2Builder:
    """:func:`_build_kraken2_db`: a tiny real Kraken 2 database from given taxa and genomes."""
    return _build_kraken2_db


@pytest.fixture(scope="session")
def chromium_browsers() -> Callable[..., list]:  # type: ignore[type-arg]
    """A function: the Chromium browser processes below ``root`` (default: this process), each the
    browser itself, not its renderers and helpers (``--type=...``) nor Debian's shell wrapper
    around chromium-headless-shell (``/bin/sh -e /usr/bin/chromium-headless-shell``)."""
    import psutil

    def browsers(root: psutil.Process | None = None) -> list[psutil.Process]:
        found = []
        for process in (root or psutil.Process()).children(recursive=True):
            try:
                command = process.cmdline()
                if (process.name().startswith("chrom") and command
                        and not command[0].endswith("sh")
                        and not any(word.startswith("--type=") for word in command)):
                    found.append(process)
            except psutil.NoSuchProcess:  # (a helper may just have ended)
                continue
        return found

    return browsers
