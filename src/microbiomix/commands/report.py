"""``mmm report``: a complete gut-health report for one sample (HTML, PDF, JSON, FHIR)."""

from __future__ import annotations

import argparse
import sys

from microbiomix.commands import COMMANDS
from microbiomix.outputs import atomic_writer, write_json
from microbiomix.pipeline import build_report
from microbiomix.readers import formats
from microbiomix.report import VIEWS, render_html, render_pdf, to_fhir
from microbiomix.report.model import Report


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "report",
        help=COMMANDS["report"],
        description="Write a complete gut-health report for one sample profile, optionally with "
        "lab results, an intake questionnaire and earlier samples of the same person.",
    )
    parser.add_argument("profile", metavar="PROFILE", help="the sample's profile file")
    parser.add_argument(
        "--input-format",
        choices=sorted(formats()),
        help="format of PROFILE and --previous (default: detected from content)",
    )
    parser.add_argument("--labs", metavar="F", help="lab results (CSV or JSON)")
    parser.add_argument("--intake", metavar="F", help="intake questionnaire (YAML or JSON)")
    parser.add_argument("--previous", nargs="+", default=[], metavar="EARLIER_PROFILE",
                        help="earlier profiles of the same person, oldest first")
    parser.add_argument("--reference", metavar="REF", help="healthy reference (default: bundled)")
    parser.add_argument("--sample-id", help="sample to report from a multi-sample file, or the "
                        "name to give a single-sample file")
    parser.add_argument("-o", "--output", required=True, metavar="report.html", help="HTML output")
    parser.add_argument("--pdf", metavar="report.pdf", help="also write a PDF")
    parser.add_argument("--json", metavar="report.json", help="also write the report document")
    parser.add_argument("--fhir", metavar="report.fhir.json", help="also write a FHIR R4 Bundle")
    parser.add_argument("--view", choices=VIEWS, default="practitioner",
                        help="practitioner (default) or client")
    parser.set_defaults(handler=run)


def write_outputs(report: Report, args: argparse.Namespace) -> list[str]:
    """Write every requested output; returns the paths written."""
    written = []
    with atomic_writer(args.output) as handle:
        handle.write(render_html(report, args.view))
    written.append(args.output)
    if args.pdf:
        with atomic_writer(args.pdf, "wb") as handle:
            handle.write(render_pdf(report, args.view))
        written.append(args.pdf)
    if args.json:
        with atomic_writer(args.json) as handle:
            handle.write(report.to_json())
        written.append(args.json)
    if args.fhir:
        write_json(args.fhir, to_fhir(report))
        written.append(args.fhir)
    return written


def run(args: argparse.Namespace) -> int:
    report = build_report(
        args.profile,
        labs_path=args.labs,
        intake_path=args.intake,
        previous_paths=args.previous,
        reference=args.reference,
        sample_id=args.sample_id,
        input_format=args.input_format,
    )
    for path in write_outputs(report, args):
        print(f"wrote {path}", file=sys.stderr)
    return 0
