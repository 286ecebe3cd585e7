"""`mmm batch`: the packaged Snakemake workflow on three small simulated samples with --cores 2."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from microbiomix.cli import main
from microbiomix.errors import InputError
from microbiomix.workflow.batch import read_sample_sheet

from .conftest import PAIRS


def _batch(sheet: Path, database: Path, out: Path) -> int:
    return main(
        [
            "batch",
            str(sheet),
            "--db",
            str(database),
            "-o",
            str(out),
            "--cores",
            "2",
            "--profile-options",
            "--threshold-bp 10000",
            "--snakemake-args",
            "--quiet all",
        ]
    )


@pytest.mark.slow
def test_batch_resumes_without_redoing_finished_samples(
    setup: tuple[Path, Path, dict[str, Path]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet, database, reads = setup
    out = tmp_path / "out"
    good = tmp_path / "B_R2.good.fastq.gz"
    shutil.copy(reads["B2"], good)
    data = good.read_bytes()
    reads["B2"].write_bytes(data[: len(data) // 2])  # sample B's mate file is truncated
    try:
        assert _batch(sheet, database, out) == 2
        assert "rerun the same command to resume" in capsys.readouterr().err
        finished = {}
        for name in ("A", "C"):
            for suffix in ("profile", "qc.json", "markers.json", "report.html"):
                path = out / "samples" / name / f"{name}.{suffix}"
                assert path.is_file(), path
                finished[path] = path.stat().st_mtime_ns
        assert not (out / "samples" / "B" / "B.profile").exists()
        assert "truncated" in (out / "logs" / "B.profile.log").read_text()
        assert not (out / "cohort.tsv").exists()
    finally:
        shutil.copy(good, reads["B2"])  # the lab re-sends the file
    assert _batch(sheet, database, out) == 0
    for path, mtime in finished.items():
        assert path.stat().st_mtime_ns == mtime, f"{path} was redone"
    assert (out / "samples" / "B" / "B.report.html").is_file()
    lines = (out / "cohort.tsv").read_text().splitlines()
    assert lines[0].startswith("# microbiomix ")
    rows = list(csv.DictReader(lines[1:], delimiter="\t"))
    assert [r["sample"] for r in rows] == ["A", "B", "C"]
    for row in rows:
        assert int(row["reads"]) == 2 * PAIRS
        assert row["top_species"] == "Escherichia coli"
        # 3k pairs: H. pylori (2%, 60 pairs of a strain held out of the database) may be missed.
        assert int(row["species_count"]) >= 4
        assert float(row["richness"]) == int(row["species_count"])
    # A third run has nothing to do.
    before = (out / "cohort.tsv").stat().st_mtime_ns
    assert _batch(sheet, database, out) == 0
    assert (out / "cohort.tsv").stat().st_mtime_ns == before


def test_sample_sheet_errors(tmp_path: Path) -> None:
    (tmp_path / "a.fq").write_text("@r\nA\n+\nI\n")
    sheet = tmp_path / "s.csv"
    sheet.write_text("sample,r1\nS1,a.fq\nS1,a.fq\n")
    with pytest.raises(InputError) as caught:
        read_sample_sheet(sheet)
    assert caught.value.line == 3 and "twice" in str(caught.value)
    sheet.write_text("sample,r1\nS 1,a.fq\n")
    with pytest.raises(InputError, match="sample id"):
        read_sample_sheet(sheet)
    sheet.write_text("sample,r1\nS1,missing.fq\n")
    with pytest.raises(InputError, match="r1 file not found"):
        read_sample_sheet(sheet)
    sheet.write_text("name,reads\nS1,a.fq\n")
    with pytest.raises(InputError, match="'sample' column"):
        read_sample_sheet(sheet)
    sheet.write_text("sample,r1\nS1,a.fq\n")
    assert read_sample_sheet(sheet)[0].r1 == (tmp_path / "a.fq").resolve()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--cores", "0"], "--cores and --threads-per-sample must be at least 1"),
        (["--threads-per-sample", "0"], "--cores and --threads-per-sample must be at least 1"),
        (["--executor", "nosuch"], "Snakemake executor 'nosuch' is not installed"),
    ],
)
def test_bad_batch_options_stop_before_snakemake(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], options: list[str], message: str
) -> None:
    # --cores 0 used to leave Snakemake waiting for ever; an unknown executor printed Snakemake's
    # whole usage text. Nothing is written either way.
    (tmp_path / "a.fq").write_text("@r\nACGT\n+\nIIII\n")
    (tmp_path / "s.csv").write_text("sample,r1\nS1,a.fq\n")
    (tmp_path / "db").mkdir()
    argv = ["batch", str(tmp_path / "s.csv"), "--db", str(tmp_path / "db"),
            "-o", str(tmp_path / "out"), *options]
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith(f"mmm batch: error: {message}")
    assert len(captured.err.splitlines()) == 1 and captured.out == ""
    assert not (tmp_path / "out").exists()
