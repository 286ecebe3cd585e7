"""``mmm batch``: many samples from reads to markers (and reports) with the Snakemake workflow."""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path
from typing import NoReturn

from microbiomix.commands import COMMANDS
from microbiomix.commands.options import add_pdf_engine_option
from microbiomix.commands.profile import add_profiling_options, extra_options
from microbiomix.errors import UsageError
from microbiomix.profilers.writers import FORMATS
from microbiomix.workflow.batch import (
    CHUNKS_PER_SLOT,
    MOST_SAMPLES_PER_JOB,
    ClusterOptions,
    ProfileSettings,
    run_batch,
)


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "batch",
        help=COMMANDS["batch"],
        description="Run QC -> profile -> markers (-> report) for every sample of a CSV sample "
        "sheet (columns sample, r1, optional r2) plus a cohort table, with Snakemake. Samples are "
        "cut into chunks; each chunk is one job, one process, taking each of its samples through "
        "every step. Rerunning the same command resumes: finished samples are not redone.",
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
    parser.add_argument("--gene-db", type=Path, metavar="GENEDB",
                        help="also call resistance/virulence genes per sample (`mmm db "
                        "build-genes` folder); reports then include them")
    parser.add_argument(
        "--samples-per-job", type=int, metavar="N",
        help=f"samples per job (one process each; its samples run one after another). Default: "
        f"about {CHUNKS_PER_SLOT} jobs per parallel slot (--cores / --threads-per-sample, or "
        f"--jobs with --executor), at most {MOST_SAMPLES_PER_JOB} samples each",
    )
    parser.add_argument(
        "--profile-options",
        default="",
        help="extra `mmm profile` options for every sample, quoted (e.g. '--threshold-bp 10000')",
    )
    parser.add_argument(
        "--snakemake-args", default="", help="extra Snakemake arguments, quoted (advanced)"
    )
    parser.add_argument(
        "--humann", action="store_true",
        help="also run HUMAnN on every sample (installed with its databases by the user) and "
        "report function measured from genes",
    )
    parser.add_argument(
        "--humann-options", default="",
        help="`mmm functions` options for every sample, quoted (e.g. '--humann-nucleotide-db "
        "DIR --humann-protein-db DIR')",
    )
    parser.add_argument("--pdf", action="store_true",
                        help="also write each sample's report as PDF (samples/S/S.report.pdf)")
    add_pdf_engine_option(parser, default=None)  # given without --pdf: an error
    cluster = parser.add_argument_group(
        "scheduler jobs (with --executor, e.g. slurm; see docs/cluster.md)"
    )
    defaults = ClusterOptions()
    cluster.add_argument("--jobs", type=int, default=defaults.jobs,
                         help=f"most jobs queued at once (default {defaults.jobs})")
    cluster.add_argument("--mem-mb", type=int, default=defaults.mem_mb,
                         help=f"memory per job in MB (default {defaults.mem_mb})")
    cluster.add_argument("--runtime", type=int, default=defaults.runtime_min, metavar="MINUTES",
                         help=f"time limit per job in minutes, enough for all its samples "
                              f"(default {defaults.runtime_min})")
    cluster.add_argument("--partition", help="partition (queue); default: the cluster's default")
    cluster.add_argument("--account", help="account to charge; default: none")
    cluster.add_argument("--retries", type=int, default=defaults.retries,
                         help=f"resubmit a failed or killed job this often (default "
                              f"{defaults.retries})")
    cluster.add_argument("--cluster-profile", type=Path, metavar="DIR",
                         help="Snakemake profile folder (config.yaml) with your site's settings")
    parser.set_defaults(handler=run)


class _OptionsParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"--profile-options: {message}")


def profile_settings(options: str) -> ProfileSettings:
    """``--profile-options`` read with `mmm profile`'s own options (a mistake is caught here, not
    in every sample's job).

    Raises:
        UsageError: an option `mmm profile` does not have, or one that batch sets per sample.
    """
    parser = _OptionsParser(prog="mmm batch", add_help=False)
    add_profiling_options(parser)
    parser.add_argument("--format", choices=FORMATS, default="cami")
    words = shlex.split(options)
    for word in words:
        if word.split("=")[0] in ("--db", "--sample-id", "--threads"):
            raise UsageError(
                f"--profile-options: {word.split('=')[0]} is set by mmm batch (--db, the sample "
                "sheet, --threads-per-sample)"
            )
    args = parser.parse_args(["R1", "--db", "DB", *words])
    if args.r2 is not None:
        raise UsageError(f"--profile-options: unexpected argument {str(args.r2)!r}")
    return ProfileSettings(args.profiler, args.format, extra_options(args))


def run(args: argparse.Namespace) -> int:
    if args.pdf_engine is not None and not args.pdf:
        raise UsageError(f"--pdf-engine {args.pdf_engine} lays out the reports' PDFs: add --pdf")
    # auto is decided in each job, on the machine that prints (a cluster node may lack Chromium)
    engine = args.pdf_engine or "auto"
    if args.pdf and engine == "chromium":
        from microbiomix.report.chromium import check_available

        check_available()  # missing: one line now, not a failed job per chunk
    return run_batch(
        args.samples,
        args.db,
        args.output,
        args.cores,
        args.executor,
        profile_settings(args.profile_options),
        args.threads_per_sample,
        shlex.split(args.snakemake_args),
        ClusterOptions(
            jobs=args.jobs,
            mem_mb=args.mem_mb,
            runtime_min=args.runtime,
            partition=args.partition,
            account=args.account,
            retries=args.retries,
            profile=args.cluster_profile,
        ),
        shlex.split(args.humann_options) if args.humann else None,
        gene_db=args.gene_db,
        samples_per_job=args.samples_per_job,
        pdf_engine=engine if args.pdf else None,
    )
