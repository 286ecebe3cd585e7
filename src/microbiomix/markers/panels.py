"""Panels of taxa: beneficial commensals, pathobionts, the ZOE "good"/"bad" species, and one
marker per panel taxon.

* Panel totals (``beneficial_taxa``, ``pathobionts``, ``zoe_good``, ``zoe_bad``): percent of the
  species-level community in any taxon of the panel (each species counted once).
* ``taxon_<name>`` (e.g. ``taxon_akkermansia_muciniphila``, ``taxon_bifidobacterium``): percent of
  the species-level community in that taxon (a genus or family sums its species). Present when
  the value is > 0.
* ``oral_taxa``: percent in species that a review table lists as oral bacteria found in the gut
  (Kitamoto et al. 2020); partial.

Lists and sources: ``knowledge/panels.tsv``.
"""

from __future__ import annotations

import re

from microbiomix.markers import MarkerSpec, register
from microbiomix.markers.groups import PANELS_FILE, GroupMarker, Member, read_members
from microbiomix.taxonomy import TaxonomySystem

# Panel id -> marker id, title, citation, DOI, caveat.
PANELS: dict[str, tuple[str, str, str, str, str | None]] = {
    "beneficial": (
        "beneficial_taxa",
        "Health-associated commensals",
        ("panel of knowledge/panels.tsv (Sokol 2008; Derrien 2004; Gupta 2020; Louis & Flint 2017; "
        "Ze 2012; Goodrich 2014)"),
        "10.1073/pnas.0804812105",
        None,
    ),
    "pathobionts": (
        "pathobionts",
        "Opportunistic pathogens and pathobionts",
        ("FAPROTAX v1.2 (Louca et al. 2016 Science) and bugphyzz (BacMap, The Microbe Directory) "
        "human-pathogen annotations"),
        "10.1126/science.aaf4507",
        ("species-level presence cannot tell pathogenic from commensal strains (E. coli is not "
        "pathotyped)"),
    ),
    "zoe_good": (
        "zoe_good",
        "ZOE favourable species (15)",
        "Asnicar F et al. 2021, Nat Med 27:321-332 (Fig. 4), via bugphyzz",
        "10.1038/s41591-020-01183-8",
        "ranking derived from MetaPhlAn3 profiles of the PREDICT 1 cohorts",
    ),
    "zoe_bad": (
        "zoe_bad",
        "ZOE unfavourable species (15)",
        "Asnicar F et al. 2021, Nat Med 27:321-332 (Fig. 4), via bugphyzz",
        "10.1038/s41591-020-01183-8",
        "ranking derived from MetaPhlAn3 profiles of the PREDICT 1 cohorts",
    ),
    "oral": (
        "oral_taxa",
        "Oral-origin taxa in stool",
        "Kitamoto S et al. 2020, J Dent Res 99:1021 (Table 1)",
        "10.1177/0022034520924633",
        ("four species from the inflammatory bowel disease rows of a review table of oral bacteria "
        "found in the gut; partial (other oral taxa are not counted)"),
    ),
}


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
    for panel, (marker_id, title, citation, doi, caveat) in PANELS.items():
        members = panel_members(panel)
        spec = MarkerSpec(
            id=marker_id,
            title=title,
            citation=citation,
            doi=doi,
            defined_on="species-level relative abundances with NCBI names (any profiler)",
            taxonomy=TaxonomySystem.NCBI,
            rank=None,
            resources=(PANELS_FILE,),
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
            defined_on="species-level relative abundances with NCBI names (any profiler)",
            taxonomy=TaxonomySystem.NCBI,
            rank=first.rank,
            resources=(PANELS_FILE,),
            unit="%",
        )
        caveat = "not pathotyped: most E. coli are commensal" if marker_id == "taxon_escherichia_coli" else None
        markers.append(PanelMarker(spec, (first,), caveat))
    return markers


for _marker in _panel_markers():
    register(_marker)
