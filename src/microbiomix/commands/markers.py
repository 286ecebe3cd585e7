"""``mmm markers``: per-sample markers for one or more profile files."""

from __future__ import annotations

import argparse
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from microbiomix.commands import COMMANDS
from microbiomix.errors import InputError, UsageError
from microbiomix.outputs import atomic_writer
from microbiomix.readers import formats
from microbiomix.readers.text import numbered_lines

if TYPE_CHECKING:
    from microbiomix.pipeline import MarkerBlock, MarkerResult, MarkerTable
    from microbiomix.profile import Provenance
    from microbiomix.quality import Quality
    from microbiomix.reference import Reference

TSV_HEADER = "sample\tmarker\tvalue\tpercentile\treference\tcoverage\tnote\n"


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "markers",
        help=COMMANDS["markers"],
        description="Compute every registered marker for every sample of the input profiles.",
    )
    parser.add_argument(
        "inputs", nargs="*", metavar="INPUT",
        help="profile files, or folders: every file in a folder (names starting with '.' left "
        "out), in name order; HUMAnN tables (gene families, regrouped EC / KO / MetaCyc "
        "reactions, pathways) give the gene-based function markers",
    )
    parser.add_argument(
        "--from-list", metavar="FILE", action="append", default=[],
        help="a file naming one input per line (blank lines and lines starting with '#' left "
        "out; relative paths from the current folder), for more inputs than a command line holds",
    )
    parser.add_argument(
        "--input-format",
        choices=sorted(formats()),
        help="input format (default: detected from content)",
    )
    parser.add_argument(
        "--sample-id",
        help="with one input file: the name to give its single sample, or which sample of a "
        "multi-sample file to compute",
    )
    parser.add_argument("--format", choices=("tsv", "json"), default="tsv", help="output format")
    parser.add_argument("-o", "--output", help="output file (default: standard output)")
    existing = parser.add_mutually_exclusive_group()
    existing.add_argument("--overwrite", action="store_true",
                          help="replace the -o file if it exists (default: refuse)")
    existing.add_argument("--append", action="store_true",
                          help="add the rows to the -o TSV file if it exists (its header must be "
                          "the markers header; a run in several parts)")
    parser.add_argument(
        "--reference",
        metavar="REF",
        help="healthy reference made with `mmm reference build` (default: the bundled one)",
    )
    parser.set_defaults(handler=run)
    # The marker list is read only when help is asked for (loading the registry costs ~0.2 s).
    plain_help = parser.format_help
    parser.format_help = lambda: plain_help() + "\n" + marker_list()  # type: ignore[method-assign]


def marker_list() -> str:
    """Every registered marker with its title and DOI, for ``mmm markers --help``."""
    from microbiomix.markers import registry

    specs = [marker.spec for marker in registry().values()]
    width = max(len(spec.id) for spec in specs)
    lines = [f"  {spec.id:<{width}}  {spec.title}" + (f" (doi:{spec.doi})" if spec.doi else "")
             for spec in specs]
    return (
        "markers (id, title, citation DOI; the sources of every list are in the "
        "package's knowledge/README.md):\n" + "\n".join(lines) + "\n"
    )


def input_paths(inputs: list[str], lists: list[str]) -> list[Path]:
    """The files named on the command line and in ``--from-list`` files, folders expanded."""
    named = [Path(p) for p in inputs]
    for listing in lists:
        for number, line in numbered_lines(Path(listing)):
            entry = line.strip()
            if entry and not entry.startswith("#"):
                named.append(Path(entry))
                if not named[-1].exists():
                    raise InputError(Path(listing), number, "names a file that does not exist",
                                     entry)
    paths: list[Path] = []
    for path in named:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if not p.name.startswith(".") and p.is_file())
            if not found:
                raise UsageError(f"{path}: folder holds no files")
            paths.extend(found)
        else:
            paths.append(path)
    if not paths:
        raise UsageError("no input: give profile files, folders or --from-list FILE")
    return paths


def _existing_output(args: argparse.Namespace) -> bool:
    """Whether the rows are to be appended to an existing -o file; refuses to replace one
    silently (a run in several parts must not leave only its last part)."""
    output = args.output
    if output is None or output == "-" or not Path(output).is_file():
        return False
    if args.append:
        if args.format != "tsv":
            raise UsageError("--append adds rows to a TSV file; JSON is one document per run")
        with open(output, encoding="utf-8") as handle:
            first = handle.readline()
        if first and first != TSV_HEADER:
            raise UsageError(f"{output}: not a markers TSV (its first line is not the header "
                             "mmm markers writes); not appending to it")
        return bool(first)
    if not args.overwrite:
        raise UsageError(f"{output} exists; give --overwrite to replace it or --append to add "
                         "to it")
    return False


def run(args: argparse.Namespace) -> int:
    from microbiomix.pipeline import (
        function_results,
        marker_tables,
        split_functional_inputs,
        write_markers_document,
    )
    from microbiomix.reference import Reference, bundled_references

    paths = input_paths(args.inputs, args.from_list)
    appending = _existing_output(args)
    reference = Reference.load(args.reference) if args.reference else None
    detected: dict[str, str] = {}  # each file sniffed once
    profile_paths, humann_paths = split_functional_inputs(paths, args.input_format, detected)
    functions = function_results(humann_paths, args.sample_id) if humann_paths else []
    with atomic_writer(args.output, append=appending) as handle:
        if args.format == "tsv":
            if not appending:
                handle.write(TSV_HEADER)
            if profile_paths:
                # part by part (flat memory for 100,000 samples); the file appears only when whole
                for table in marker_tables(profile_paths, args.input_format, args.sample_id,
                                           reference, detected=detected):
                    write_table_tsv(table, handle, header=False)
                    del table  # freed before the next part is read
            write_function_rows(functions, handle)
        else:
            references = {r.name: r for r in bundled_references().values()}
            if reference is not None:
                references[reference.name] = reference
            # sample by sample as the parts are computed (flat memory for 100,000 samples)
            tables = marker_tables(profile_paths, args.input_format, args.sample_id, reference,
                                   detected=detected) if profile_paths else []
            write_markers_document(handle, tables, references,
                                   [function_json(v) for v in functions])
    return 0


