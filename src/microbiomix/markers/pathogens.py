"""Enteric pathogens, parasites, fungi, H. pylori and enteric viruses read from a stool profile.

Unlike the scalar markers, this screen returns one call per panel organism with its evidence:

* ``detected``: abundance at or above the organism's reporting minimum;
* ``trace``: present below the reporting minimum ("trace, below reporting limit");
* ``not detected``: absent from a profile whose method can see this kind of organism
  ("not detected by this method", never "absent");
* ``not assessable``: the profile cannot hold this organism (no eukaryotes or viruses in it, a
  GTDB taxonomy for Shigella, an RNA virus in a DNA library).

The screen reads the *full* profile (bacteria, eukaryotes and viruses as the profiler reported
them); abundances are percent of the profile as reported, not of the bacterial community.
The panel, its reporting minimums, blind spots and sources are data: ``knowledge/pathogens.yaml``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from microbiomix.genecalls import GeneCalls
from microbiomix.markers.knowledge import knowledge_yaml
from microbiomix.profile import Profile
from microbiomix.taxonomy import (
    Domain,
    Lineage,
    Rank,
    TaxonomySystem,
    classify_domain,
    name_key,
    strip_gtdb_suffixes,
)

PANEL_FILE = "pathogens.yaml"

Call = Literal["detected", "trace", "not detected", "not assessable"]
Kind = Literal["bacterium", "protozoan", "helminth", "fungus", "virus"]

_DOMAIN_OF_KIND = {"bacterium": "bacteria", "protozoan": "eukaryota", "helminth": "eukaryota",
                   "fungus": "eukaryota", "virus": "viruses"}
# Profilers whose standard databases hold eukaryotic markers (MetaPhlAn 3/4: Beghini 2021,
# Blanco-Miguez 2023): for them a missing eukaryote is "not detected", not "not assessable".
_EUKARYOTE_DATABASES = ("metaphlan",)


@dataclass(frozen=True)
class PanelOrganism:
    """One entry of ``knowledge/pathogens.yaml``."""

    id: str
    name: str
    kind: Kind
    rank: Rank
    names: tuple[str, ...]
    exclude: tuple[str, ...]
    min_percent: float
    min_basis: str
    dna_genome: bool
    genes_only: bool
    label: str | None
    meaning: str
    client_meaning: str
    confirm: str
    blind_spots: tuple[str, ...]
    sources: tuple[str, ...]
    healthy: Mapping[str, tuple[int, int]]


@dataclass(frozen=True)
class HealthyCohort:
    """A healthy cohort on which the panel's calls were counted (``healthy_cohorts``)."""

    id: str
    profiler: str
    text: str
    source: str


@dataclass(frozen=True)
class Panel:
    organisms: tuple[PanelOrganism, ...]
    cohorts: tuple[HealthyCohort, ...]
    method_blind_spots: tuple[tuple[str, tuple[str, ...]], ...]
    references: Mapping[str, str]
    default_basis: str


@lru_cache(maxsize=1)
def panel() -> Panel:
    """The pathogen panel, parsed once."""
    data: dict[str, Any] = knowledge_yaml(PANEL_FILE)
    defaults = data["defaults"]
    refs: dict[str, str] = dict(data["references"])
    organisms = []
    for row in data["organisms"]:
        match = row["match"]
        missing = [s for s in row["sources"] if s not in refs]
        if missing:
            raise ValueError(f"{PANEL_FILE}: {row['id']} cites unknown source(s) {missing}")
        organisms.append(PanelOrganism(
            id=row["id"], name=row["name"], kind=row["kind"],
            rank=Rank[match["rank"].upper()], names=tuple(match["names"]),
            exclude=tuple(match.get("exclude", ())),
            min_percent=float(row.get("min_percent", defaults["min_percent"])),
            min_basis=row.get("min_basis", "microbiomix's own choice (see defaults.basis)"),
            dna_genome=bool(row.get("dna_genome", True)),
            genes_only=row.get("report") == "genes_only",
            label=row.get("label"),
            meaning=row["meaning"], client_meaning=row["client_meaning"], confirm=row["confirm"],
            blind_spots=tuple(row.get("blind_spots", ())), sources=tuple(row["sources"]),
            healthy={k: (int(v[0]), int(v[1])) for k, v in row.get("healthy", {}).items()},
        ))
    spots = tuple((s["text"], tuple(s["sources"])) for s in data["method_blind_spots"])
    cohorts = tuple(HealthyCohort(k, v["profiler"], v["text"], v["source"])
                    for k, v in data["healthy_cohorts"].items())
    return Panel(tuple(organisms), cohorts, spots, refs, " ".join(defaults["basis"].split()))


