"""``mmm genes``: acquired resistance and virulence genes from one sample's reads."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from microbiomix.commands import COMMANDS
from microbiomix.outputs import atomic_writer
from microbiomix.pipeline import reads_to_genes


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "genes",
        help=COMMANDS["genes"],
        description="Align one sample's reads to a gene database built with `mmm db build-genes` "
        "and call each gene detected (identity >= 90%%, coverage >= 90%%, SRST2 defaults), partial "
        "(coverage >= 60%%, ResFinder 4 defaults) or not detected. Writes a TSV; --json writes the "
        "calls for `mmm report --genes`.",
    )
    parser.add_argument("r1", type=Path, metavar="R1", help="FASTQ reads (gzip or plain)")
    parser.add_argument("r2", type=Path, nargs="?", metavar="R2", help="mate FASTQ for pairs")
    parser.add_argument("--db", required=True, type=Path, metavar="GENEDB",
                        help="gene database folder from `mmm db build-genes`")
    parser.add_argument("-o", "--output", required=True, metavar="genes.tsv", help="TSV output")
    parser.add_argument("--json", metavar="genes.json", help="also write the calls as JSON")
    parser.add_argument("--sample-id", help="sample name (default: from the R1 file name)")
    parser.add_argument("--threads", type=int, default=1, help="threads for KMA")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from microbiomix.profilers.genes import write_gene_table

    calls = reads_to_genes(args.r1, args.r2, args.db, sample_id=args.sample_id,
                           threads=args.threads)
    with atomic_writer(args.output) as handle:
        handle.write(write_gene_table(calls))
    if args.json:
        with atomic_writer(args.json) as handle:
            handle.write(calls.to_json())
    detected = calls.detected()
    print(f"{calls.sample_id}: {len(detected)} gene(s) detected, "
          f"{sum(1 for h in calls.hits if h.call == 'partial')} partial; wrote {args.output}",
          file=sys.stderr)
    return 0
