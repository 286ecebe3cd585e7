"""``mmm batch``: many samples from reads to markers (and reports) with the Snakemake workflow."""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path

from microbiomix.commands import COMMANDS
from microbiomix.workflow.batch import run_batch


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "batch",
        help=COMMANDS["batch"],
        description="Run QC -> profile -> markers (-> report) for every sample of a CSV sample "
        "sheet (columns sample, r1, optional r2) plus a cohort table, with Snakemake. Rerunning "
        "the same command resumes: finished samples are not redone.",
    )
    parser.add_argument("samples", type=Path, help="sample sheet (CSV: sample,r1,r2)")
    parser.add_argument("--db", required=True, type=Path, help="reference database")
    parser.add_argument("-o", "--output", required=True, type=Path, help="output directory")
    parser.add_argument("--cores", type=int, default=1, help="cores for Snakemake (default 1)")
    parser.add_argument(
        "--executor",
        help="Snakemake executor plugin (e.g. slurm; default: local). The plugin must be installed.",
    )
    parser.add_argument("--threads-per-sample", type=int, default=1, help="profiler threads")
    parser.add_argument(
        "--profile-options",
        default="",
        help="extra `mmm profile` options for every sample, quoted (e.g. '--threshold-bp 10000')",
    )
    parser.add_argument(
        "--snakemake-args", default="", help="extra Snakemake arguments, quoted (advanced)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    return run_batch(
        args.samples,
        args.db,
        args.output,
        args.cores,
        args.executor,
        shlex.split(args.profile_options),
        args.threads_per_sample,
        shlex.split(args.snakemake_args),
    )
