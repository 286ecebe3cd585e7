"""``mmm reference build``: a healthy reference from a lab's own cohort."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from microbiomix.commands import COMMANDS
from microbiomix.errors import UsageError
from microbiomix.pipeline import load_profiles
from microbiomix.readers import formats
from microbiomix.reference import (
    aggregate_by_subject,
    build_reference,
    healthy_only,
    read_health_metadata,
    read_subject_metadata,
)


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
        "profiles (for the dysbiosis score); write one reference file. The reference records "
        "the profiler, database and taxonomy of its profiles: a percentile is comparable only "
        "for inputs profiled the same way.",
    )
    build.add_argument("inputs", nargs="+", metavar="PROFILES", help="profile files")
    build.add_argument(
        "--metadata",
        metavar="CSV",
        help="CSV/TSV with columns sample,healthy (true/false); only healthy samples are used "
        "(default: every sample is taken as healthy). Optional columns: subject (samples or "
        "runs of one person are averaged into one), reads (weights for that average)",
    )
    build.add_argument(
        "--input-format", choices=sorted(formats()), help="input format (default: detected)"
    )
    build.add_argument("--name", help="reference name shown in outputs (default: file stem)")
    build.add_argument("--description", default="", help="where the samples come from")
    build.add_argument("--subjects", type=int, metavar="N",
                       help="number of independent people, when not given by a subject column")
    build.add_argument("--population", default="",
                       help="who they are: ages, countries, health definition, limits")
    build.add_argument("--source", default="", help="where the data come from (DOI, repo@commit)")
    build.add_argument("-o", "--output", required=True, metavar="REF", help="reference file")
    build.set_defaults(handler=run_build)


def run_build(args: argparse.Namespace) -> int:
    profiles = load_profiles(args.inputs, args.input_format)
    subjects = args.subjects
    if args.metadata:
        profiles = healthy_only(profiles, read_health_metadata(args.metadata), args.metadata)
        by_subject, weights = read_subject_metadata(args.metadata)
        if by_subject:
            profiles = aggregate_by_subject(profiles, by_subject, weights)
            subjects = len(profiles)
    if not profiles:
        raise UsageError("no healthy samples to build a reference from")
    name = args.name or Path(args.output).name.split(".")[0]
    reference = build_reference(profiles, name=name, description=args.description,
                                subjects=subjects, population=args.population, source=args.source)
    reference.save(args.output)
    print(
        f"reference {name!r}: {len(reference.sample_ids)} samples, "
        f"{len(reference.distributions)} markers, family {reference.family or 'unknown'} "
        f"-> {args.output}",
        file=sys.stderr,
    )
    return 0
