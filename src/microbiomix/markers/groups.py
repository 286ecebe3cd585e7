"""Groups of listed taxa (guilds, panels, single panel taxa) mapped onto a cohort's species.

A group's value is ``100 * sum(abundance of member species) / sum(abundance of all species)``:
percent of the species-level (classified) community. A species is a member when its own name, or
any ancestor named in its lineage, is listed; when a lineage names no genus, the genus is read from
the binomial (first word of the species name). Each species is counted once, however many of its
ancestors are listed.

Every listed taxon of every group file (:data:`GROUP_FILES`) is one column of a static
:class:`Catalogue`. For a cohort, membership of all of them is worked out in one pass over the
species, and the sums of every group and every single taxon come from one matrix product; each
marker then reads its column (:func:`group_table`, cached per cohort by
:mod:`microbiomix.markers.derived`).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np

from microbiomix.markers import MarkerSpec, MarkerValues, combine_notes
from microbiomix.markers.derived import derived
from microbiomix.markers.knowledge import knowledge_text
from microbiomix.profile import Cohort
from microbiomix.taxonomy import (
    Lineage,
    Rank,
    TaxonomySystem,
    canonical_key,
    gtdb_name_keys,
    name_key,
    rank_from_word,
)

GUILDS_FILE = "guilds.tsv"
PANELS_FILE = "panels.tsv"
GROUPS_FILE = "groups.yaml"  # titles, caveats and citations of guilds and panels
# Knowledge files whose rows are group members -> the column naming the group.
GROUP_FILES = {GUILDS_FILE: "guild", PANELS_FILE: "panel"}


@dataclass(frozen=True)
class Member:
    """One listed taxon of a panel or guild."""

    group: str
    rank: Rank
    name: str
    taxonomy: TaxonomySystem
    source: str
    evidence: str
    evidence_type: str = ""
    meaning: str = ""
    verified: str = ""


@cache
def read_members(path: str, group_column: str) -> tuple[Member, ...]:
    """Rows of a knowledge TSV (``#`` comment lines first) as members.

    Raises:
        ValueError: a row lacks a source or a `verified` note (how the source was checked), or names
            an unknown rank (the knowledge file is broken).
    """
    lines = [line for line in knowledge_text(path).splitlines() if line and not line.startswith("#")]
    members = []
    for number, row in enumerate(csv.DictReader(lines, delimiter="\t"), start=2):
        rank = rank_from_word(row["rank"])
        needed = ("name", "source", "evidence", "verified")
        if rank is None or any(not (row.get(key) or "").strip() for key in needed):
            raise ValueError(
                f"{path}: row {number} needs a known rank and a non-empty {', '.join(needed)}"
            )
        members.append(
            Member(row[group_column], rank, row["name"], TaxonomySystem(row["taxonomy"]),
                   row["source"], row["evidence"], row.get("evidence_type") or "",
                   row.get("meaning") or "", row["verified"])
        )
    return tuple(members)


# -- species of a cohort -----------------------------------------------------------------------


def _read_only(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array


def species_columns(cohort: Cohort) -> np.ndarray:
    """The cohort's species-rank columns of the microbial community (bacteria and archaea; host,
    eukaryotes and viruses left out: see :meth:`~microbiomix.profile.Cohort.community_columns`)."""
    return derived(cohort, "species_columns",
                   lambda: _read_only(cohort.community_columns(Rank.SPECIES)))


def species_totals(cohort: Cohort) -> np.ndarray:
    """Per sample, the sum of its species abundances."""

    def make() -> np.ndarray:
        columns = species_columns(cohort)
        if columns.size == 0:
            return _read_only(np.zeros(len(cohort)))
        return _read_only(cohort.values[:, columns].sum(axis=1))

    return derived(cohort, "species_totals", make)


def species_percent(cohort: Cohort) -> tuple[np.ndarray, np.ndarray]:
    """(species abundances as percent of all species, per-sample species total before scaling);
    columns as :func:`species_columns`; 0 for samples without species."""

    def make() -> np.ndarray:
        columns = species_columns(cohort)
        if columns.size == 0:
            return _read_only(np.zeros((len(cohort), 0)))
        totals = species_totals(cohort)
        with np.errstate(divide="ignore", invalid="ignore"):
            percent = 100.0 * cohort.values[:, columns] / totals[:, None]
        return _read_only(np.where(np.isfinite(percent), percent, 0.0))

    return derived(cohort, "species_percent", make), species_totals(cohort)


# -- membership ----------------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def _lineage_keys(lineage: Lineage, strip: bool) -> frozenset[tuple[Rank, str]]:
    """Canonical keys of a species and every ancestor its lineage names (genus from binomial)."""
    keys = {canonical_key(Rank(r), n, strip) for r, n in enumerate(lineage.names) if n}
    if lineage.at(Rank.GENUS) is None:
        words = name_key(lineage.name).split(" ")
        if len(words) > 1:
            keys.add(canonical_key(Rank.GENUS, words[0], strip))
    return frozenset(keys)


@dataclass(frozen=True)
class Membership:
    """Which species columns of a cohort belong to which listed taxa.

    Attributes:
        columns: the cohort's species-rank columns.
        matrix: bool, species columns x members.
        mappable: per member, whether the input's taxonomy and ranks can express it.
        note: how names were matched, when not by identity.
    """

    columns: np.ndarray
    matrix: np.ndarray
    mappable: np.ndarray
    note: str | None

    @property
    def coverage(self) -> float:
        return float(self.mappable.mean()) if self.mappable.size else float("nan")


def species_membership(
    cohort: Cohort, members: Sequence[tuple[Rank, str]], defined_in: TaxonomySystem
) -> Membership:
    """Map listed taxa (any rank) onto the cohort's species columns via their lineages
    (computed once per cohort and list)."""
    members = tuple(members)
    return derived(
        cohort, ("membership", members, defined_in),
        lambda: _species_membership(cohort, members, defined_in),
    )


def _species_membership(
    cohort: Cohort, members: tuple[tuple[Rank, str], ...], defined_in: TaxonomySystem
) -> Membership:
    columns = species_columns(cohort)
    matrix = np.zeros((columns.size, len(members)), dtype=bool)
    mappable = np.zeros(len(members), dtype=bool)
    system = cohort.taxonomy
    if system is TaxonomySystem.UNKNOWN or columns.size == 0:
        note = "input taxonomy unknown" if system is TaxonomySystem.UNKNOWN else None
        return Membership(columns, _read_only(matrix), _read_only(mappable), note)
    cross = system is not defined_in
    wanted: dict[tuple[Rank, str], list[int]] = {}
    for j, (rank, name) in enumerate(members):
        wanted.setdefault(canonical_key(rank, name, cross), []).append(j)
    ranks_named: set[int] = {Rank.SPECIES, Rank.GENUS}
    for row, c in enumerate(columns):
        lineage = cohort.taxa[c]
        ranks_named.update(r for r, n in enumerate(lineage.names) if n)
        for key in _lineage_keys(lineage, cross) & wanted.keys():
            matrix[row, wanted[key]] = True
    found = matrix.any(axis=0)
    universe = gtdb_name_keys() if cross and system is TaxonomySystem.GTDB else None
    for j, (rank, name) in enumerate(members):
        if rank not in ranks_named:
            continue
        if not cross:
            mappable[j] = True
        elif universe is not None:
            mappable[j] = bool(found[j]) or canonical_key(rank, name, True) in universe
        else:
            mappable[j] = bool(found[j])
    note = None
    if cross:
        note = (
            f"taxa defined in {defined_in.value.upper()} names matched to {system.value.upper()} "
            "names by synonym table and GTDB suffix merging"
        )
    return Membership(columns, _read_only(matrix), _read_only(mappable), note)


def used_names(cohort: Cohort, membership: Membership, mask: np.ndarray | None = None) -> tuple[str, ...]:
    """Input names of the species columns that belong to any (or the masked) members."""
    matrix = membership.matrix if mask is None else membership.matrix[:, mask]
    rows = np.flatnonzero(matrix.any(axis=1))
    return tuple(sorted(cohort.taxa[membership.columns[r]].name for r in rows))


# -- every group at once ---------------------------------------------------------------------


@dataclass(frozen=True)
class Catalogue:
    """Every taxon listed in the group files (of one taxonomy), and every group of them.

    Attributes:
        taxa: distinct listed (rank, name) pairs.
        groups: per column of the sums matrix, the indices into ``taxa`` of its members; the first
            ``len(taxa)`` columns are the single taxa, then one per multi-taxon group.
        column_of: member index set -> its column.
    """

    taxa: tuple[tuple[Rank, str], ...]
    groups: tuple[tuple[int, ...], ...]
    column_of: dict[frozenset[int], int]

    def locate(self, members: Sequence[Member]) -> tuple[int, tuple[int, ...]]:
        """(column, taxon indices) of a group of listed members.

        Raises:
            ValueError: a member is not in the group files.
        """
        index = {taxon: i for i, taxon in enumerate(self.taxa)}
        try:
            indices = tuple(sorted({index[(m.rank, m.name)] for m in members}))
        except KeyError as missing:
            raise ValueError(f"{missing} is not listed in {', '.join(GROUP_FILES)}") from None
        return self.column_of[frozenset(indices)], indices


@cache
def catalogue(defined_in: TaxonomySystem) -> Catalogue:
    """The catalogue of the group files' rows named in ``defined_in`` (static package data)."""
    taxa: dict[tuple[Rank, str], int] = {}
    members_of: dict[tuple[str, str], set[int]] = {}
    for path, column in GROUP_FILES.items():
        for m in read_members(path, column):
            if m.taxonomy is not defined_in:
                continue
            j = taxa.setdefault((m.rank, m.name), len(taxa))
            members_of.setdefault((path, m.group), set()).add(j)
    groups: list[tuple[int, ...]] = [(j,) for j in range(len(taxa))]
    column_of = {frozenset(g): c for c, g in enumerate(groups)}
    for indices in members_of.values():
        if frozenset(indices) not in column_of:
            column_of[frozenset(indices)] = len(groups)
            groups.append(tuple(sorted(indices)))
    return Catalogue(tuple(taxa), tuple(groups), column_of)


