"""``mmm markers``: per-sample markers for one or more profile files."""

from __future__ import annotations

import argparse
import json
from typing import Any

from microbiomix.outputs import atomic_writer
from microbiomix.pipeline import MarkerResult, load_profiles, marker_results, sample_quality
from microbiomix.profile import Provenance
from microbiomix.quality import Quality
from microbiomix.readers import formats
from microbiomix.reference import Reference, bundled_references


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "markers",
        help="compute markers (GMHI, GMWI2, diversity, ...) for profile files",
        description="Compute every registered marker for every sample of the input profiles.",
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT",
                        help="profile files; HUMAnN tables (gene families, regrouped EC / KO / "
                        "MetaCyc reactions, pathways) give the gene-based function markers")
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


def run(args: argparse.Namespace) -> int:
    from microbiomix.pipeline import function_results, split_functional_inputs

    reference = Reference.load(args.reference) if args.reference else None
    profile_paths, humann_paths = split_functional_inputs(args.inputs, args.input_format)
    results: list[MarkerResult] = []
    provenance: dict[str, Provenance] = {}
    profiles = []
    if profile_paths:
        profiles = load_profiles(profile_paths, args.input_format, args.sample_id)
        results, provenance = marker_results(profiles, reference=reference)
    functions = function_results(humann_paths, args.sample_id) if humann_paths else []
    quality = sample_quality(profiles)
    references = {r.name: r for r in bundled_references().values()}
    if reference is not None:
        references[reference.name] = reference
    with atomic_writer(args.output) as handle:
        if args.format == "tsv":
            write_tsv(results, handle)
            write_function_rows(functions, handle)
        else:
            document = as_json(results, provenance, quality, references)
            document["functions"] = [function_json(v) for v in functions]
            json.dump(document, handle, indent=2, allow_nan=False)
            handle.write("\n")
    return 0


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
    handle.write("sample\tmarker\tvalue\tpercentile\treference\tcoverage\tnote\n")
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
