"""Gene-based digestive-function markers, read from HUMAnN tables.

``value = sum over the marker's ids of the community abundance of each id`` in one HUMAnN table
(EC, KO, MetaCyc-reaction or MetaCyc-pathway), in that table's unit; ``per_million`` is the same
value as copies per million of the table's total (every community row, ``UNMAPPED``,
``UNINTEGRATED`` and ``UNGROUPED`` included: what ``humann_renorm_table --units cpm`` computes), so
values from RPK tables of different depth can be compared. Which species carry the function in this
sample comes from the stratified rows (``id|g__Genus.s__species``), summed over the ids.

Ids, names and sources: ``knowledge/functions.yaml`` (every id checked against HUMAnN 3.9's name
maps). No healthy functional reference is available, so no percentile is given and no finding is
drawn from these values; a taxonomic reference is never used for them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from microbiomix.functional import (
    NAMESPACES,
    UNCLASSIFIED,
    FunctionalProfile,
    FunctionalUnit,
    species_name,
)
from microbiomix.markers.knowledge import knowledge_yaml

FUNCTIONS_FILE = "functions.yaml"
# Order in which a marker's tables are reported: enzyme-level tables first (they measure the gene),
# pathways last (they depend on MinPath's gap-filling).
NAMESPACE_ORDER = ("ec", "ko", "metacyc_reaction", "metacyc_pathway")
NO_REFERENCE = (
    "No healthy-population reference of gene-based function is available to microbiomix: these "
    "values are shown without percentiles and no finding is drawn from them. A taxonomic "
    "reference is not used for them."
)


@dataclass(frozen=True)
class FunctionMarkerSpec:
    """A gene-based marker: which ids it sums, per namespace, and where the claim comes from.

    Attributes:
        id: stable identifier (``fn_`` + the knowledge key), as it appears in every output.
        ids: namespace -> ids summed in a table of that namespace.
        names: id -> its name in HUMAnN's name map.
        replaces: species-inferred guild markers this gene-based marker supersedes.
        answers: functions knowledge/groups.yaml lists as not interpretable from species, which
            this marker measures from genes -> the ids that measure each.
        not_measurable: ids the marker would need that HUMAnN's maps do not hold.
    """

    id: str
    title: str
    claim: str
    citation: str
    doi: str
    caveat: str
    ids: Mapping[str, tuple[str, ...]]
    names: Mapping[str, str]
    replaces: tuple[str, ...] = ()
    answers: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    not_measurable: tuple[str, ...] = ()


@dataclass(frozen=True)
class Carrier:
    """A stratum (species or ``unclassified``) contributing to a marker, with its share."""

    name: str
    stratum: str
    value: float
    share: float  # of the marker's stratified total


@dataclass(frozen=True)
class FunctionValue:
    """One marker measured in one HUMAnN table of one sample."""

    spec: FunctionMarkerSpec
    sample: str
    namespace: str
    unit: FunctionalUnit
    value: float
    per_million: float | None
    ids_summed: tuple[str, ...]
    ids_found: tuple[str, ...]
    carriers: tuple[Carrier, ...]
    source: str | None
    note: str | None


_REGISTRY: dict[str, FunctionMarkerSpec] = {}


def register(spec: FunctionMarkerSpec) -> FunctionMarkerSpec:
    if spec.id in _REGISTRY:
        raise ValueError(f"function marker id {spec.id!r} registered twice")
    _REGISTRY[spec.id] = spec
    return spec


def registry() -> dict[str, FunctionMarkerSpec]:
    """All function markers, in knowledge-file order."""
    return dict(_REGISTRY)


# A reference in a marker's `source` text: a DOI (`doi:10.x/y`), a web address or a repository
# file version (`owner/name@commit`).
_REFERENCE = re.compile(r"doi:10\.[^\s;,)]+|https?://[^\s;,)]+|[\w.-]+/[\w.-]+@[0-9a-f]{7,40}")


def references(source: str) -> list[str]:
    """The DOIs (``doi:...``), addresses and ``repo@commit`` a `source` text cites, in order, once each."""
    return list(dict.fromkeys(ref.rstrip(".") for ref in _REFERENCE.findall(source)))


def _check_verified(key: str, entry: Mapping[str, Any]) -> None:
    """A marker must say how its ids and each of its references were checked (issue 12)."""
    verified = entry.get("verified")
    notes = verified.get("sources") if isinstance(verified, Mapping) else None
    ids_note = str(verified.get("ids") or "").strip() if isinstance(verified, Mapping) else ""
    cited = references(str(entry.get("source") or ""))
    missing = [ref for ref in cited
               if not isinstance(notes, Mapping) or not str(notes.get(ref) or "").strip()]
    if not ids_note or not cited or missing:
        what = ", ".join(missing) if missing else "its ids" if cited else "a DOI or address in source"
        raise ValueError(f"{FUNCTIONS_FILE}: marker {key} needs a `verified` note "
                         f"(verified.ids and verified.sources) for {what}")


def parse_markers(data: Mapping[str, Any]) -> list[FunctionMarkerSpec]:
    """The markers of a parsed functions.yaml.

    Raises:
        ValueError: one line naming the marker: an unknown namespace, or no `verified` note for
            its ids or for a reference its `source` cites.
    """
    specs = []
    for key, entry in data["markers"].items():
        _check_verified(key, entry)
        ids: dict[str, tuple[str, ...]] = {}
        names: dict[str, str] = {}
        for namespace, listed in entry["ids"].items():
            if namespace not in NAMESPACES:
                raise ValueError(f"{FUNCTIONS_FILE}: {key}: unknown namespace {namespace!r}")
            ids[namespace] = tuple(str(item["id"]) for item in listed)
            names.update({str(item["id"]): str(item["name"]) for item in listed})
        specs.append(FunctionMarkerSpec(
            id=f"fn_{key}",
            title=str(entry["title"]),
            claim=" ".join(str(entry["claim"]).split()),
            citation=str(entry["source"]),
            doi=str(entry["doi"]),
            caveat=" ".join(str(entry["caveat"]).split()),
            ids=ids,
            names=names,
            replaces=tuple(entry.get("replaces") or ()),
            answers={k: tuple(str(i) for i in v) for k, v in (entry.get("answers") or {}).items()},
            not_measurable=tuple(entry.get("not_measurable") or ()),
        ))
    return specs


def _load() -> None:
    for spec in parse_markers(knowledge_yaml(FUNCTIONS_FILE)):
        register(spec)


_load()


def _carriers(table: FunctionalProfile, ids: Sequence[str]) -> tuple[Carrier, ...]:
    by_stratum = table.contributors(ids)
    total = sum(by_stratum.values())
    if total <= 0:
        return ()
    ranked = sorted(by_stratum.items(), key=lambda kv: (kv[0] == UNCLASSIFIED, -kv[1], kv[0]))
    return tuple(Carrier(species_name(s), s, v, v / total) for s, v in ranked)


def measure(spec: FunctionMarkerSpec, table: FunctionalProfile) -> FunctionValue | None:
    """The marker in ``table``, or None when the table is not of a namespace the marker lists, is
    not an abundance table (coverage is not summed) or has no feature with a value."""
    ids = spec.ids.get(table.namespace)
    # An empty table (HUMAnN found no pathway, e.g. without its reaction map) measures nothing:
    # reading it as "not detected" would wrongly supersede the species-inferred guild.
    if not ids or table.measure != "abundance" or not table.totals:
        return None
    found = tuple(table.found(ids))
    value = table.total(ids)
    total = table.table_total
    per_million = value / total * 1e6 if total > 0 else None
    notes = []
    if not found:
        notes.append("none of its ids detected in this table (not detected is not absent: "
                     "detection depends on sequencing depth)")
    if table.unit is FunctionalUnit.UNKNOWN:
        notes.append("the table's unit is unknown, so the value is in that unknown unit")
    elif table.unit is FunctionalUnit.RPK:
        notes.append("RPK is not normalised for sequencing depth; compare samples by the "
                     "per-million value")
    if found and not table.stratified:
        notes.append("the table is unstratified: carriers are not known")
    return FunctionValue(
        spec=spec,
        sample=table.sample_id,
        namespace=table.namespace,
        unit=table.unit,
        value=value,
        per_million=per_million,
        ids_summed=ids,
        ids_found=found,
        carriers=_carriers(table, ids),
        source=table.provenance.source,
        note="; ".join(notes) or None,
    )


def compute_function_markers(
    tables: Iterable[FunctionalProfile], ids: Iterable[str] | None = None
) -> list[FunctionValue]:
    """Every marker (or those in ``ids``) in every table it can be read from, in marker order,
    then sample, then :data:`NAMESPACE_ORDER`."""
    specs = registry()
    chosen = list(ids) if ids is not None else list(specs)
    unknown = [i for i in chosen if i not in specs]
    if unknown:
        raise ValueError(f"unknown function marker(s): {', '.join(unknown)}")
    tables = list(tables)
    order = {ns: i for i, ns in enumerate(NAMESPACE_ORDER)}
    out: list[FunctionValue] = []
    for marker_id in chosen:
        measured = [m for t in tables if (m := measure(specs[marker_id], t)) is not None]
        measured.sort(key=lambda m: order.get(m.namespace, len(order)))
        out.extend(measured)
    return out


def unmeasured_hint(tables: Iterable[FunctionalProfile]) -> str | None:
    """What to run when only gene families (UniRef) were given: the markers need EC / KO /
    MetaCyc tables, which ``humann_regroup_table`` makes from gene families."""
    namespaces = {t.namespace for t in tables if t.measure == "abundance" and t.totals}
    if namespaces & set(NAMESPACE_ORDER):
        return None
    if namespaces & {"uniref90", "uniref50"}:
        return ("Only gene families (UniRef) were given: the gene-based markers are defined on EC, "
                "KO and MetaCyc ids. Make those tables with humann_regroup_table --groups "
                "uniref90_level4ec (or uniref90_ko, uniref90_rxn) and give them too.")
    if any(t.measure == "abundance" and t.namespace in NAMESPACE_ORDER for t in tables) or not any(
            t.totals for t in tables):
        return "The HUMAnN tables given hold no feature with a value: nothing was measured."
    return "No HUMAnN table of EC, KO, MetaCyc-reaction or pathway abundance was given."


def answered(values: Iterable[FunctionValue]) -> list[str]:
    """Not-interpretable-from-species functions that a table here measured (its ids include one
    that measures the function), in first-seen order."""
    out: list[str] = []
    for v in values:
        for function, ids in v.spec.answers.items():
            if function not in out and set(ids) & set(v.ids_summed):
                out.append(function)
    return out


def replaced_guilds(values: Iterable[FunctionValue]) -> dict[str, list[str]]:
    """Guild marker id -> titles of the gene-based markers measured here that replace it."""
    out: dict[str, list[str]] = {}
    for v in values:
        for guild in v.spec.replaces:
            titles = out.setdefault(guild, [])
            if v.spec.title not in titles:
                titles.append(v.spec.title)
    return out