def healthy_rate(organism: PanelOrganism, tool: str) -> str | None:
    """How often ``organism`` is called in healthy people profiled like this sample (``tool``
    is the profile's provenance tool), in words; None when no cohort of that profiler family."""
    words = tool.lower()
    for cohort in panel().cohorts:
        if cohort.profiler in words and cohort.id in organism.healthy:
            hits, people = organism.healthy[cohort.id]
            return f"healthy controls profiled the same way: {hits}/{people} ({cohort.text})"
    return None


@dataclass(frozen=True)
class PathogenCall:
    """One panel organism in one sample, with its evidence.

    Attributes:
        organism: the panel entry.
        call: see the module docstring.
        percent: summed abundance of the matching taxa (percent of the profile), None when not
            assessable.
        taxa: the profile's names that matched, with their abundance.
        reason: why not assessable, or what limits the call.
    """

    organism: PanelOrganism
    call: Call
    percent: float | None
    taxa: tuple[tuple[str, float], ...] = ()
    reason: str | None = None
    healthy: str | None = None
    reads: int | None = None

    @property
    def evidence(self) -> str:
        if self.call == "not assessable":
            return self.reason or "not assessable"
        if not self.taxa:
            return "no matching taxon in the profile"
        shown = ", ".join(f"{name} {value:.4g}%" for name, value in self.taxa[:4])
        more = f" and {len(self.taxa) - 4} more" if len(self.taxa) > 4 else ""
        text = f"{shown}{more}"
        if self.reads is not None:
            text += f" (about {self.reads:,} reads)"
        text += f"; reporting minimum {self.organism.min_percent:g}%"
        return f"{text}; {self.healthy}" if self.healthy else text


@dataclass(frozen=True)
class PathogenScreen:
    """Every panel organism for one sample, and what the method could see."""

    sample_id: str
    calls: tuple[PathogenCall, ...]
    kinds_seen: tuple[str, ...]
    profiler: str

    def call(self, organism_id: str) -> PathogenCall:
        return next(c for c in self.calls if c.organism.id == organism_id)

    def rule_inputs(self) -> dict[str, float | None]:
        """``pathogen.<id>`` -> percent when detected, 0 when not detected or trace (below the
        reporting minimum), None when not assessable (rules on it are then not evaluated)."""
        out: dict[str, float | None] = {}
        for c in self.calls:
            if c.organism.genes_only:
                continue  # E. coli: only genes decide; the species abundance is no finding
            if c.call == "not assessable":
                out[f"pathogen.{c.organism.id}"] = None
            else:
                out[f"pathogen.{c.organism.id}"] = c.percent if c.call == "detected" else 0.0
        return out


@lru_cache(maxsize=65536)  # every organism of the panel asks again for every taxon of a sample
def _key(name: str) -> str:
    return name_key(strip_gtdb_suffixes(name))


_FROM_DOMAIN = {Domain.BACTERIA: "bacteria", Domain.ARCHAEA: "archaea",
                Domain.MICROBIAL_EUKARYOTE: "eukaryota", Domain.VIRUS: "viruses"}


def _domain(lineage: Lineage) -> str | None:
    """The lineage's domain as the panel names it (the model's classifier: listed domain, else
    the shipped lineage table); None for host, plants and unknown."""
    return _FROM_DOMAIN.get(classify_domain(lineage))


def _genus_of(lineage: Lineage) -> str | None:
    genus = lineage.at(Rank.GENUS)
    if genus:
        return genus
    if lineage.rank == Rank.SPECIES:
        return lineage.name.replace("_", " ").split(" ")[0]
    return None


def _matches(organism: PanelOrganism, profile: Profile) -> list[tuple[str, float]]:
    """(name, percent) of the profile's taxa that are this organism, without double counting."""
    wanted = {_key(n) for n in organism.names}
    excluded = {_key(n) for n in organism.exclude}
    if organism.rank == Rank.SPECIES:
        species = [(lin.name, v) for lin, v in profile.abundances.items()
                   if lin.rank == Rank.SPECIES and _key(lin.name) in wanted and v > 0]
        if species:
            return species
        # A strain-only profile: sum its strains under the species name.
        return [(lin.name, v) for lin, v in profile.abundances.items()
                if lin.rank == Rank.STRAIN and v > 0 and lin.at(Rank.SPECIES)
                and _key(lin.at(Rank.SPECIES) or "") in wanted]
    # Genus entries: the species of the genus (minus exclusions), or the genus row when it says
    # more (reads assigned to the genus only).
    species = [(lin.name, v) for lin, v in profile.abundances.items()
               if lin.rank == Rank.SPECIES and v > 0 and _key(_genus_of(lin) or "") in wanted
               and _key(lin.name) not in excluded]
    genus_rows = [(lin.name, v) for lin, v in profile.abundances.items()
                  if lin.rank == Rank.GENUS and _key(lin.name) in wanted and v > 0]
    genus_total = sum(v for _, v in genus_rows)
    species_total = sum(v for _, v in species)
    if not excluded and genus_total > species_total:
        return genus_rows
    return species


