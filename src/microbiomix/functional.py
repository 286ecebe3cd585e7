"""The functional profile model: one sample's gene-family, enzyme or pathway abundances.

A :class:`FunctionalProfile` is one column of a HUMAnN table (gene families, a regrouped KO / EC /
MetaCyc-reaction table, pathway abundance or pathway coverage): the community value of every
feature, the per-species contributions from stratified rows, the special rows HUMAnN adds
(``UNMAPPED``, ``UNINTEGRATED``, ``UNGROUPED``), its unit and where it came from. Functional
markers read it the way taxonomic markers read a :class:`~microbiomix.profile.Profile`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum


class FunctionalUnit(str, Enum):
    """The unit of a functional table's values, as its header (or its column sums) says."""

    RPK = "RPK"  # reads per kilobase: gene-length normalised, not depth normalised
    CPM = "CPM"  # copies per million (humann_renorm_table --units cpm)
    RELAB = "relative abundance"  # fraction of 1 (humann_renorm_table --units relab)
    COVERAGE = "coverage"  # pathway coverage, 0-1 confidence (not an abundance)
    UNKNOWN = "unknown"


# The feature namespaces HUMAnN tables are keyed by.
NAMESPACES = {
    "uniref90": "UniRef90 gene families",
    "uniref50": "UniRef50 gene families",
    "uniclust90": "UniClust90 gene families",
    "ko": "KEGG orthologs (KO)",
    "ec": "EC numbers",
    "metacyc_reaction": "MetaCyc reactions",
    "metacyc_pathway": "MetaCyc pathways",
    "pfam": "Pfam domains",
    "go": "Gene Ontology terms",
    "other": "other features",
}

UNCLASSIFIED = "unclassified"


@dataclass(frozen=True)
class FunctionalProvenance:
    """Where a functional profile came from.

    Attributes:
        tool: the program that made it (``HUMAnN``), with its major version when the file says.
        source: the file it was read from.
        column: the column header it was read from.
        notes: what the reader noticed that a user should know (e.g. how the unit was decided).
    """

    tool: str
    source: str | None = None
    column: str | None = None
    tool_version: str | None = None
    notes: tuple[str, ...] = ()


@dataclass
class FunctionalProfile:
    """One sample's functional table.

    Attributes:
        sample_id: the sample's name.
        namespace: what the features are (a key of :data:`NAMESPACES`).
        measure: ``abundance`` or ``coverage``.
        unit: the unit of every value.
        totals: community-level value of each feature (unstratified rows; special rows excluded).
        strata: per feature, the value of each stratum (``Bacteroides dorei``, ``unclassified``)
            from stratified rows, as the file gives them. For pathways HUMAnN's community value is
            not the sum of its strata (its manual says so); for gene families and regrouped tables
            it is.
        names: feature id -> name, where the file gives one (``PWY-5676: acetyl-CoA ...``).
        unmapped, unintegrated, ungrouped: HUMAnN's special rows (None when absent).
        provenance: where it came from.
    """

    sample_id: str
    namespace: str
    measure: str
    unit: FunctionalUnit
    totals: dict[str, float]
    strata: dict[str, dict[str, float]]
    names: dict[str, str]
    provenance: FunctionalProvenance
    unmapped: float | None = None
    unintegrated: float | None = None
    ungrouped: float | None = None
    special_strata: dict[str, dict[str, float]] = field(default_factory=dict)

    @property
    def table_total(self) -> float:
        """Sum of every community-level row, special rows included (the total
        ``humann_renorm_table`` divides by in its default, community mode)."""
        specials = (self.unmapped or 0.0) + (self.unintegrated or 0.0) + (self.ungrouped or 0.0)
        return sum(self.totals.values()) + specials

    def found(self, ids: Iterable[str]) -> list[str]:
        """The ids among ``ids`` that this table has a community row for."""
        return [i for i in ids if i in self.totals]

    def total(self, ids: Iterable[str]) -> float:
        """Sum of the community values of ``ids`` (absent ids count 0)."""
        return sum(self.totals.get(i, 0.0) for i in ids)

    def contributors(self, ids: Iterable[str]) -> dict[str, float]:
        """Per stratum (species or ``unclassified``), the summed value over ``ids``."""
        out: dict[str, float] = {}
        for i in ids:
            for stratum, value in self.strata.get(i, {}).items():
                out[stratum] = out.get(stratum, 0.0) + value
        return out

    @property
    def stratified(self) -> bool:
        return any(self.strata.values())


def species_name(stratum: str) -> str:
    """A display name for a HUMAnN stratum: ``g__Bacteroides.s__Bacteroides_dorei`` ->
    ``Bacteroides dorei``; ``s__Bacteroides_fragilis`` (HUMAnN 2) -> ``Bacteroides fragilis``;
    ``unclassified.t__SGB1871`` (HUMAnN 4: a species-level genome bin without a name) ->
    ``SGB1871 (unnamed)``; ``unclassified`` stays."""
    if stratum == UNCLASSIFIED:
        return stratum
    for part in reversed(stratum.split(".")):
        if part.startswith("s__"):
            return part[3:].replace("_", " ")
    for part in reversed(stratum.split(".")):
        if part.startswith("t__"):
            return f"{part[3:]} (unnamed)"
    for part in reversed(stratum.split(".")):
        if part.startswith("g__"):
            return part[3:].replace("_", " ") + " (genus)"
    return stratum


def tables_for(profiles: Iterable[FunctionalProfile], sample_id: str) -> list[FunctionalProfile]:
    return [p for p in profiles if p.sample_id == sample_id]

