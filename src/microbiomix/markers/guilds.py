"""Functional guilds: how much of the community belongs to taxa with a given function.

``guild_<name> = 100 * sum(abundance of member species) / sum(abundance of all species)``, i.e.
percent of the species-level (classified) community. A species is a member when its own name, or
any ancestor named in its lineage, is listed for the guild in ``knowledge/guilds.tsv``; when a
lineage names no genus, the genus is read from the binomial (first word of the species name).
Each species is counted once, however many of its ancestors are listed.

Membership lists and their sources: ``knowledge/guilds.tsv`` (see ``knowledge/README.md``).
Guilds with no list that could be sourced as data are not defined (histamine producers,
beta-glucuronidase producers, equol producers, TMA producers, secondary bile-acid producers).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np

from microbiomix.markers import MarkerSpec, MarkerValues, combine_notes, register
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


@dataclass(frozen=True)
class Member:
    """One listed taxon of a panel or guild."""

    group: str
    rank: Rank
    name: str
    taxonomy: TaxonomySystem
    source: str
    evidence: str


@cache
def read_members(path: str, group_column: str) -> tuple[Member, ...]:
    """Rows of a knowledge TSV (``#`` comment lines first) as members.

    Raises:
        ValueError: a row lacks a source or names an unknown rank (the knowledge file is broken).
    """
    lines = [line for line in knowledge_text(path).splitlines() if line and not line.startswith("#")]
    members = []
    for number, row in enumerate(csv.DictReader(lines, delimiter="\t"), start=2):
        rank = rank_from_word(row["rank"])
        if rank is None or not row["source"].strip() or not row["name"].strip():
            raise ValueError(f"{path}: row {number} needs a known rank, a name and a source")
        members.append(
            Member(row[group_column], rank, row["name"], TaxonomySystem(row["taxonomy"]),
                   row["source"], row["evidence"])
        )
    return tuple(members)


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
    """Map listed taxa (any rank) onto the cohort's species columns via their lineages."""
    columns = cohort.rank_columns(Rank.SPECIES)
    matrix = np.zeros((columns.size, len(members)), dtype=bool)
    mappable = np.zeros(len(members), dtype=bool)
    system = cohort.taxonomy
    if system is TaxonomySystem.UNKNOWN or columns.size == 0:
        note = "input taxonomy unknown" if system is TaxonomySystem.UNKNOWN else None
        return Membership(columns, matrix, mappable, note)
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
    return Membership(columns, matrix, mappable, note)


def species_percent(cohort: Cohort, columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(species abundances as percent of all species, per-sample species total before scaling)."""
    if columns.size == 0:
        return np.zeros((len(cohort), 0)), np.zeros(len(cohort))
    counts = cohort.values[:, columns]
    totals = counts.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        percent = 100.0 * counts / totals[:, None]
    return np.where(np.isfinite(percent), percent, 0.0), totals


def used_names(cohort: Cohort, membership: Membership, mask: np.ndarray | None = None) -> tuple[str, ...]:
    """Input names of the species columns that belong to any (or the masked) members."""
    matrix = membership.matrix if mask is None else membership.matrix[:, mask]
    rows = np.flatnonzero(matrix.any(axis=1))
    return tuple(sorted(cohort.taxa[membership.columns[r]].name for r in rows))


class GroupMarker:
    """Percent of the species-level community in a list of taxa (a guild or a panel)."""

    def __init__(self, spec: MarkerSpec, members: Sequence[Member], caveat: str | None = None):
        self.spec = spec
        self.members = tuple(members)
        self.caveat = caveat

    def compute(self, cohort: Cohort) -> MarkerValues:
        taxa = [(m.rank, m.name) for m in self.members]
        membership = species_membership(cohort, taxa, self.members[0].taxonomy)
        columns = membership.columns
        totals = cohort.values[:, columns].sum(axis=1) if columns.size else np.zeros(len(cohort))
        chosen = columns[membership.matrix.any(axis=1)]
        group = cohort.values[:, chosen].sum(axis=1) if chosen.size else np.zeros(len(cohort))
        with np.errstate(divide="ignore", invalid="ignore"):
            values = np.where(totals > 0, 100.0 * group / totals, np.nan)
        coverage = np.full(len(cohort), membership.coverage)
        notes: list[str | None] = []
        for i in range(len(cohort)):
            reason = None
            if totals[i] <= 0:
                reason = "no species-level abundances in this input"
            elif membership.coverage < self.spec.min_coverage or not membership.mappable.any():
                reason = (
                    f"only {int(membership.mappable.sum())} of {len(taxa)} listed taxa can be named "
                    f"in this input's taxonomy ({cohort.taxonomy.value})"
                )
            if reason:
                values[i] = np.nan
                notes.append(f"not computed: {reason}")
            else:
                notes.append(combine_notes(membership.note, self.caveat))
        return MarkerValues(self.spec, values, coverage, notes, used_names(cohort, membership))


GUILDS_FILE = "guilds.tsv"

# Guild id -> (title, caveat). Citations come from the members' sources in guilds.tsv.
GUILDS: dict[str, tuple[str, str | None]] = {
    "butyrate_producers": (
        "Butyrate producers",
        ("measured producers only (Barcenilla 2000 named isolates, plus A. rectalis): an "
        "underestimate of the butyrate-producing community"),
    ),
    "mucin_degraders": (
        "Mucin degraders",
        "lists only Akkermansia muciniphila: other mucin degraders are not counted",
    ),
    "lps_producers": (
        "Immunostimulatory LPS producers (Proteobacteria)",
        "counts Proteobacteria only; Bacteroidales also make LPS, of a TLR4-silencing type",
    ),
    "h2s_producers": (
        "Hydrogen-sulphide producers (sulphate/sulphite reducers, Bilophila)",
        ("FAPROTAX sulphate/sulphite respirers (many environmental) plus Bilophila wadsworthia; "
        "cysteine-degrading H2S producers are not counted"),
    ),
    "methanogens": ("Methanogenic archaea", None),
    "oxalate_degraders": (
        "Oxalate degraders",
        "lists only Oxalobacter formigenes",
    ),
}


def guild_members(guild: str) -> tuple[Member, ...]:
    return tuple(m for m in read_members(GUILDS_FILE, "guild") if m.group == guild)


def _first_doi(members: Sequence[Member]) -> str:
    for m in members:
        for word in m.source.replace("(", " ").split():
            if word.lower().startswith("doi:10."):
                return word[4:].rstrip(";,")
    raise ValueError("a guild needs at least one DOI among its sources")


def _guild_marker(guild: str, title: str, caveat: str | None) -> GroupMarker:
    members = guild_members(guild)
    sources = sorted({m.source.split(";")[0] for m in members})
    spec = MarkerSpec(
        id=f"guild_{guild}",
        title=title,
        citation="; ".join(sources)[:400],
        doi=_first_doi(members),
        defined_on="species-level relative abundances with NCBI names (any profiler); membership "
        "from knowledge/guilds.tsv",
        taxonomy=TaxonomySystem.NCBI,
        rank=None,
        resources=(GUILDS_FILE,),
        unit="%",
    )
    return GroupMarker(spec, members, caveat)


for _guild, (_title, _caveat) in GUILDS.items():
    register(_guild_marker(_guild, _title, _caveat))
