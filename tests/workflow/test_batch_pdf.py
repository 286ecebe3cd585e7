"""`mmm batch --pdf [--pdf-engine chromium]`: each sample's report also as PDF, laid out by one
engine per job (one Chromium per chunk process, not one per sample)."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import psutil
import pytest

from microbiomix.outputs import write_json
from microbiomix.workflow.job import SampleFiles, profile_settings, run_chunk

EXAMPLES = Path(__file__).parents[2] / "src" / "microbiomix" / "examples"
SAMPLES = ("Subj030_time1_S18", "Subj030_time2_S19")
BROWSER = pytest.mark.skipif(
    shutil.which("chromium") is None or shutil.which("pdftotext") is None,
    reason="chromium and poppler-utils not installed; `make test` installs them",
)


def _pdf(path: Path) -> tuple[str, str]:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout
    return info.stdout, " ".join(text.split())


@pytest.mark.slow
@BROWSER
def test_a_chunk_prints_every_sample_with_one_browser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    chromium_browsers: Callable[[], list[psutil.Process]]
) -> None:
    # A batch folder whose two samples are already profiled with the recorded settings (the
    # bundled MetaPhlAn 3 profiles of one person), so the job goes on to markers and the report.
    monkeypatch.chdir(tmp_path)
    config = {"samples": {}, "db": str(tmp_path / "db"), "profiler": "sourmash",
              "profile_format": "cami", "profile_extra": {}, "threads_per_sample": 1,
              "report": True, "pdf_engine": "chromium"}
    for sample in SAMPLES:
        reads = tmp_path / f"{sample}.fastq"  # profiled already: the job only dates them
        reads.write_text("@r\nACGT\n+\nIIII\n")
        os.utime(reads, (time.time() - 60, time.time() - 60))
        config["samples"][sample] = {"r1": str(reads)}
        files = SampleFiles(sample)
        files.profile.parent.mkdir(parents=True)
        shutil.copy(EXAMPLES / f"{sample}.metaphlan3.txt", files.profile)
        files.qc.write_text("{}")
        write_json(files.settings, profile_settings(config, sample))

    seen: set[int] = set()
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            seen.update(p.pid for p in chromium_browsers())
            time.sleep(0.05)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        assert run_chunk(config, SAMPLES) == {}
    finally:
        done.set()
        watcher.join()
    assert len(seen) == 1  # one browser for the chunk
    assert not chromium_browsers()  # and closed at its end
    for sample in SAMPLES:
        info, text = _pdf(SampleFiles(sample).report_pdf)
        assert "Producer:        Skia/PDF" in info
        assert sample in text and "page 1 of" in text
        assert SampleFiles(sample).report.is_file()

    # A rerun with everything up to date redoes nothing (and prints nothing).
    made = SampleFiles(SAMPLES[0]).report_pdf.stat().st_mtime_ns
    assert run_chunk(config, SAMPLES) == {}
    assert SampleFiles(SAMPLES[0]).report_pdf.stat().st_mtime_ns == made
    # A missing PDF alone is made again.
    SampleFiles(SAMPLES[1]).report_pdf.unlink()
    assert run_chunk(config, SAMPLES) == {}
    assert SampleFiles(SAMPLES[1]).report_pdf.is_file()
    assert SampleFiles(SAMPLES[0]).report_pdf.stat().st_mtime_ns == made



@pytest.mark.slow
@BROWSER
def test_pdf_asked_of_a_finished_batch_adds_only_the_pdfs(
    setup: tuple[Path, Path, dict[str, Path]], tmp_path: Path
) -> None:
    from microbiomix.cli import main

    sheet, database, _reads = setup
    out = tmp_path / "out"
    argv = ["batch", str(sheet), "--db", str(database), "-o", str(out), "--cores", "2",
            "--samples-per-job", "3", "--profile-options", "--threshold-bp 10000",
            "--snakemake-args", "--quiet all"]
    assert main(argv) == 0
    profiles = {name: (out / "samples" / name / f"{name}.profile").stat().st_mtime_ns
                for name in ("A", "B", "C")}
    assert not list(out.glob("samples/*/*.pdf"))
    # The same batch with --pdf: Snakemake reruns the chunk (its pdf_engine parameter changed),
    # which makes the reports' PDFs and redoes nothing else.
    assert main([*argv, "--pdf", "--pdf-engine", "chromium"]) == 0
    for name, made in profiles.items():
        assert (out / "samples" / name / f"{name}.profile").stat().st_mtime_ns == made
        info, text = _pdf(out / "samples" / name / f"{name}.report.pdf")
        assert "Producer:        Skia/PDF" in info
        assert "Escherichia coli" in text and "page 1 of" in text
