"""``mmm db``: build and describe reference databases for profiling reads."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from microbiomix.commands import COMMANDS
from microbiomix.profilers.database import (
    DEFAULT_KSIZE,
    DEFAULT_SCALED,
    build_database,
    describe,
    open_database,
    summary_lines,
)


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "db",
        help=COMMANDS["db"],
        description="Build a sourmash reference database from genomes, or describe one.",
    )
    actions = parser.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    build = actions.add_parser(
        "build",
        help="sketch genome FASTA files into a database",
        description="Sketch every genome listed in a taxonomy table (tab-separated, columns file "
        "and species, optional taxid, strain, lineage) into a database directory.",
    )
    build.add_argument("--genomes", required=True, type=Path, help="folder of genome FASTA files")
    build.add_argument("--taxonomy", required=True, type=Path, help="taxonomy table (TSV)")
    build.add_argument("-o", "--output", required=True, type=Path, help="database directory")
    build.add_argument("--ksize", type=int, default=DEFAULT_KSIZE, help="k-mer size (default 31)")
    build.add_argument(
        "--scaled", type=int, default=DEFAULT_SCALED, help="FracMinHash scaled (default 1000)"
    )
    build.add_argument("--name", help="database name (default: the directory name)")
    build.add_argument("--quiet", action="store_true", help="no progress bar")
    build.set_defaults(handler=run_build)
    info = actions.add_parser(
        "info",
        help="describe a database",
        description="Describe a microbiomix database directory, or a sourmash database (.zip) "
        "with its lineage CSV.",
    )
    info.add_argument("database", type=Path, help="database directory or sourmash .zip")
    info.add_argument("--taxonomy", type=Path, help="lineage CSV for a bare sourmash database")
    info.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    info.set_defaults(handler=run_info)
    genes = actions.add_parser(
        "build-genes",
        help="index a nucleotide gene FASTA (resistance / virulence) for `mmm genes`",
        description="Index a nucleotide gene collection (ResFinder, AMRFinderPlus, VFDB, ...) "
        "with KMA. Headers in abricate style (>DB~~~GENE~~~ACCESSION~~~PRODUCT) or plain "
        "(>ID description); each gene gets a category, class and clinical group from the class "
        "table knowledge/pathogen_genes.tsv.",
    )
    genes.add_argument("fasta", type=Path, metavar="FASTA", help="gene FASTA (gzip or plain)")
    genes.add_argument("-o", "--output", required=True, type=Path, metavar="GENEDB",
                       help="new database folder")
    genes.add_argument("--name", help="collection name for plain headers (default: file name)")
    genes.set_defaults(handler=run_build_genes)


def run_build(args: argparse.Namespace) -> int:
    manifest = build_database(
        args.genomes, args.taxonomy, args.output, args.ksize, args.scaled, args.name, args.quiet
    )
    print(
        f"built {args.output}: {manifest['genomes']} genomes, {len(manifest['species'])} species, "
        f"k={manifest['ksize']}, scaled={manifest['scaled']}"
    )
    return 0


def run_info(args: argparse.Namespace) -> int:
    info = describe(open_database(args.database, args.taxonomy))
    if args.format == "json":
        print(json.dumps(info, indent=2))
    else:
        print("\n".join(summary_lines(info)))
    return 0


def run_build_genes(args: argparse.Namespace) -> int:
    from microbiomix.profilers.genes import build_gene_database

    manifest = build_gene_database(args.fasta, args.output, args.name)
    groups = ", ".join(manifest["groups_covered"]) or "none"  # type: ignore[arg-type]
    print(f"built {args.output}: {manifest['genes']} genes from {args.fasta}; clinical groups: "
          f"{groups}")
    return 0
