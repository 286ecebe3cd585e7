"""The profile model: one sample (`Profile`) and many samples as one matrix (`Cohort`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from microbiomix.taxonomy import (
    COMMUNITY_DOMAINS,
    SGB2GTDB_SOURCE,
    SGB2GTDB_TABLES,
    Domain,
    Lineage,
    Rank,
    TaxonomySystem,
    canonical_key,
    classify_domain,
    known_lineage,
    sgb_to_gtdb,
)


@dataclass(frozen=True)
class Provenance:
    """Where a profile came from.

    Attributes:
        format: the reader that read it (``metaphlan``, ``cami``, ``kraken2`` ...).
        tool: the profiler that made it, with version where the file says (``MetaPhlAn 3``).
        tool_version: the profiler's version, if known.
        database: the reference database (``mpa_v30_CHOCOPhlAn_201901``), if known.
        taxonomy: the naming system of its taxa.
        source: the file it was read from.
        notes: what the reader noticed that a user should know (e.g. "no unknown fraction").
        reads: number of reads the profile was made from, where the input says (sample-quality
            gate: sequencing depth).
    """

    format: str
    tool: str
    taxonomy: TaxonomySystem
    tool_version: str | None = None
    database: str | None = None
    source: str | None = None
    notes: tuple[str, ...] = ()
    reads: int | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "format": self.format,
            "tool": self.tool,
            "tool_version": self.tool_version,
            "database": self.database,
            "taxonomy": self.taxonomy.value,
            "source": self.source,
            "notes": list(self.notes),
            "reads": self.reads,
        }


@dataclass
class Profile:
    """One sample's relative abundances.

    Attributes:
        sample_id: the sample's name.
        abundances: percent abundance of each taxon, at every rank the input gives, as reported
            (for MetaPhlAn with ``--unknown_estimation`` that is percent of all reads, so each rank
            sums to ``100 - unknown``).
        unknown: percent of the sample not assigned to any taxon, or None when the input does not
            say.
        provenance: where the profile came from.
    """

    sample_id: str
    abundances: dict[Lineage, float]
    unknown: float | None
    provenance: Provenance

    def ranks(self) -> set[Rank]:
        return {lineage.rank for lineage in self.abundances}

    def at_rank(self, rank: Rank) -> dict[Lineage, float]:
        return {lin: value for lin, value in self.abundances.items() if lin.rank == rank}

    def proportions(self, rank: Rank) -> dict[Lineage, float]:
        """Abundances at ``rank`` re-normalised to sum to 1 (empty if the rank is absent)."""
        level = self.at_rank(rank)
        total = sum(level.values())
        if total <= 0:
            return {}
        return {lin: value / total for lin, value in level.items()}

    @property
    def classified_percent(self) -> float:
        """Sum over the top rank present (what the profiler assigned)."""
        if not self.abundances:
            return 0.0
        top = min(self.ranks())
        return sum(self.at_rank(top).values())


def add_ancestors(leaves: Mapping[Lineage, float]) -> dict[Lineage, float]:
    """Abundances of leaf taxa summed up into every ancestor rank that the lineages name.

    Used for inputs that list only leaves (genomes, species) with full lineages, so that rank-wise
    markers (phylum ratios, GMWI2's genus and family terms) see every rank.
    """
    totals: dict[Lineage, float] = defaultdict(float)
    for lineage, value in leaves.items():
        totals[lineage] += value
        for rank in range(lineage.rank):
            if lineage.names[rank] is not None:
                # An ancestor lineage keeps only the ranks above it.
                ancestor = Lineage(lineage.names[: rank + 1])
                totals[ancestor] += value
    return dict(totals)


def named_ranks(lineage: Lineage) -> int:
    """How many ranks a lineage names (of two spellings of a taxon, the fuller one is kept)."""
    return sum(name is not None for name in lineage.names)


def assign_columns(
    lineages: Iterable[Lineage],
) -> tuple[list[Lineage], dict[tuple[Rank, str], int], dict[Lineage, int]]:
    """Cohort columns for lineages met in this order: one column per ``(rank, name key)``.

    Returns the column lineages, the column of each key and the column of each distinct lineage.
    A later spelling that names more ancestors replaces the column's lineage.
    """
    columns: dict[tuple[Rank, str], int] = {}
    taxa: list[Lineage] = []
    column_of: dict[Lineage, int] = {}
    for lineage in lineages:
        if lineage in column_of:  # most profiles share their lineages: resolve each once
            continue
        key = lineage.key
        if key not in columns:
            columns[key] = len(taxa)
            taxa.append(lineage)
        elif named_ranks(lineage) > named_ranks(taxa[columns[key]]):
            taxa[columns[key]] = lineage  # keep the lineage that names more ancestors
        column_of[lineage] = columns[key]
    return taxa, columns, column_of


@dataclass
class Cohort:
    """Many profiles as one matrix, so markers compute for all samples at once.

    Attributes:
        sample_ids: row labels.
        taxa: column lineages; a column is identified by ``(rank, name key)``.
        values: percent abundances, shape (samples, taxa); 0 where a sample lacks a taxon.
        unknown: percent unknown per sample; NaN where the input did not report it.
        provenance: one per sample.
    """

    sample_ids: list[str]
    taxa: list[Lineage]
    values: np.ndarray
    unknown: np.ndarray
    provenance: list[Provenance]
    _columns: dict[tuple[Rank, str], int] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if self.values.shape != (len(self.sample_ids), len(self.taxa)):
            raise ValueError("values must be samples x taxa")
        if not self._columns:
            self._columns = {lineage.key: i for i, lineage in enumerate(self.taxa)}

    @classmethod
    def from_profiles(cls, profiles: Sequence[Profile]) -> Cohort:
        """Stack profiles into one matrix (taxa are the union over samples)."""
        taxa, columns, column_of = assign_columns(
            lineage for profile in profiles for lineage in profile.abundances
        )
        values = np.zeros((len(profiles), len(taxa)), dtype=np.float64)
        for row, profile in enumerate(profiles):
            if profile.abundances:
                cols = [column_of[lineage] for lineage in profile.abundances]
                # np.add.at sums a taxon given twice under two spellings of one name.
                np.add.at(values[row], cols, list(profile.abundances.values()))
        unknown = np.array(
            [np.nan if p.unknown is None else p.unknown for p in profiles], dtype=np.float64
        )
        return cls(
            sample_ids=[p.sample_id for p in profiles],
            taxa=taxa,
            values=values,
            unknown=unknown,
            provenance=[p.provenance for p in profiles],
            _columns=columns,
        )

    def __len__(self) -> int:
        return len(self.sample_ids)

    @property
    def taxonomy(self) -> TaxonomySystem:
        """The samples' common taxonomy system (UNKNOWN if they differ)."""
        systems = {p.taxonomy for p in self.provenance}
        return systems.pop() if len(systems) == 1 else TaxonomySystem.UNKNOWN

    def rank_columns(self, rank: Rank) -> np.ndarray:
        return np.array([i for i, lin in enumerate(self.taxa) if lin.rank == rank], dtype=np.intp)

    def has_rank(self, rank: Rank) -> np.ndarray:
        """Per sample: does it report any taxon at ``rank``?"""
        cols = self.rank_columns(rank)
        if cols.size == 0:
            return np.zeros(len(self), dtype=bool)
        return (self.values[:, cols] > 0).any(axis=1)

    @property
    def domains(self) -> list[Domain]:
        """Per column, what kind of organism it is (:func:`~microbiomix.taxonomy.classify_domain`)."""
        cached = vars(self).get("_domains")
        if cached is None or len(cached) != len(self.taxa):
            cached = [classify_domain(lineage) for lineage in self.taxa]
            vars(self)["_domains"] = cached
        return cached

    def community_columns(self, rank: Rank) -> np.ndarray:
        """Columns at ``rank`` that belong to the microbial community (bacteria, archaea, and taxa
        of unknown domain); host, other non-microbial eukaryotes, microbial eukaryotes and viruses
        are left out. Every guild, panel, phylum and diversity percentage is a percent of these."""
        domains = self.domains
        return np.array(
            [i for i, lin in enumerate(self.taxa)
             if lin.rank == rank and domains[i] in COMMUNITY_DOMAINS],
            dtype=np.intp,
        )

    def domain_percent(self, rank: Rank = Rank.SPECIES) -> dict[Domain, np.ndarray]:
        """Per domain, per sample: percent of the sample's abundance at ``rank`` (species by
        default, the level every profiler reports and where host reads land) in that domain.
        Samples without rows at ``rank`` get 0 everywhere."""
        columns = self.rank_columns(rank)
        totals = self.values[:, columns].sum(axis=1) if columns.size else np.zeros(len(self))
        domains = self.domains
        out: dict[Domain, np.ndarray] = {}
        with np.errstate(divide="ignore", invalid="ignore"):
            for domain in Domain:
                cols = np.array([c for c in columns if domains[c] is domain], dtype=np.intp)
                part = self.values[:, cols].sum(axis=1) if cols.size else np.zeros(len(self))
                out[domain] = np.where(totals > 0, 100.0 * part / totals, 0.0)
        return out

    def with_derived_ancestors(self) -> tuple[Cohort, np.ndarray]:
        """A cohort in which samples that report species but no higher rank get the higher ranks
        summed from their species, with lineages from the shipped lineage table
        (:func:`~microbiomix.taxonomy.known_lineage`); and per sample, the percent of its species
        abundance that could be placed (NaN where nothing was derived)."""
        has_higher = np.zeros(len(self), dtype=bool)
        for rank in (Rank.PHYLUM, Rank.CLASS, Rank.ORDER, Rank.FAMILY, Rank.GENUS):
            has_higher |= self.has_rank(rank)
        species_cols = self.community_columns(Rank.SPECIES)
        rows = np.flatnonzero(~has_higher & (self.values[:, species_cols] > 0).any(axis=1)) \
            if species_cols.size else np.array([], dtype=np.intp)
        placed = np.full(len(self), np.nan)
        if rows.size == 0:
            return self, placed
        taxa = list(self.taxa)
        columns = dict(self._columns)
        additions: dict[int, list[int]] = {}
        for c in species_cols:
            lineage = self.taxa[c]
            if lineage.at(Rank.GENUS) is None:
                found = known_lineage(Rank.SPECIES, lineage.name)
                if found is None:
                    continue
                lineage = found
            targets = []
            for depth in range(Rank.SPECIES):
                if lineage.names[depth] is None:
                    continue
                ancestor = lineage.truncated(Rank(depth))
                if ancestor.key not in columns:
                    columns[ancestor.key] = len(taxa)
                    taxa.append(ancestor)
                targets.append(columns[ancestor.key])
            additions[int(c)] = targets
        values = np.zeros((len(self), len(taxa)))
        values[:, : len(self.taxa)] = self.values
        for c, targets in additions.items():
            for t in targets:
                values[rows, t] += self.values[rows, c]
        species_total = self.values[np.ix_(rows, species_cols)].sum(axis=1)
        placed_cols = np.array(sorted(additions), dtype=np.intp)
        placed_total = self.values[np.ix_(rows, placed_cols)].sum(axis=1) if placed_cols.size \
            else np.zeros(rows.size)
        placed[rows] = 100.0 * placed_total / species_total
        derived = Cohort(self.sample_ids, taxa, values, self.unknown, self.provenance, columns)
        return derived, placed

    def canonical_index(self, strip_suffixes: bool) -> dict[tuple[Rank, str], list[int]]:
        """Columns grouped by canonical key (synonyms joined; optionally GTDB suffixes dropped)."""
        index: dict[tuple[Rank, str], list[int]] = defaultdict(list)
        for i, lineage in enumerate(self.taxa):
            index[canonical_key(lineage.rank, lineage.name, strip_suffixes)].append(i)
        return dict(index)

    def subset(self, rows: Iterable[int]) -> Cohort:
        rows = list(rows)
        return Cohort(
            sample_ids=[self.sample_ids[i] for i in rows],
            taxa=self.taxa,
            values=self.values[rows],
            unknown=self.unknown[rows],
            provenance=[self.provenance[i] for i in rows],
            _columns=self._columns,
        )


def metaphlan4_to_gtdb(profile: Profile) -> Profile:
    """A MetaPhlAn 4 profile re-expressed in GTDB names through its SGB (``t__SGB...``) rows.

    Each SGB's abundance goes to the GTDB species the SGB2GTDB table of its database names, then
    sums up every rank (as MetaPhlAn's ``sgb_to_gtdb_profile.py`` does). SGBs the table does not
    place are added to the unknown fraction and counted in a note.

    Raises:
        ValueError: the profile has no SGB rows or its database has no SGB2GTDB table.
    """
    database = profile.provenance.database
    if database not in SGB2GTDB_TABLES:
        raise ValueError(
            f"no SGB->GTDB table for database {database!r}; known: {', '.join(SGB2GTDB_TABLES)}"
        )
    table = sgb_to_gtdb(database)
    leaves: dict[Lineage, float] = defaultdict(float)
    unplaced = 0.0
    unplaced_count = 0
    sgb_rows = 0
    for lineage, value in profile.abundances.items():
        if lineage.rank != Rank.STRAIN or not lineage.name.startswith("SGB"):
            continue
        sgb_rows += 1
        sgb = lineage.name.split("_", 1)[0]
        if sgb in table:
            leaves[table[sgb]] += value
        else:
            unplaced += value
            unplaced_count += 1
    if sgb_rows == 0:
        raise ValueError("profile has no t__SGB rows (is it MetaPhlAn 4 output?)")
    notes = list(profile.provenance.notes)
    notes.append(f"converted to GTDB with {SGB2GTDB_TABLES[database]} ({SGB2GTDB_SOURCE})")
    if unplaced_count:
        notes.append(f"{unplaced_count} SGBs ({unplaced:.4g}%) have no GTDB placement: counted unknown")
    provenance = replace(profile.provenance, taxonomy=TaxonomySystem.GTDB, notes=tuple(notes))
    unknown = (profile.unknown or 0.0) + unplaced
    return Profile(profile.sample_id, add_ancestors(leaves), unknown, provenance)
