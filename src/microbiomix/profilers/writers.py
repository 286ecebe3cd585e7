"""Writing a profiler run as a profile file that the readers read back.

CAMI Bioboxes profiling format (github.com/bioboxes/rfc, data-format/profiling.mkd), version 0.9.1:
``@SampleID``, ``@Version``, ``@Ranks``, ``@TaxonomyID``, then ``@@TAXID RANK TAXPATH TAXPATHSN
PERCENTAGE`` rows, percentages of the whole sample. Custom headers start with ``@__`` (the RFC's
rule for user-defined fields); microbiomix writes the provenance there (program, version, database,
parameters, QC summary) and the microbiomix version and schema version.

The MetaPhlAn-style table (``--format metaphlan``) has the columns of MetaPhlAn's own output
(clade_name, NCBI_tax_id, relative_abundance, additional_species) with an ``UNCLASSIFIED`` row, but
no ``#mpa_`` database line: it was not made by MetaPhlAn.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO

from microbiomix import SCHEMA_VERSION, __version__
from microbiomix.errors import UsageError
from microbiomix.outputs import atomic_writer, write_json
from microbiomix.profilers import ProfilerRun
from microbiomix.taxonomy import Lineage, Rank

CAMI_RANKS = ("superkingdom", "phylum", "class", "order", "family", "genus", "species")
FORMATS = ("cami", "metaphlan")


def _percent(value: float) -> str:
    return f"{value:.6f}"


def _taxid(run: ProfilerRun, lineage: Lineage) -> str:
    return run.taxids.get(lineage, "")


def _ordered(run: ProfilerRun) -> list[tuple[Lineage, float]]:
    rows = [(lin, v) for lin, v in run.profile.abundances.items() if lin.rank <= Rank.SPECIES]
    return sorted(rows, key=lambda item: (item[0].rank, -item[1], item[0].name))


def provenance_headers(run: ProfilerRun) -> dict[str, str]:
    return {
        "__program__": run.tool,
        "__program_version__": run.tool_version,
        "__database__": run.database,
        "__parameters__": json.dumps(run.parameters, sort_keys=True),
        "__commands__": json.dumps([" ".join(c) for c in run.commands]),
        "__input__": json.dumps(run.qc.files),
        "__qc__": json.dumps(
            {
                "reads": run.qc.reads,
                "bases": run.qc.bases,
                "mean_length": round(run.qc.mean_length, 3),
                "mean_quality": round(run.qc.mean_quality, 3),
                "duplicate_fraction": round(run.qc.duplicate_fraction, 6),
            },
            sort_keys=True,
        ),
        "__unknown_percent__": _percent(run.profile.unknown or 0.0),
        "__microbiomix_version__": __version__,
        "__schema_version__": SCHEMA_VERSION,
    }


def write_cami(run: ProfilerRun, handle: IO[str]) -> None:
    handle.write(f"@SampleID:{run.profile.sample_id}\n")
    handle.write("@Version:0.9.1\n")
    handle.write("@Ranks:" + "|".join(CAMI_RANKS) + "\n")
    handle.write(f"@TaxonomyID:{run.profile.provenance.taxonomy.value} names ({run.database})\n")
    for key, text in provenance_headers(run).items():
        handle.write(f"@{key}:{text}\n")
    handle.write("@@TAXID\tRANK\tTAXPATH\tTAXPATHSN\tPERCENTAGE\n")
    for lineage, value in _ordered(run):
        names = [lineage.at(Rank(r)) or "" for r in range(lineage.rank + 1)]
        taxids = [
            _taxid(run, lineage.truncated(Rank(r))) if names[r] else ""
            for r in range(lineage.rank + 1)
        ]
        handle.write(
            "\t".join(
                [
                    taxids[-1],
                    CAMI_RANKS[lineage.rank],
                    "|".join(taxids),
                    "|".join(names),
                    _percent(value),
                ]
            )
            + "\n"
        )


def write_metaphlan(run: ProfilerRun, handle: IO[str]) -> None:
    handle.write(f"#microbiomix {__version__} profile schema {SCHEMA_VERSION}\n")
    for key, text in provenance_headers(run).items():
        handle.write(f"#{key.strip('_')}: {text}\n")
    handle.write(f"#SampleID\t{run.profile.sample_id}\n")
    handle.write("#clade_name\tNCBI_tax_id\trelative_abundance\tadditional_species\n")
    handle.write(f"UNCLASSIFIED\t-1\t{_percent(run.profile.unknown or 0.0)}\t\n")
    for lineage, value in _ordered(run):
        handle.write(
            f"{lineage.to_metaphlan()}\t{_taxid(run, lineage) or '-1'}\t{_percent(value)}\t\n"
        )


def write_profile(run: ProfilerRun, path: str | Path | None, output_format: str = "cami") -> None:
    """Write atomically (``None`` or ``-`` for standard output)."""
    if output_format not in FORMATS:
        raise ValueError(f"unknown profile output format {output_format!r}")
    if output_format == "metaphlan" and any(
        lin.at(Rank.DOMAIN) is None for lin in run.profile.abundances
    ):
        raise UsageError(
            "--format metaphlan needs full lineages (k__...|s__...), but the database names "
            "species only; add a lineage column to its taxonomy table or use --format cami"
        )
    writer = write_cami if output_format == "cami" else write_metaphlan
    with atomic_writer(path) as handle:
        writer(run, handle)


def qc_document(run: ProfilerRun) -> dict[str, object]:
    """QC summary plus provenance, as written by ``--qc-json``."""
    return {
        "tool": "microbiomix",
        "microbiomix_version": __version__,
        "schema_version": SCHEMA_VERSION,
        "sample": run.profile.sample_id,
        "profiler": {
            "tool": run.tool,
            "version": run.tool_version,
            "database": run.database,
            "parameters": run.parameters,
        },
        "classified_percent": round(100.0 - (run.profile.unknown or 0.0), 6),
        "qc": run.qc.as_dict(),
    }


def write_qc(run: ProfilerRun, path: str | Path) -> None:
    write_json(path, qc_document(run))