def _not_assessable(organism: PanelOrganism, profile: Profile, domains: set[str]) -> str | None:
    """Why this profile cannot show this organism, or None if it can."""
    tool = f"{profile.provenance.tool} {profile.provenance.format}".lower()
    domain = _DOMAIN_OF_KIND[organism.kind]
    if not profile.abundances:
        return "the profile is empty"
    # GTDB holds no eukaryotes: a profile with eukaryote rows is not GTDB-named whatever the
    # reader guessed (e.g. a Kraken 2 report naming only Homo sapiens and a yeast).
    gtdb = profile.provenance.taxonomy == TaxonomySystem.GTDB and "eukaryota" not in domains
    if organism.id == "shigella" and gtdb:
        return "GTDB taxonomy places Shigella inside Escherichia; this profile cannot name it"
    if domain == "bacteria":
        return None
    if domain in domains:
        return None
    if domain == "eukaryota":
        if profile.provenance.taxonomy == TaxonomySystem.GTDB:
            return "GTDB covers bacteria and archaea only; eukaryotes cannot appear in this profile"
        if any(db in tool for db in _EUKARYOTE_DATABASES):
            return None
        return ("the profile holds no eukaryotes, so its database may not contain protozoa or "
                "fungi (e.g. mOTUs, sylph/GTDB, Kraken 2 Standard)")
    return ("the profile holds no viruses, so its database or settings may not include them "
            "(MetaPhlAn needs --add_viruses)")


# Readers whose percentages are read counts over all reads (Kraken 2 / Bracken / KrakenUniq
# reports): there reads = percent x reads of the sample. MetaPhlAn and mOTUs percentages are
# marker-based estimates, not read fractions, so no read number is derived for them.
_READ_COUNT_FORMATS = ("kraken2-report", "bracken", "krakenuniq")


def _reads(profile: Profile, percent: float) -> int | None:
    total = profile.provenance.reads
    if total is None or profile.provenance.format not in _READ_COUNT_FORMATS:
        return None
    return round(percent * total / 100)


def screen(profile: Profile) -> PathogenScreen:
    """Call every panel organism for one sample."""
    domains = {d for d in (_domain(lin) for lin in profile.abundances) if d}
    found = {o.id: _matches(o, profile) for o in panel().organisms}
    # A panel eukaryote or virus found by name proves the database holds that kind, even in a
    # species-only table whose names carry no domain (e.g. Bracken).
    domains |= {_DOMAIN_OF_KIND[o.kind] for o in panel().organisms if found[o.id]}
    calls = []
    for organism in panel().organisms:
        taxa = found[organism.id]
        total = sum(v for _, v in taxa)
        if total > 0:
            call: Call = "detected" if total >= organism.min_percent else "trace"
            calls.append(PathogenCall(organism, call, total, tuple(taxa),
                                      healthy=healthy_rate(organism, profile.provenance.tool),
                                      reads=_reads(profile, total)))
            continue
        reason = None if organism.dna_genome else (
            "RNA genome: not in a DNA metagenome, so its absence here means nothing")
        reason = reason or _not_assessable(organism, profile, domains)
        if reason:
            calls.append(PathogenCall(organism, "not assessable", None, (), reason))
        else:
            calls.append(PathogenCall(organism, "not detected", 0.0))
    # Helminths are in no standard profiler database (pathogens.yaml method_blind_spots).
    kinds = tuple(sorted({k for k, d in _DOMAIN_OF_KIND.items()
                          if k != "helminth" and (d == "bacteria" or d in domains)}))
    profiler = profile.provenance.tool or profile.provenance.format
    return PathogenScreen(profile.sample_id, tuple(calls), kinds, profiler)


@dataclass(frozen=True)
class RuleValue:
    """One input of knowledge/rules_infections.yaml, shaped like a marker result (``value``)."""

    value: float | None
    percentile: float | None = None


def infection_inputs(
    pathogens: PathogenScreen | None, genes: GeneCalls | None
) -> dict[str, RuleValue]:
    """The ``pathogen.<id>`` and ``genes.<group>`` values that the infection rules read."""
    values: dict[str, float | None] = {}
    if pathogens is not None:
        values.update(pathogens.rule_inputs())
    if genes is not None:
        values.update(genes.rule_inputs())
    return {key: RuleValue(value) for key, value in values.items()}
