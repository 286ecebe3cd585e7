"""``mmm interpret``: one sample's profile + lab results + intake -> findings JSON."""

from __future__ import annotations

import argparse

from microbiomix.commands import COMMANDS
from microbiomix.commands.report import collection_date
from microbiomix.outputs import atomic_writer
from microbiomix.pipeline import interpret_sample
from microbiomix.readers import formats


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "interpret",
        help=COMMANDS["interpret"],
        description=(
            "Interpret one sample's profile together with optional lab results and client intake. "
            "The output informs a practitioner; it does not diagnose."
        ),
    )
    parser.add_argument("profile", metavar="SAMPLE_PROFILE", nargs="?",
                        help="profile file of one sample (optional: labs/intake alone also work)")
    parser.add_argument("--input-format", choices=sorted(formats()),
                        help="profile format (default: detected from content)")
    parser.add_argument("--sample-id", help="which sample of a multi-sample profile file, or its name")
    parser.add_argument("--labs", help="lab results (CSV analyte,value,unit,date[,reference_low,reference_high] or JSON)")
    parser.add_argument("--intake", help="client intake (YAML or JSON)")
    parser.add_argument("--collected", type=collection_date, metavar="YYYY-MM-DD",
                        help="the sample's collection date: lab results are matched to it")
    parser.add_argument("--genes", metavar="genes.json",
                        help="resistance/virulence gene calls of this sample (mmm genes --json)")
    parser.add_argument("-o", "--output", help="output JSON file (default: standard output)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    findings = interpret_sample(
        args.profile, labs=args.labs, intake=args.intake, input_format=args.input_format,
        sample_id=args.sample_id, collected=args.collected, genes_path=args.genes,
    )
    with atomic_writer(args.output) as handle:
        handle.write(findings.model_dump_json(indent=2))
        handle.write("\n")
    return 0
