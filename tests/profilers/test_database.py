"""`mmm db build` / `mmm db info` on real genomes, and taxonomy-table errors."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from microbiomix.cli import main
from microbiomix.errors import InputError
from microbiomix.profilers import examples
from microbiomix.profilers.database import open_database, read_taxonomy_table
from microbiomix.taxonomy import Rank


def test_db_build_and_info_with_the_shared_table_layout(
    genome_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The taxonomy table in the layout of ../shared/data/genomes/genomes.tsv (ncbi_species_taxid)."""
    names = ["Escherichia_coli_DH1", "Helicobacter_pylori_F32", "Helicobacter_pylori_Gambia94-24"]
    examples.example_genomes(names, genome_folder)
    table = tmp_path / "genomes.tsv"
    rows = ["file\tspecies\tstrain\tncbi_species_taxid\taccessions"]
    for name in names:
        g = examples.BY_NAME[name]
        rows.append(f"{name}.fasta\t{g.species}\t{g.strain}\t{g.taxid}\tx")
    table.write_text("\n".join(rows) + "\n")
    db = tmp_path / "db"
    assert (
        main(
            [
                "db",
                "build",
                "--genomes",
                str(genome_folder),
                "--taxonomy",
                str(table),
                "-o",
                str(db),
                "--quiet",
            ]
        )
        == 0
    )
    assert "3 genomes, 2 species" in capsys.readouterr().out
    assert main(["db", "info", str(db), "--format", "json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["genomes"] == 3 and info["species"] == {
        "Escherichia coli": 1,
        "Helicobacter pylori": 2,
    }
    assert info["ksize"] == 31 and info["scaled"] == 1000
    # About one hash per 1000 bp of genome (FracMinHash scaled=1000): 4.63 + 1.58 + 1.71 Mbp.
    assert 6_500 < info["hashes"] < 9_500
    opened = open_database(db)
    lineage = opened.lineage_of("Helicobacter_pylori_F32 Helicobacter pylori F32")
    assert lineage is not None and lineage.rank == Rank.SPECIES
    assert opened.taxids["Escherichia_coli_DH1"] == "562"
    assert main(["db", "info", str(db)]) == 0
    assert "Helicobacter pylori\t2" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("file\tname\na.fa\tX y\n", 1, "'species' column"),
        ("file\tspecies\na.fa\tX y\na.fa\tX y\n", 3, "listed twice"),
        ("file\tspecies\ttaxid\na.fa\tX y\tabc\n", 2, "numeric taxid"),
        ("file\tspecies\na.fa\t\n", 2, "a species name"),
        ("file\tspecies\tlineage\na.fa\tX y\td__B;g__X;s__X z\n", 2, "end in 'X y'"),
    ],
)
def test_taxonomy_table_errors(tmp_path: Path, text: str, line: int, message: str) -> None:
    table = tmp_path / "t.tsv"
    table.write_text(text)
    with pytest.raises(InputError) as caught:
        read_taxonomy_table(table)
    assert caught.value.line == line and message in str(caught.value)


def test_lineage_column_gives_every_rank(tmp_path: Path) -> None:
    table = tmp_path / "t.tsv"
    table.write_text(
        "file\tspecies\tlineage\na.fa\tX y\td__B;p__P;c__C;o__O;f__F;g__X;s__X y\n"
        "b.fa\tX z\td__B;p__P;c__C;o__O;f__F;g__X\n"
    )
    a, b = read_taxonomy_table(table)
    assert a.lineage.names == ("B", "P", "C", "O", "F", "X", "X y")
    assert b.lineage.names == ("B", "P", "C", "O", "F", "X", "X z")


def test_missing_genome_and_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = tmp_path / "t.tsv"
    table.write_text("file\tspecies\nabsent.fa\tX y\n")
    code = main(
        [
            "db",
            "build",
            "--genomes",
            str(tmp_path),
            "--taxonomy",
            str(table),
            "-o",
            str(tmp_path / "db"),
        ]
    )
    assert code == 2 and "'absent.fa' not found" in capsys.readouterr().err
    assert main(["db", "info", str(tmp_path)]) == 2
    assert "microbiomix-db.json" in capsys.readouterr().err


def _genome(seed: int) -> str:
    """50 kb of seeded random sequence: enough distinct 31-mers to keep some at scaled 1000."""
    rng = random.Random(seed)
    return ">c1\n" + "".join(rng.choice("ACGT") for _ in range(50_000)) + "\n"


def _build(tmp_path: Path, *extra: str) -> int:
    return main(["db", "build", "--genomes", str(tmp_path), "--taxonomy",
                 str(tmp_path / "t.tsv"), "-o", str(tmp_path / "db"), "--quiet", *extra])


def test_binary_genome_is_one_error_and_leaves_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A file that is not text (here: bytes that are not UTF-8) used to end in a traceback, with
    # a partial signature file left in a new database folder.
    (tmp_path / "good.fa").write_text(_genome(1))
    (tmp_path / "bad.fa").write_bytes(b">c1\nACGT\xd0\xff\x00\x81\n")
    (tmp_path / "t.tsv").write_text("file\tspecies\ngood.fa\tX y\nbad.fa\tX z\n")
    assert _build(tmp_path) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.splitlines()) == 1
    assert f"{tmp_path / 'bad.fa'}: expected a FASTA genome (text)" in err
    assert not (tmp_path / "db").exists()


@pytest.mark.parametrize("option", [["--ksize", "0"], ["--scaled", "-5"]])
def test_non_positive_ksize_or_scaled_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: list[str]
) -> None:
    (tmp_path / "g.fa").write_text(_genome(2))
    (tmp_path / "t.tsv").write_text("file\tspecies\ng.fa\tX y\n")
    assert _build(tmp_path, *option) == 2
    err = capsys.readouterr().err
    assert "must be positive" in err and "Traceback" not in err


def test_genome_folder_that_is_missing_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # It used to report the first genome of the table as missing "in" the absent folder.
    (tmp_path / "t.tsv").write_text("file\tspecies\ng.fa\tX y\n")
    argv = ["db", "build", "--genomes", str(tmp_path / "absent"), "--taxonomy",
            str(tmp_path / "t.tsv"), "-o", str(tmp_path / "db")]
    assert main(argv) == 2
    assert capsys.readouterr().err == (
        f"mmm db build: error: {tmp_path / 'absent'}: expected a folder of genome FASTA files "
        "(--genomes)\n"
    )
