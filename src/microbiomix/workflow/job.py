"""One batch job: the whole chain of each sample of a chunk (QC + profile -> markers -> report) in
one process.

Snakemake starts ``python -m microbiomix.workflow.job batch-config.json SAMPLE...`` once per chunk
(see the Snakefile), in the batch's output folder. Starting Python and importing the profiler,
marker and report code costs 1-2 s; paid once per chunk instead of once per step of every sample.

Each sample's steps write the same files, through the same library calls, as ``mmm profile``,
``mmm markers --format json`` and ``mmm report`` did when each was its own job: every file
appears whole or not at all (temporary file, then rename). A step is redone only when its output is
missing, older than its input or (for the profile) made with other settings, so a resubmitted or
rerun chunk redoes only its unfinished samples. A sample that fails (a truncated FASTQ, say) is
written to its step's log and the next sample goes on; the job then exits 1 so that Snakemake
reports it and a rerun tries that sample again.
"""

from __future__ import annotations

import json
import signal
import sys
import traceback
from collections.abc import Callable, Sequence
from contextlib import ExitStack, redirect_stderr
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from microbiomix.cli import describe_os_error, one_line
from microbiomix.errors import MicrobiomixError
from microbiomix.outputs import atomic_writer, write_json

if TYPE_CHECKING:
    from microbiomix.report.engines import PdfPrinter

EXIT_SAMPLE_FAILED = 1


@dataclass(frozen=True)
class SampleFiles:
    """Where one sample's results and logs go, relative to the batch folder."""

    sample: str

    def result(self, suffix: str) -> Path:
        return Path("samples") / self.sample / f"{self.sample}.{suffix}"

    @property
    def profile(self) -> Path:
        return self.result("profile")

    @property
    def qc(self) -> Path:
        return self.result("qc.json")

    @property
    def markers(self) -> Path:
        return self.result("markers.json")

    @property
    def report(self) -> Path:
        return self.result("report.html")

    @property
    def report_pdf(self) -> Path:
        return self.result("report.pdf")

    @property
    def humann(self) -> Path:
        return Path("samples") / self.sample / "humann"

    def log(self, step: str) -> Path:
        return Path("logs") / f"{self.sample}.{step}.log"

    @property
    def settings(self) -> Path:
        """The profiling settings the profile was made with (changed settings redo it)."""
        return Path("state") / f"{self.sample}.profile-settings.json"


class StepFailed(Exception):
    """A step of one sample failed; the reason is in the step's log."""


def profile_settings(config: dict[str, Any], sample: str) -> dict[str, Any]:
    """Everything that changes a sample's profile: its reads, database, profiler and options."""
    entry = config["samples"][sample]
    return {
        "reads": [entry["r1"], *([entry["r2"]] if entry.get("r2") else [])],
        "db": config["db"],
        "profiler": config["profiler"],
        "profile_format": config["profile_format"],
        "profile_extra": config["profile_extra"],
    }


def _stale(output: Path, inputs: Sequence[Path]) -> bool:
    """Missing, or older than one of its inputs (what Snakemake checked per step before)."""
    if not output.is_file():
        return True
    made = output.stat().st_mtime_ns
    return any(path.stat().st_mtime_ns > made for path in inputs)


def _run_step(files: SampleFiles, step: str, action: Callable[[], None]) -> None:
    """Run ``action`` with its messages going to the sample's log for ``step``.

    Raises:
        StepFailed: the step raised; its error (one line for a known error, the traceback for
            anything else) is in the log.
    """
    log_path = files.log(step)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("w", encoding="utf-8") as log, redirect_stderr(log):
        try:
            action()
        except MicrobiomixError as exc:
            log.write(f"mmm {step}: error: {one_line(str(exc))}\n")
            raise StepFailed(step) from None
        except OSError as exc:
            log.write(f"mmm {step}: error: {describe_os_error(exc)}\n")
            raise StepFailed(step) from None
        except Exception:  # noqa: BLE001 (a bug in one sample must not stop the chunk: traceback to its log)
            traceback.print_exc(file=log)
            raise StepFailed(step) from None


