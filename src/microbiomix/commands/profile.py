"""``mmm profile``: FASTQ reads -> read QC and a taxonomic profile file."""

from __future__ import annotations

import argparse
from pathlib import Path

from microbiomix.commands import COMMANDS
from microbiomix.pipeline import reads_to_profile
from microbiomix.profilers import backends
from microbiomix.profilers.writers import FORMATS


def add_profiling_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by ``mmm profile`` and ``mmm run``."""
    parser.add_argument("r1", type=Path, metavar="R1", help="FASTQ reads (gzip or plain)")
    parser.add_argument("r2", type=Path, nargs="?", metavar="R2", help="mate FASTQ for pairs")
    parser.add_argument(
        "--db",
        required=True,
        type=Path,
        help="reference database: `mmm db build` directory or sourmash .zip (sourmash), "
        "MetaPhlAn database folder (metaphlan), Kraken 2 database folder (kraken2)",
    )
    parser.add_argument(
        "--profiler",
        choices=list(backends()),
        default="sourmash",
        help="backend (default sourmash)",
    )
    parser.add_argument("--sample-id", help="sample name (default: from the R1 file name)")
    parser.add_argument("--threads", type=int, default=1, help="threads for the profiler")
    parser.add_argument(
        "--threshold-bp",
        type=int,
        help="sourmash: smallest genome overlap reported, in bp (default 50000, sourmash's)",
    )
    parser.add_argument(
        "--taxonomy", type=Path, help="sourmash: lineage CSV for a bare .zip database"
    )
    parser.add_argument("--index", help="metaphlan: database version (default: the installed one)")
    parser.add_argument("--confidence", help="kraken2: confidence threshold (default 0.0)")
    parser.add_argument("--quiet", action="store_true", help="no progress bars")


def extra_options(args: argparse.Namespace) -> dict[str, str]:
    extra: dict[str, str] = {}
    for name in ("threshold_bp", "taxonomy", "index", "confidence"):
        value = getattr(args, name, None)
        if value is not None:
            extra[name] = str(value)
    return extra


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "profile",
        help=COMMANDS["profile"],
        description="Read QC and taxonomic profiling of one sample's reads. Writes a CAMI "
        "Bioboxes profile (default) with tool, version, database and parameters in its header.",
    )
    add_profiling_options(parser)
    parser.add_argument("-o", "--output", required=True, type=Path, help="profile file to write")
    parser.add_argument("--format", choices=FORMATS, default="cami", help="profile format")
    parser.add_argument("--qc-json", type=Path, help="also write the read-QC summary as JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    reads_to_profile(
        args.r1,
        args.r2,
        args.db,
        args.output,
        sample_id=args.sample_id,
        profiler=args.profiler,
        output_format=args.format,
        threads=args.threads,
        quiet=args.quiet,
        extra=extra_options(args),
        qc_output=args.qc_json,
    )
    return 0
