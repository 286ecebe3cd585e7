"""``mmm functions``: one sample's reads -> HUMAnN tables (gene families, pathways), by running the
installed HUMAnN with the user's databases (the batch workflow's HUMAnN step)."""

from __future__ import annotations

import argparse
from pathlib import Path

from microbiomix.commands import COMMANDS
from microbiomix.commands.run import add_humann_options, humann_tables
from microbiomix.profilers.run import sample_id_from_reads


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "functions",
        help=COMMANDS["functions"],
        description="Run the installed HUMAnN on one sample's reads and write its tables into "
        "OUTDIR (SAMPLE_genefamilies.tsv, SAMPLE_pathabundance.tsv, ...; HUMAnN 4 numbers them). "
        "HUMAnN and its databases are installed by the user; microbiomix never downloads them.",
    )
    parser.add_argument("r1", type=Path, metavar="R1", help="FASTQ reads (gzip or plain)")
    parser.add_argument("r2", type=Path, nargs="?", metavar="R2",
                        help="mate FASTQ (concatenated with R1: HUMAnN does not use pairs)")
    parser.add_argument("--sample-id", help="sample name (default: from the R1 file name)")
    parser.add_argument("--threads", type=int, default=1, help="threads for HUMAnN")
    parser.add_argument("-o", "--output", required=True, type=Path, metavar="OUTDIR",
                        help="output folder (made if missing)")
    add_humann_options(parser, switch=False)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    name = args.sample_id or sample_id_from_reads(args.r1)
    for path in humann_tables(args, name, args.output):
        print(path)
    return 0
