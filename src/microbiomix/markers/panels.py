"""Panels of taxa: health-associated commensals and pathobionts, and one marker per panel taxon.

* Panel totals (``beneficial_taxa``, ``pathobionts``): percent of the species-level community in
  any taxon of the panel (each species counted once).
* ``taxon_<name>`` (e.g. ``taxon_akkermansia_muciniphila``, ``taxon_bifidobacterium``): percent of
  the species-level community in that taxon (a genus or family sums its species). Present when
  the value is > 0.

Lists, evidence, sources and how each was checked: ``knowledge/panels.tsv``. The ZOE 15/15 lists
(Asnicar et al. 2021) and the oral-taxa panel (Kitamoto et al. 2020, Table 1) were removed because
their figure and table could not be read to verify the transcribed names (knowledge/README.md).
"""

from __future__ import annotations

import re

from microbiomix.markers import MarkerSpec, register
from microbiomix.markers.groups import (
    GROUPS_FILE,
    PANELS_FILE,
    GroupMarker,
    Member,
    read_members,
)
from microbiomix.markers.knowledge import knowledge_yaml
from microbiomix.taxonomy import TaxonomySystem


def panel_members(panel: str) -> tuple[Member, ...]:
    return tuple(m for m in read_members(PANELS_FILE, "panel") if m.group == panel)


def taxon_marker_id(name: str) -> str:
    """``Akkermansia muciniphila`` -> ``taxon_akkermansia_muciniphila``."""
    return "taxon_" + re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def _doi(source: str) -> str:
    match = re.search(r"doi:(10\.\S+?)[\s;,)]", source + " ")
    return match.group(1) if match else ""


class PanelMarker(GroupMarker):
    """A panel total or a single panel taxon (same computation as a guild)."""


def _panel_markers() -> list[PanelMarker]:
    markers: list[PanelMarker] = []
    taxa: dict[str, list[Member]] = {}
    groups = knowledge_yaml(GROUPS_FILE)
    for panel, about in groups["panels"].items():
        marker_id, title, caveat = about["marker"], about["title"], about["caveat"]
        meaning = about["meaning"]
        citation, doi = about["citation"], about["doi"]
        members = panel_members(panel)
        spec = MarkerSpec(
            id=marker_id,
            title=title,
            citation=citation,
            doi=doi,
            defined_on=f"{meaning}; species-level relative abundances with NCBI names (any profiler)",
            taxonomy=TaxonomySystem.NCBI,
            rank=None,
            resources=(PANELS_FILE, GROUPS_FILE),
            unit="%",
        )
        markers.append(PanelMarker(spec, members, caveat))
        for m in members:
            taxa.setdefault(taxon_marker_id(m.name), []).append(m)
    for marker_id, rows in taxa.items():
        first = rows[0]
        doi = next((d for d in (_doi(m.source) for m in rows) if d), "")
        spec = MarkerSpec(
            id=marker_id,
            title=f"{first.name} ({first.rank.label})",
            citation="; ".join(sorted({m.source for m in rows}))[:400],
            doi=doi,
            defined_on=(f"{first.meaning}; " if first.meaning else "")
            + "species-level relative abundances with NCBI names (any profiler)",
            taxonomy=TaxonomySystem.NCBI,
            rank=first.rank,
            resources=(PANELS_FILE, GROUPS_FILE),
            unit="%",
        )
        markers.append(PanelMarker(spec, (first,), groups["taxon_caveats"].get(marker_id)))
    return markers


for _marker in _panel_markers():
    register(_marker)
