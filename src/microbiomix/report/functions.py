"""The report's "measured from genes" section, from HUMAnN tables and gene-based markers."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from microbiomix.functional import NAMESPACES, FunctionalProfile
from microbiomix.markers.functions import (
    NO_REFERENCE,
    FunctionValue,
    answered,
    replaced_guilds,
    unmeasured_hint,
)
from microbiomix.report.model import (
    Citation,
    FunctionalSection,
    FunctionCarrier,
    FunctionEntry,
    FunctionTable,
    MarkerEntry,
)

INFERRED = "inferred from species"
MEASURED = "measured from genes"
TOP_CARRIERS = 5


def functional_section(
    tables: Sequence[FunctionalProfile], values: Sequence[FunctionValue]
) -> FunctionalSection:
    """The section for one sample: the tables read, each marker per table, what it replaces."""
    return FunctionalSection(
        tables=[
            FunctionTable(
                source_file=Path(t.provenance.source).name if t.provenance.source else "",
                column=t.provenance.column,
                namespace=NAMESPACES.get(t.namespace, t.namespace),
                measure=t.measure,
                unit=t.unit.value,
                features=len(t.totals),
                unmapped=t.unmapped,
                unintegrated=t.unintegrated,
                ungrouped=t.ungrouped,
                notes=list(t.provenance.notes),
            )
            for t in tables
        ],
        entries=[
            FunctionEntry(
                id=v.spec.id,
                title=v.spec.title,
                namespace=v.namespace,
                namespace_label=NAMESPACES.get(v.namespace, v.namespace),
                unit=v.unit.value,
                value=v.value,
                per_million=v.per_million,
                ids_summed=list(v.ids_summed),
                ids_found=list(v.ids_found),
                carriers=[FunctionCarrier(name=c.name, share=c.share)
                          for c in v.carriers[:TOP_CARRIERS]],
                note=v.note,
                caveat=v.spec.caveat,
                claim=v.spec.claim,
                citation=Citation(text=v.spec.citation, doi=v.spec.doi),
                source_file=Path(v.source).name if v.source else None,
                replaces=list(v.spec.replaces),
            )
            for v in values
        ],
        reference_note=NO_REFERENCE,
        replaced_guilds=replaced_guilds(values),
        answered=answered(values),
        hint=unmeasured_hint(tables),
    )


def label_bases(markers: Sequence[MarkerEntry], section: FunctionalSection | None) -> None:
    """Mark species-list guilds as inferred, and those a gene-based marker replaces as superseded."""
    replaced = section.replaced_guilds if section is not None else {}
    for m in markers:
        if m.group == "guild":
            m.basis = INFERRED
            m.superseded_by = list(replaced.get(m.id, ()))
