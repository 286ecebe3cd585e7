"""``mmm report``: a complete gut-health report for one sample (HTML, PDF, JSON, FHIR)."""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from microbiomix.commands import COMMANDS
from microbiomix.commands.options import add_pdf_engine_option
from microbiomix.errors import UsageError
from microbiomix.outputs import atomic_writer, write_json
from microbiomix.readers import formats
from microbiomix.report.views import VIEWS, View

if TYPE_CHECKING:
    from microbiomix.report.engines import PdfPrinter
    from microbiomix.report.model import Report

# The pipeline and the report renderers are imported where used: with --pdf-engine chromium the
# browser starts first and comes up while they load.
PdfRenderer = Callable[["Report", View], bytes]


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "report",
        help=COMMANDS["report"],
        description="Write a complete gut-health report for one sample profile, optionally with "
        "lab results, an intake questionnaire and earlier samples of the same person. With "
        "--output-dir, write a report for every sample of every PROFILE in one run (a cohort: "
        "the program, references, knowledge and fonts are loaded once).",
    )
    parser.add_argument("profile", metavar="PROFILE", nargs="+",
                        help="the sample's profile file (with --output-dir: any number of "
                        "profile files, every sample of each is reported)")
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
    parser.add_argument("-o", "--output", metavar="report.html", help="HTML output")
    parser.add_argument("--output-dir", metavar="DIR",
                        help="cohort mode: DIR/<sample>.html for every sample of every PROFILE, "
                        "plus the --formats asked for (instead of -o, --pdf, --json, --fhir)")
    parser.add_argument("--formats", nargs="+", choices=COHORT_FORMATS, default=["html", "pdf"],
                        metavar="FORMAT", help="with --output-dir: which files to write per sample "
                        f"({', '.join(COHORT_FORMATS)}; default html pdf)")
    parser.add_argument("--pdf", metavar="report.pdf", help="also write a PDF")
    parser.add_argument("--json", metavar="report.json", help="also write the report document")
    parser.add_argument("--fhir", metavar="report.fhir.json", help="also write a FHIR R4 Bundle")
    add_pdf_engine_option(parser)
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


COHORT_FORMATS = ("html", "pdf", "json", "fhir")
COHORT_SUFFIXES = {"html": ".html", "pdf": ".pdf", "json": ".json", "fhir": ".fhir.json"}
# Inputs that belong to one sample: not given to every sample of a cohort.
PER_SAMPLE_OPTIONS = ("labs", "intake", "genes", "previous", "functions", "sample_id", "collected",
                      "previous_collected", "approved_plan")


def collection_date(text: str) -> date:
    """--collected: an ISO date (YYYY-MM-DD)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None


@contextmanager
def pdf_engine(name: str, needed: bool) -> Iterator[PdfPrinter]:
    """The PDF engine of --pdf-engine (``auto``: Chromium when installed); Chromium is started
    here (only if a PDF is asked for), once for the run, and closed on leaving."""
    from microbiomix.report.engines import pdf_printer

    with pdf_printer(name if needed else "weasyprint") as printer:
        yield printer


def write_format(report: Report, fmt: str, target: str | Path, view: View,
                 pdf: PdfRenderer | None = None) -> None:
    """Write the report in one of :data:`COHORT_FORMATS` to ``target`` (atomically); PDFs with
    ``pdf`` (default: WeasyPrint)."""
    from microbiomix.report import render_html, render_pdf, to_fhir

    pdf = pdf or render_pdf
    if fmt == "fhir":
        write_json(target, to_fhir(report))
        return
    with atomic_writer(target, "wb" if fmt == "pdf" else "w") as handle:
        handle.write(pdf(report, view) if fmt == "pdf"
                     else render_html(report, view) if fmt == "html"
                     else report.to_json())


def write_outputs(report: Report, args: argparse.Namespace,
                  pdf: PdfRenderer | None = None) -> list[str]:
    """Write every requested output; returns the paths written."""
    targets = {"html": args.output, "pdf": args.pdf, "json": args.json, "fhir": args.fhir}
    written = []
    for fmt, target in targets.items():
        if target:
            write_format(report, fmt, target, args.view, pdf)
            written.append(target)
    return written


def run(args: argparse.Namespace) -> int:
    if args.output_dir is not None:
        return run_cohort(args)
    if args.output is None:
        raise UsageError("give -o report.html (one sample) or --output-dir DIR (every sample)")
    if len(args.profile) > 1:
        raise UsageError(f"{len(args.profile)} profiles given: report one sample with -o, or "
                         "every sample of several files with --output-dir DIR")
    # entered first: Chromium (if asked for) starts in the background while the pipeline is
    # imported and the report built
    with pdf_engine(args.pdf_engine, bool(args.pdf)) as printer:
        from microbiomix.pipeline import build_report

        report = build_report(
            args.profile[0],
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
        written = write_outputs(report, args, printer.render_pdf)
    for path in written:
        laid_out = f" (laid out by {printer.engine})" if path == args.pdf else ""
        print(f"wrote {path}{laid_out}", file=sys.stderr)
    return 0


def file_stem(sample_id: str) -> str:
    """A file name for a sample id: characters other than letters, digits, '.', '_' and '-'
    become '_' (ids may hold '/' or spaces); never hidden or empty."""
    stem = re.sub(r"[^A-Za-z0-9._-]", "_", sample_id).lstrip(".")
    return stem or "sample"


def run_cohort(args: argparse.Namespace) -> int:
    """A report for every sample of every PROFILE, one after another in this process."""
    given = [f"--{name.replace('_', '-')}" for name in PER_SAMPLE_OPTIONS if getattr(args, name)]
    given += [f"--{name}" for name in ("output", "pdf", "json", "fhir") if getattr(args, name)]
    if given:
        raise UsageError(f"{', '.join(given)} cannot be used with --output-dir (they name one "
                         "sample's inputs or outputs); report that sample on its own with -o")
    from microbiomix.pipeline import cohort_reports, load_profiles

    samples = [p.sample_id for p in load_profiles(args.profile, args.input_format)]
    stems = [file_stem(sample) for sample in samples]
    clashes = sorted(s for s, n in Counter(stems).items() if n > 1)
    if clashes:
        raise UsageError(f"several samples would be written as {', '.join(clashes)}; "
                         "give their files in separate runs")
    out = Path(args.output_dir)
    out.mkdir(parents=True, exist_ok=True)
    with pdf_engine(args.pdf_engine, "pdf" in args.formats) as printer:
        reports = cohort_reports(args.profile, args.reference, args.input_format)
        for report, stem in zip(reports, stems, strict=True):
            for fmt in dict.fromkeys(args.formats):
                write_format(report, fmt, out / f"{stem}{COHORT_SUFFIXES[fmt]}", args.view,
                             printer.render_pdf)
    laid_out = f"; PDFs laid out by {printer.engine}" if "pdf" in args.formats else ""
    print(f"wrote {len(samples)} report(s) ({', '.join(dict.fromkeys(args.formats))}) to "
          f"{out}{laid_out}", file=sys.stderr)
    return 0
