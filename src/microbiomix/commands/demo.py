"""``mmm demo``: run the main job on the bundled example data."""

from __future__ import annotations

import argparse
import sys
from importlib import resources
from pathlib import Path

from microbiomix.commands import COMMANDS
from microbiomix.commands.markers import write_tsv
from microbiomix.commands.options import add_pdf_engine_option
from microbiomix.outputs import atomic_writer, write_json
from microbiomix.pipeline import build_report, load_profiles, marker_results, sample_quality
from microbiomix.reference import compatibility, reference_for
from microbiomix.report import VIEWS, render_html, to_fhir
from microbiomix.report.engines import PdfPrinter, pdf_printer
from microbiomix.report.sources import available as stage_available

# A typical stool profile that passes the sample-quality gate, sampled twice. (Subj001's later
# sample, mostly phage and yoghurt starters, stays bundled as the tests' failing-quality case.)
EXAMPLE_PROFILES = ("Subj030_time1_S18.metaphlan3.txt", "Subj030_time2_S19.metaphlan3.txt")
# Example lab results and intake, used when they and their readers are in this installation.
EXAMPLE_LABS = ("labs.csv", "microbiomix.readers.labs")
EXAMPLE_INTAKE = ("intake.yaml", "microbiomix.readers.intake")


def example_path(name: str) -> Path:
    return Path(str(resources.files("microbiomix.examples").joinpath(name)))


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "demo",
        help=COMMANDS["demo"],
        description="Markers for two bundled example profiles (MetaPhlAn 3, one person sampled "
        "twice) and the full report for the later one, with the earlier one as the re-test "
        "baseline and the example lab results and intake: practitioner and client HTML and PDF, "
        "JSON and FHIR. Prints where each file is.",
    )
    parser.add_argument(
        "-o", "--output-dir", default="demo-output", metavar="DIR",
        help="output folder (default: demo-output; made if missing)",
    )
    add_pdf_engine_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    out = Path(args.output_dir)
    profiles = load_profiles([example_path(name) for name in EXAMPLE_PROFILES])
    results, _ = marker_results(profiles)
    target = out / "markers.tsv"
    with atomic_writer(target) as handle:
        write_tsv(results, handle)
    print(f"markers for {len(profiles)} example samples written to {target.resolve()}", file=sys.stderr)
    for profile, quality in zip(profiles, sample_quality(profiles).values(), strict=True):
        reference = reference_for(profile.provenance)
        fits, note = compatibility(reference, profile.provenance)
        print(f"{profile.sample_id}: sample quality {quality.summary()}", file=sys.stderr)
        print(f"  reference: {reference.limits()}"
              + ("" if fits else f" ({note})"), file=sys.stderr)
    for path in write_demo_report(out, args.pdf_engine):
        print(f"report: {path.resolve()}", file=sys.stderr)
    return 0


def _example_if_usable(name: str, module: str) -> Path | None:
    path = example_path(name)
    return path if path.is_file() and stage_available(module) else None


def write_demo_report(out: Path, pdf_engine: str = "weasyprint") -> list[Path]:
    """Practitioner and client HTML + PDF, JSON and FHIR for the later example sample, with the
    earlier one as the re-test baseline; the PDFs laid out by ``pdf_engine`` (Chromium is started
    once, while the report is built, for both PDFs)."""
    with pdf_printer(pdf_engine) as printer:
        return _write_demo_report(out, printer)


def _write_demo_report(out: Path, printer: PdfPrinter) -> list[Path]:
    report = build_report(
        example_path(EXAMPLE_PROFILES[1]),
        labs_path=_example_if_usable(*EXAMPLE_LABS),
        intake_path=_example_if_usable(*EXAMPLE_INTAKE),
        previous_paths=[example_path(EXAMPLE_PROFILES[0])],
    )
    written = []
    for view in VIEWS:
        html_path = out / f"report-{view}.html"
        with atomic_writer(html_path) as handle:
            handle.write(render_html(report, view))
        pdf_path = out / f"report-{view}.pdf"
        with atomic_writer(pdf_path, "wb") as handle:
            handle.write(printer.render_pdf(report, view))
        written += [html_path, pdf_path]
    json_path, fhir_path = out / "report.json", out / "report.fhir.json"
    with atomic_writer(json_path) as handle:
        handle.write(report.to_json())
    write_json(fhir_path, to_fhir(report))
    return [*written, json_path, fhir_path]
