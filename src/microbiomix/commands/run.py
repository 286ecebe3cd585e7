"""``mmm run``: one sample from reads to profile, QC and markers (and report) in one command."""

from __future__ import annotations

import argparse
from pathlib import Path

from microbiomix.commands import COMMANDS
from microbiomix.commands.markers import as_json
from microbiomix.commands.profile import add_profiling_options, extra_options
from microbiomix.outputs import atomic_writer, write_json
from microbiomix.pipeline import (
    build_report,
    load_profiles,
    marker_results,
    reads_to_genes,
    reads_to_profile,
)
from microbiomix.profilers.run import sample_id_from_reads
from microbiomix.report import render_html


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "run",
        help=COMMANDS["run"],
        description="Profile one sample's reads, compute its markers and write its report. Writes "
        "into OUTDIR: SAMPLE.profile (CAMI), SAMPLE.qc.json, SAMPLE.markers.json, "
        "SAMPLE.report.html.",
    )
    add_profiling_options(parser)
    parser.add_argument("--labs", metavar="F", help="lab results for the report (CSV or JSON)")
    parser.add_argument("--intake", metavar="F", help="intake questionnaire (YAML or JSON)")
    parser.add_argument("--gene-db", type=Path, metavar="GENEDB",
                        help="also call resistance/virulence genes (`mmm db build-genes` folder): "
                        "writes SAMPLE.genes.tsv and SAMPLE.genes.json and adds them to the report")
    parser.add_argument("-o", "--output", required=True, type=Path, metavar="OUTDIR",
                        help="output folder (made if missing)")
    add_humann_options(parser)
    parser.set_defaults(handler=run)


def add_humann_options(parser: argparse.ArgumentParser, switch: bool = True) -> None:
    """HUMAnN's databases and search options; with ``switch``, ``--humann`` turns HUMAnN on (also
    run it on the reads, so the report measures digestive function from genes)."""
    group = parser.add_argument_group("gene-based function (HUMAnN)")
    if switch:
        group.add_argument("--humann", action="store_true",
                           help="also run HUMAnN on the reads and report function measured from "
                           "genes (needs HUMAnN and its databases; microbiomix never downloads "
                           "them)")
    group.add_argument("--humann-nucleotide-db", type=Path, metavar="DIR",
                       help="ChocoPhlAn folder (default: HUMAnN's configured one)")
    group.add_argument("--humann-protein-db", type=Path, metavar="DIR",
                       help="UniRef DIAMOND folder (default: HUMAnN's configured one)")
    group.add_argument("--humann-bypass-prescreen", action="store_true",
                       help="search the whole nucleotide database (no MetaPhlAn prescreen)")
    group.add_argument("--humann-bypass-translated-search", action="store_true",
                       help="nucleotide tier only (no DIAMOND search)")


def humann_tables(args: argparse.Namespace, name: str, folder: Path | None = None) -> list[Path]:
    """Run HUMAnN when asked (``--humann``, or always for ``mmm functions``); its tables."""
    if not getattr(args, "humann", True):
        return []
    from microbiomix.pipeline import reads_to_functions

    reads = [args.r1] + ([args.r2] if args.r2 is not None else [])
    return reads_to_functions(
        reads, folder or args.output / f"{name}.humann", name, threads=args.threads,
        nucleotide_db=args.humann_nucleotide_db, protein_db=args.humann_protein_db,
        bypass_prescreen=args.humann_bypass_prescreen,
        bypass_translated_search=args.humann_bypass_translated_search,
    )


def check_report_inputs(labs: str | None, intake: str | None) -> None:
    """Read --labs and --intake before profiling: a mistake there then costs a second, not a
    profiling run followed by a missing report."""
    from microbiomix.readers.intake import read_intake
    from microbiomix.readers.labs import read_labs

    if labs is not None:
        read_labs(labs)
    if intake is not None:
        read_intake(intake)


def run(args: argparse.Namespace) -> int:
    check_report_inputs(args.labs, args.intake)
    name = args.sample_id or sample_id_from_reads(args.r1)
    profile_path = args.output / f"{name}.profile"
    qc_path = args.output / f"{name}.qc.json"
    markers_path = args.output / f"{name}.markers.json"
    reads_to_profile(
        args.r1,
        args.r2,
        args.db,
        profile_path,
        sample_id=name,
        profiler=args.profiler,
        threads=args.threads,
        quiet=args.quiet,
        extra=extra_options(args),
        qc_output=qc_path,
    )
    functions = humann_tables(args, name)
    results, provenance = marker_results(load_profiles([profile_path], "cami", name))
    write_json(markers_path, as_json(results, provenance), allow_nan=False)
    written = [profile_path, qc_path, markers_path]
    genes_json = None
    if args.gene_db is not None:
        from microbiomix.profilers.genes import write_gene_table

        calls = reads_to_genes(args.r1, args.r2, args.gene_db, sample_id=name,
                               threads=args.threads)
        genes_tsv, genes_json = args.output / f"{name}.genes.tsv", args.output / f"{name}.genes.json"
        with atomic_writer(genes_tsv) as handle:
            handle.write(write_gene_table(calls))
        with atomic_writer(genes_json) as handle:
            handle.write(calls.to_json())
        written += [genes_tsv, genes_json]
    report = build_report(
        profile_path, labs_path=args.labs, intake_path=args.intake, sample_id=name,
        functions=functions,
        genes_path=genes_json,
    )
    report_path = args.output / f"{name}.report.html"
    with atomic_writer(report_path) as handle:
        handle.write(render_html(report, "practitioner"))
    for path in (*written, *functions, report_path):
        print(path)
    return 0
