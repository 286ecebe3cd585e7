"""`mmm batch --gene-db`: gene calls per sample, fed into each sample's report."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from microbiomix.cli import main
from microbiomix.genecalls import GeneCalls

SUBSET = Path(__file__).resolve().parents[1] / "data" / "genes" / "genes_subset.fasta.gz"


@pytest.mark.slow
def test_batch_calls_genes_and_reports_them(
    setup: tuple[Path, Path, dict[str, Path]], tmp_path: Path
) -> None:
    if shutil.which("kma") is None:
        pytest.skip("kma missing (Debian package kma; make test installs it)")
    sheet, database, _ = setup
    gene_db = tmp_path / "genedb"
    assert main(["db", "build-genes", str(SUBSET), "-o", str(gene_db)]) == 0
    out = tmp_path / "out"
    assert main(["batch", str(sheet), "--db", str(database), "-o", str(out), "--cores", "2",
                 "--profile-options", "--threshold-bp 10000", "--gene-db", str(gene_db),
                 "--snakemake-args", "--quiet all"]) == 0
    for name in ("A", "B", "C"):
        calls = GeneCalls.from_json(out / "samples" / name / f"{name}.genes.json")
        assert calls.sample_id == name
        html = (out / "samples" / name / f"{name}.report.html").read_text()
        assert "Resistance and virulence genes from reads" in html
        assert "no reads were aligned to a gene database" not in html


def test_batch_refuses_a_folder_that_is_not_a_gene_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "s.csv"
    reads = tmp_path / "a.fastq"
    reads.write_text("@r\nACGT\n+\nIIII\n")
    sheet.write_text(f"sample,r1\nA,{reads}\n")
    assert main(["batch", str(sheet), "--db", str(tmp_path), "-o", str(tmp_path / "o"),
                 "--gene-db", str(tmp_path)]) == 2
    assert "gene database folder made by mmm db build-genes" in capsys.readouterr().err
