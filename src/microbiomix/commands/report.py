"""``mmm report``: a complete gut-health report for one sample (HTML, PDF, JSON, FHIR)."""

from __future__ import annotations

import argparse
import sys
from datetime import date

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
    parser.add_argument("--genes", metavar="genes.json",
                        help="resistance/virulence gene calls of this sample (mmm genes --json)")
    parser.add_argument("--previous", nargs="+", default=[], metavar="EARLIER_PROFILE",
                        help="earlier profiles of the same person, oldest first")
    parser.add_argument("--reference", metavar="REF", help="healthy reference (default: bundled)")
    parser.add_argument(
        "--functions", nargs="+", default=[], metavar="HUMANN_TABLE",
        help="HUMAnN tables of the same sample (gene families, EC / KO / MetaCyc-reaction tables "
        "from humann_regroup_table, pathway abundance/coverage): digestive function is then "
        "measured from genes and replaces the species-inferred guilds",
    )
    parser.add_argument("--sample-id", help="sample to report from a multi-sample file, or the "
                        "name to give a single-sample file")
    parser.add_argument("-o", "--output", required=True, metavar="report.html", help="HTML output")
    parser.add_argument("--pdf", metavar="report.pdf", help="also write a PDF")
    parser.add_argument("--json", metavar="report.json", help="also write the report document")
    parser.add_argument("--fhir", metavar="report.fhir.json", help="also write a FHIR R4 Bundle")
    parser.add_argument("--view", choices=VIEWS, default="practitioner",
                        help="practitioner (default) or client")
    parser.add_argument("--collected", type=collection_date, metavar="YYYY-MM-DD",
                        help="the sample's collection date: lab results are matched to it (results "
                        "from 90 days before to 30 days after; the nearest of each analyte)")
    parser.add_argument("--previous-collected", nargs="+", type=collection_date, default=[],
                        metavar="YYYY-MM-DD", help="collection dates of the --previous profiles, one "
                        "each: re-tests are then ordered by collection date")
    parser.add_argument("--approved-plan", metavar="F",
                        help="the practitioner's review of the plan (YAML: reviewed_by, "
                        "reviewed_on, items: {ITEM_ID: accept|remove|{decision: change, "
                        "client_text: ...}}); the client view shows only accepted or changed "
                        "items, and without this file says the plan is awaiting review")
    parser.set_defaults(handler=run)


def collection_date(text: str) -> date:
    """--collected: an ISO date (YYYY-MM-DD)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None


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
        collected=args.collected,
        approved_plan=args.approved_plan,
        previous_collected=args.previous_collected,
        functions=args.functions,
        genes_path=args.genes,
    )
    for path in write_outputs(report, args):
        print(f"wrote {path}", file=sys.stderr)
    return 0
