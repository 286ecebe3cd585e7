"""`mmm batch --humann`: the workflow's HUMAnN step (real HUMAnN 3.9 with its demo databases) on one
simulated sample, and its tables in the report."""

from __future__ import annotations

import csv
import shutil
import sys
from pathlib import Path

import pytest

from microbiomix.cli import main


@pytest.mark.slow
def test_batch_runs_humann_and_reports_its_tables(
    setup: tuple[Path, Path, dict[str, Path]], tmp_path: Path
) -> None:
    pytest.importorskip("humann")
    if not (Path(sys.executable).parent / "humann").exists() or not shutil.which("glpsol"):
        pytest.skip("humann (extra `functional`) or glpsol (glpk-utils) not installed")
    _, database, reads = setup
    sheet = tmp_path / "one.csv"
    with sheet.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["sample", "r1", "r2"])
        writer.writerow(["A", reads["A"], reads["A2"]])
    out = tmp_path / "out"
    code = main(["batch", str(sheet), "--db", str(database), "-o", str(out), "--cores", "2",
                 "--profile-options", "--threshold-bp 10000", "--snakemake-args", "--quiet all",
                 "--humann",
                 "--humann-options=--humann-bypass-prescreen --humann-bypass-translated-search"])
    assert code == 0
    tables = sorted(p.name for p in (out / "samples" / "A" / "humann").glob("*.tsv"))
    assert tables == ["A_genefamilies.tsv", "A_pathabundance.tsv", "A_pathcoverage.tsv"]
    # The simulated reads come from E. coli, K. pneumoniae, S. aureus and H. pylori genomes; the
    # demo ChocoPhlAn holds two Bacteroides species only, so HUMAnN maps nothing: the report lists
    # the tables and says nothing was measured.
    genes = (out / "samples" / "A" / "humann" / "A_genefamilies.tsv").read_text().splitlines()
    assert genes[0] == "# Gene Family\tA_Abundance-RPKs"
    assert genes[1].startswith("UNMAPPED\t")
    report = (out / "samples" / "A" / "A.report.html").read_text()
    assert "measured from genes" in report and "A_genefamilies.tsv" in report
    assert "hold no feature with a value" in report
