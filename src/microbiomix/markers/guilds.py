"""Functional guilds: how much of the community belongs to taxa with a given function.

``guild_<name> = 100 * sum(abundance of member species) / sum(abundance of all species)``, i.e.
percent of the species-level (classified) community; a species is a member when it or an ancestor
in its lineage is listed for the guild in ``knowledge/guilds.tsv`` (see
:mod:`microbiomix.markers.groups` for the matching rules).

Membership lists, the evidence for each member and how its source was checked:
``knowledge/guilds.tsv``; titles, what the abundance means and caveats: ``knowledge/groups.yaml``.
Guilds with no list that could be sourced from a paper naming its members are not defined
(histamine producers, TMA producers). Functions that a species cannot stand for because they vary
between strains of one species (beta-glucuronidase, H2S from cysteine) are not guilds: they are
listed by :func:`not_interpretable` and shown as "not interpretable from species; needs gene-level
data".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from microbiomix.markers import MarkerSpec, register
from microbiomix.markers.groups import (
    GROUPS_FILE,
    GUILDS_FILE,
    GroupMarker,
    Member,
    read_members,
)
from microbiomix.markers.knowledge import knowledge_yaml
from microbiomix.taxonomy import TaxonomySystem


def guild_members(guild: str) -> tuple[Member, ...]:
    return tuple(m for m in read_members(GUILDS_FILE, "guild") if m.group == guild)


def _citations(members: Sequence[Member]) -> list[str]:
    """Each distinct cited work of the members, in file order (a source may cite several, joined
    by '; ' before each DOI/PMID)."""
    seen: dict[str, None] = {}
    for m in members:
        for work in re.split(r";\s*(?=doi:|PMID:|https://)", m.source):
            seen.setdefault(work.strip(), None)
    return list(seen)


def _first_doi(members: Sequence[Member]) -> str:
    for m in members:
        for word in m.source.replace("(", " ").split():
            if word.lower().startswith("doi:10."):
                return word[4:].rstrip(";,")
    raise ValueError("a guild needs at least one DOI among its sources")


@dataclass(frozen=True)
class NotInterpretable:
    """A gut function that a species profile cannot measure (strain-variable genes)."""

    id: str
    title: str
    reason: str
    needs: str
    source: str
    verified: str

    @property
    def statement(self) -> str:
        return (f"{self.title}: not interpretable from species; needs {self.needs} "
                f"({self.reason}; {self.source})")


def not_interpretable() -> tuple[NotInterpretable, ...]:
    """Functions listed in knowledge/groups.yaml as not readable from a species profile."""
    entries = knowledge_yaml(GROUPS_FILE).get("not_interpretable") or {}
    return tuple(
        NotInterpretable(key, e["title"], e["reason"], e["needs"], e["source"], e["verified"])
        for key, e in entries.items()
    )


def _guild_marker(guild: str, title: str, caveat: str | None, meaning: str) -> GroupMarker:
    members = guild_members(guild)
    spec = MarkerSpec(
        id=f"guild_{guild}",
        title=title,
        citation="; ".join(_citations(members)),
        doi=_first_doi(members),
        defined_on=f"{meaning}; species-level relative abundances with NCBI names (any profiler); "
        "membership, evidence and sources in knowledge/guilds.tsv",
        taxonomy=TaxonomySystem.NCBI,
        rank=None,
        resources=(GUILDS_FILE, GROUPS_FILE),
        unit="%",
    )
    return GroupMarker(spec, members, caveat)


for _guild, _about in knowledge_yaml(GROUPS_FILE)["guilds"].items():
    register(_guild_marker(_guild, _about["title"], _about["caveat"], _about["meaning"]))