def run_sample(config: dict[str, Any], sample: str, printer: PdfPrinter | None = None) -> list[str]:
    """Bring one sample's results up to date; the steps that ran. With ``config["pdf_engine"]``
    (``mmm batch --pdf``) the report is also written as PDF by ``printer`` (the chunk's engine).

    Raises:
        StepFailed: a step failed (its log says why); later steps are not run.
    """
    from microbiomix.pipeline import (
        build_report,
        load_profiles,
        profiles_markers_document,
        reads_to_profile,
    )

    files = SampleFiles(sample)
    settings = profile_settings(config, sample)
    reads = [Path(path) for path in settings["reads"]]
    ran: list[str] = []

    recorded = json.loads(files.settings.read_text()) if files.settings.is_file() else None
    if recorded != settings or _stale(files.profile, reads) or _stale(files.qc, reads):

        def profile() -> None:
            reads_to_profile(
                reads[0],
                reads[1] if len(reads) > 1 else None,
                config["db"],
                files.profile,
                sample_id=sample,
                profiler=config["profiler"],
                output_format=config["profile_format"],
                threads=config["threads_per_sample"],
                quiet=True,
                extra=config["profile_extra"],
                qc_output=files.qc,
            )
            write_json(files.settings, settings)

        _run_step(files, "profile", profile)
        ran.append("profile")

    if ran or _stale(files.markers, [files.profile]):

        def markers() -> None:  # = mmm markers PROFILE --format json -o MARKERS
            document = profiles_markers_document(load_profiles([files.profile]))
            write_json(files.markers, document, allow_nan=False)

        _run_step(files, "markers", markers)
        ran.append("markers")

    # With --humann / --gene-db, the HUMAnN tables and gene calls (made by the workflow's humann
    # and genes rules) go into the report.
    functions = sorted(files.humann.glob("*.tsv")) if config.get("humann") else []
    genes = files.result("genes.json") if config.get("gene_db") else None
    inputs = [files.profile, *functions, *([genes] if genes else [])]
    pdf = config.get("pdf_engine") is not None
    if config["report"] and (
        "profile" in ran
        or _stale(files.report, inputs)
        or (pdf and _stale(files.report_pdf, inputs))
    ):

        def report() -> None:  # = mmm report PROFILE [...] -o REPORT [--pdf REPORT_PDF]
            from microbiomix.report import render_html

            document = build_report(files.profile, functions=functions, genes_path=genes)
            with atomic_writer(files.report) as handle:
                handle.write(render_html(document, "practitioner"))
            if pdf:
                assert printer is not None
                with atomic_writer(files.report_pdf, "wb") as handle:
                    handle.write(printer.render_pdf(document, "practitioner"))

        _run_step(files, "report", report)
        ran.append("report")
    return ran


def run_chunk(config: dict[str, Any], samples: Sequence[str]) -> dict[str, str]:
    """Every sample of a chunk, one after the other; the failed ones, each with its log. With
    PDFs asked for, one PDF engine serves the whole chunk (Chromium: one browser per job, started
    while the first sample is profiled)."""
    failed: dict[str, str] = {}
    with ExitStack() as stack:
        printer: PdfPrinter | None = None
        if config.get("pdf_engine") is not None and config["report"]:
            from microbiomix.report.engines import pdf_printer

            printer = stack.enter_context(pdf_printer(config["pdf_engine"]))
        for sample in samples:
            try:
                run_sample(config, sample, printer)
            except StepFailed as exc:
                failed[sample] = str(SampleFiles(sample).log(exc.args[0]))
    return failed


def _stop_on_terminate(signum: int, frame: object) -> None:
    # SLURM (scancel, time limit) sends SIGTERM before SIGKILL: unwinding lets every output being
    # written remove its temporary file, so a killed job leaves no half-written file behind.
    raise SystemExit(128 + signum)


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    if len(words) < 2:
        print("usage: python -m microbiomix.workflow.job CONFIG SAMPLE...", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, _stop_on_terminate)
    config = json.loads(Path(words[0]).read_text(encoding="utf-8"))
    failed = run_chunk(config, words[1:])
    for sample, log in failed.items():
        print(f"sample {sample} failed: see {log}", file=sys.stderr)
    return EXIT_SAMPLE_FAILED if failed else 0


if __name__ == "__main__":
    sys.exit(main())