@dataclass(frozen=True)
class GroupTable:
    """A catalogue's groups in one cohort.

    Attributes:
        membership: species columns x catalogue taxa.
        indicator: bool, species columns x groups (a species is in a group when in any member).
        sums: samples x groups, summed species abundance (input units, not yet percent).
    """

    membership: Membership
    indicator: np.ndarray
    sums: np.ndarray


def group_table(cohort: Cohort, defined_in: TaxonomySystem) -> GroupTable:
    """Membership and sums of every catalogue group in ``cohort`` (once per cohort)."""

    def make() -> GroupTable:
        book = catalogue(defined_in)
        membership = species_membership(cohort, book.taxa, defined_in)
        indicator = np.zeros((membership.columns.size, len(book.groups)), dtype=bool)
        for c, indices in enumerate(book.groups):
            indicator[:, c] = membership.matrix[:, list(indices)].any(axis=1)
        rows = np.flatnonzero(indicator.any(axis=1))
        # One product for every group and taxon, over only the species that are in any.
        sums = cohort.values[:, membership.columns[rows]] @ indicator[rows].astype(np.float64)
        return GroupTable(membership, _read_only(indicator), _read_only(sums))

    return derived(cohort, ("group_table", defined_in), make)


class GroupMarker:
    """Percent of the species-level community in a group of listed taxa (a guild, a panel or one
    panel taxon); the members must be rows of the group files."""

    def __init__(self, spec: MarkerSpec, members: Sequence[Member], caveat: str | None = None):
        if not members or len({m.taxonomy for m in members}) != 1:
            raise ValueError(f"{spec.id}: members must be given, all in one taxonomy")
        self.spec = spec
        self.members = tuple(members)
        self.caveat = caveat
        self.defined_in = members[0].taxonomy
        self._column, self._taxa = catalogue(self.defined_in).locate(self.members)

    def compute(self, cohort: Cohort) -> MarkerValues:
        table = group_table(cohort, self.defined_in)
        membership = table.membership
        totals = species_totals(cohort)
        with np.errstate(divide="ignore", invalid="ignore"):
            values = np.where(totals > 0, 100.0 * table.sums[:, self._column] / totals, np.nan)
        mappable = membership.mappable[list(self._taxa)]
        coverage = float(mappable.mean())
        reason = None
        if coverage < self.spec.min_coverage or not mappable.any():
            reason = (
                f"only {int(mappable.sum())} of {len(self._taxa)} listed taxa can be named "
                f"in this input's taxonomy ({cohort.taxonomy.value})"
            )
            values[:] = np.nan
        empty = "not computed: no species-level abundances in this input"
        computed = f"not computed: {reason}" if reason else combine_notes(membership.note, self.caveat)
        notes = [empty if t <= 0 else computed for t in totals.tolist()]
        rows = np.flatnonzero(table.indicator[:, self._column])
        used = tuple(sorted(cohort.taxa[membership.columns[r]].name for r in rows))
        return MarkerValues(self.spec, values, np.full(len(cohort), coverage), notes, used)
