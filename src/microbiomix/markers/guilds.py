"""Functional guilds: how much of the community belongs to taxa with a given function.

``guild_<name> = 100 * sum(abundance of member species) / sum(abundance of all species)``, i.e.
percent of the species-level (classified) community; a species is a member when it or an ancestor
in its lineage is listed for the guild in ``knowledge/guilds.tsv`` (see
:mod:`microbiomix.markers.groups` for the matching rules).

Membership lists and their sources: ``knowledge/guilds.tsv`` (see ``knowledge/README.md``).
Guilds with no list that could be sourced from a paper naming its members are not defined
(histamine producers, TMA producers).
"""

from __future__ import annotations

from collections.abc import Sequence

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
        resources=(GUILDS_FILE, GROUPS_FILE),
        unit="%",
    )
    return GroupMarker(spec, members, caveat)


for _guild, _about in knowledge_yaml(GROUPS_FILE)["guilds"].items():
    register(_guild_marker(_guild, _about["title"], _about["caveat"]))
