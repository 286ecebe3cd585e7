"""`mmm batch`: the packaged Snakemake workflow on three small simulated samples with --cores 2.

Each job takes a chunk of samples through every step in one process: one sample per job (the
default for three samples on two cores) or all three in one job.
"""

from __future__ import annotations

import csv
import functools
import shutil
from pathlib import Path

import pytest

from microbiomix.cli import main
from microbiomix.errors import InputError
from microbiomix.workflow.batch import default_samples_per_job, plan_chunks, read_sample_sheet

from .conftest import PAIRS


def _batch_with(sheet: Path, database: Path, out: Path, per_job: list[str]) -> int:
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
            *per_job,
        ]
    )


@pytest.mark.slow
@pytest.mark.parametrize("per_job", [[], ["--samples-per-job", "3"]], ids=["default", "one-job"])
def test_batch_resumes_without_redoing_finished_samples(
    setup: tuple[Path, Path, dict[str, Path]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    per_job: list[str],
) -> None:
    sheet, database, reads = setup
    out = tmp_path / "out"
    _batch = functools.partial(_batch_with, per_job=per_job)
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
        chunks = sorted((out / "logs" / "chunks").glob("*.log"))
        assert len(chunks) == (1 if per_job else 3)
        failed = [path.read_text() for path in chunks if path.read_text()]
        assert failed == ["sample B failed: see logs/B.profile.log\n"]
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


def test_chunks() -> None:
    # 3 samples on 2 cores: one per job; 100 on 2 cores: 4 jobs per core of 12 (the last of 4);
    # 10,000 on 100 SLURM jobs: capped at 20 per job.
    assert default_samples_per_job(3, 2) == 1
    assert default_samples_per_job(100, 2) == 12
    assert default_samples_per_job(10_000, 100) == 20
    chunks = plan_chunks([f"S{i}" for i in range(100, 0, -1)], 12)
    assert len(chunks) == 9 and list(chunks) == sorted(chunks)
    assert chunks["chunk1"][:2] == ["S1", "S10"] and len(chunks["chunk9"]) == 100 - 8 * 12
    assert [s for chunk in chunks.values() for s in chunk] == sorted(f"S{i}" for i in range(1, 101))


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
        (["--samples-per-job", "0"], "--samples-per-job must be at least 1 (got 0)"),
        (["--profile-options", "--no-such 5"], "--profile-options: unrecognized arguments"),
        (["--profile-options", "--profiler nosuch"], "--profile-options: argument --profiler"),
        (["--profile-options", "--sample-id X"], "--profile-options: --sample-id is set by"),
        (["--pdf-engine", "chromium"], "--pdf-engine chromium lays out the reports' PDFs: add --pdf"),
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
