"""``mmm reference build``: a healthy reference from a lab's own cohort."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from microbiomix.commands import COMMANDS
from microbiomix.errors import UsageError
from microbiomix.pipeline import load_profiles
from microbiomix.readers import formats
from microbiomix.reference import build_reference, healthy_only, read_health_metadata


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "reference",
        help=COMMANDS["reference"],
        description="Healthy reference populations for `mmm markers --reference`.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    build = actions.add_parser(
        "build",
        help="build a reference from profiles of healthy people",
        description="Compute every marker on the healthy samples and keep their species "
        "profiles (for the dysbiosis score); write one reference file.",
    )
    build.add_argument("inputs", nargs="+", metavar="PROFILES", help="profile files")
    build.add_argument(
        "--metadata",
        metavar="CSV",
        help="CSV/TSV with columns sample,healthy (true/false); only healthy samples are used "
        "(default: every sample is taken as healthy)",
    )
    build.add_argument(
        "--input-format", choices=sorted(formats()), help="input format (default: detected)"
    )
    build.add_argument("--name", help="reference name shown in outputs (default: file stem)")
    build.add_argument("--description", default="", help="where the samples come from")
    build.add_argument("-o", "--output", required=True, metavar="REF", help="reference file")
    build.set_defaults(handler=run_build)


def run_build(args: argparse.Namespace) -> int:
    profiles = load_profiles(args.inputs, args.input_format)
    if args.metadata:
        profiles = healthy_only(profiles, read_health_metadata(args.metadata), args.metadata)
    if not profiles:
        raise UsageError("no healthy samples to build a reference from")
    name = args.name or Path(args.output).name.split(".")[0]
    reference = build_reference(profiles, name=name, description=args.description)
    reference.save(args.output)
    print(
        f"reference {name!r}: {len(reference.sample_ids)} samples, "
        f"{len(reference.distributions)} markers -> {args.output}",
        file=sys.stderr,
    )
    return 0
