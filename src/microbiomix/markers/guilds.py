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
from microbiomix.markers.groups import GUILDS_FILE, GroupMarker, Member, read_members
from microbiomix.taxonomy import TaxonomySystem

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
    "equol_producers": (
        "Equol producers (from the soy isoflavone daidzein)",
        ("lists three species shown or named as equol producers (Slackia equolifaciens, "
        "Adlercreutzia equolifaciens, Asaccharobacter celatus); equol production is "
        "strain-dependent (operon deletions), so presence does not prove the ability"),
    ),
    "beta_glucuronidase": (
        "Beta-glucuronidase (GUS) carriers of the drug-reactivating L1/mL1 types",
        ("gene-based: eight species named as carrying loop-1 or mini-loop-1 GUS in 60 healthy "
        "metagenomes; bacteria with any GUS gene made up 0.7-82.2% (mean 25.7%) of those "
        "communities, most of them not counted here; carriage varies by strain"),
    ),
    "secondary_bile_acids": (
        "Secondary bile-acid producers (bai operon, 7alpha-dehydroxylation)",
        ("lists only Clostridium hylemonae and C. hiranonis; Clostridium scindens and other "
        "bai-carrying species are not yet listed (no source verified): an underestimate"),
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