def _numbers(values: np.ndarray) -> list[str]:
    """``repr`` of each value (the shortest text that reads back as the same float), ``NA`` for
    NaN; each distinct value formatted once (percentiles and coverages repeat a lot)."""
    # unique by bit pattern: -0.0 stays "-0.0" (e.g. a Shannon index of one taxon)
    bits = np.ascontiguousarray(values, dtype=np.float64).view(np.int64)
    distinct, where = np.unique(bits, return_inverse=True)
    texts = ["NA" if math.isnan(v) else repr(v) for v in distinct.view(np.float64).tolist()]
    return [texts[i] for i in where.tolist()]


# Samples whose lines are built at a time: the text of a block of 10,000 samples x every marker
# is tens of MB; a window keeps it to a few MB whatever the block size.
SAMPLES_PER_WRITE = 1000


def write_table_tsv(table: MarkerTable, handle: Any, header: bool = True) -> None:
    """The same bytes as :func:`write_tsv` of ``table.results()``, from the arrays."""
    if header:
        handle.write(TSV_HEADER)
    for start in range(0, len(table.order), SAMPLES_PER_WRITE):
        window = table.order[start:start + SAMPLES_PER_WRITE]
        rows_of_block: dict[int, list[int]] = {}
        for index, row in window:
            rows_of_block.setdefault(index, []).append(row)
        lines: dict[tuple[int, int], list[str]] = {}
        for index, rows in rows_of_block.items():
            for row, sample_lines in zip(rows, _block_lines(table.blocks[index], rows), strict=True):
                lines[index, row] = sample_lines
        handle.write("".join(line for place in window for line in lines[place]))


def _block_lines(block: MarkerBlock, rows: list[int]) -> list[list[str]]:
    """The TSV lines of each of ``rows`` (samples of one block), every marker in order."""
    picked = np.array(rows, dtype=np.intp)
    samples = [block.cohort.sample_ids[row] for row in rows]
    per_marker = []
    for marker, placed in zip(block.computed, block.percentiles, strict=True):
        percentiles = placed[picked]
        reference = np.where(np.isnan(percentiles), "", block.reference.name).tolist()
        notes = [(marker.notes[row] or "").replace("\t", " ").replace("\n", " ") for row in rows]
        per_marker.append([
            f"{sample}\t{marker.spec.id}\t{value}\t{percentile}\t{ref}\t{coverage}\t{note}\n"
            for sample, value, percentile, ref, coverage, note in zip(
                samples, _numbers(marker.values[picked]), _numbers(percentiles), reference,
                _numbers(marker.coverage[picked]), notes, strict=True)
        ])
    if not per_marker:
        return [[] for _ in rows]
    return [list(sample_lines) for sample_lines in zip(*per_marker, strict=True)]


def write_function_rows(values: list[Any], handle: Any) -> None:
    """Gene-based markers as rows of the same table: marker ``<id>:<namespace>``, no percentile
    (no healthy functional reference); the note carries unit, per-million value and carriers."""
    for v in values:
        carriers = ", ".join(f"{c.name} {c.share:.0%}" for c in v.carriers[:3])
        note = "; ".join(x for x in (
            f"unit {v.unit.value}",
            f"per million {_number(v.per_million)}",
            f"ids found {','.join(v.ids_found) or 'none'} of {','.join(v.ids_summed)}",
            f"carriers {carriers}" if carriers else "",
            v.note or "",
        ) if x)
        handle.write(f"{v.sample}\t{v.spec.id}:{v.namespace}\t{_number(v.value)}\tNA\t\tNA"
                     f"\t{note}\n")


def function_json(v: Any) -> dict[str, Any]:
    return {
        "sample": v.sample,
        "marker": v.spec.id,
        "title": v.spec.title,
        "namespace": v.namespace,
        "unit": v.unit.value,
        "value": v.value,
        "per_million": v.per_million,
        "ids_summed": list(v.ids_summed),
        "ids_found": list(v.ids_found),
        "carriers": [{"name": c.name, "stratum": c.stratum, "value": c.value, "share": c.share}
                     for c in v.carriers],
        "note": v.note,
        "citation": v.spec.citation,
        "doi": v.spec.doi,
        "source": v.source,
        "basis": "measured from genes",
        "percentile": None,
    }


def _number(value: float | None) -> str:
    # repr() of a float round-trips exactly; rounding is for reports.
    return "NA" if value is None else repr(value)


def write_tsv(results: list[MarkerResult], handle: Any) -> None:
    """Long format, header first; the version and schema travel in the JSON output."""
    handle.write(TSV_HEADER)
    for r in results:
        note = (r.note or "").replace("\t", " ").replace("\n", " ")
        handle.write(
            f"{r.sample}\t{r.spec.id}\t{_number(r.value)}\t{_number(r.percentile)}"
            f"\t{r.reference or ''}\t{_number(r.coverage)}\t{note}\n"
        )


def as_json(
    results: list[MarkerResult], provenance: dict[str, Provenance],
    quality: dict[str, Quality] | None = None, references: dict[str, Reference] | None = None,
) -> dict[str, Any]:
    from microbiomix.pipeline import markers_document

    return markers_document(results, provenance, quality, references)
