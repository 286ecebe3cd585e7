"""The sample-quality gate: is this profile a stool microbial community we can interpret?

Computed once per sample from the profile model (:func:`assess`); interpretation and the report read
the resulting :class:`Quality` and never recompute it. Each check compares one measured share with
the limits in ``knowledge/quality.yaml`` (every limit with its source or stated as the project's own
choice). The verdict is the worst check: ``fail`` withholds microbiome-based findings and their plan
items; ``caution`` keeps them with the reasons shown; ``pass`` says nothing needs saying.

What is measured, per sample:

* unassigned: the profiler's unknown / unclassified percent of the whole sample;
* host (Homo sapiens, other Chordata, plants, arthropods), viruses and phage, microbial eukaryotes,
  taxa of unknown domain: percent of the species-level (classified) abundance, each row's domain
  from :func:`microbiomix.taxonomy.classify_domain`;
* the community (bacteria and archaea) as percent of the whole sample;
* food starter cultures (yoghurt, kefir, cheese species) as percent of the community;
* read depth, where the input states it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Literal

import numpy as np
import yaml

from microbiomix.profile import Cohort, Profile
from microbiomix.taxonomy import COMMUNITY_DOMAINS, Domain, Rank, canonical_key

Verdict = Literal["pass", "caution", "fail"]
_ORDER: dict[str, int] = {"pass": 0, "caution": 1, "fail": 2}
KNOWLEDGE_FILE = "quality.yaml"


@dataclass(frozen=True)
class Limit:
    """One check's limits, from ``knowledge/quality.yaml``."""

    id: str
    title: str
    direction: Literal["above", "below"]
    caution: float | None
    fail: float | None
    source: str

    def verdict(self, value: float) -> Verdict:
        def beyond(limit: float | None) -> bool:
            if limit is None:
                return False
            return value >= limit if self.direction == "above" else value < limit

        if beyond(self.fail):
            return "fail"
        return "caution" if beyond(self.caution) else "pass"

    def describe(self, verdict: Verdict) -> str:
        limit = self.fail if verdict == "fail" else self.caution
        sign = ">=" if self.direction == "above" else "<"
        return f"{sign} {_number(limit)}" if limit is not None else ""


@cache
def _knowledge() -> tuple[tuple[Limit, ...], tuple[tuple[str, str], ...]]:
    text = resources.files("microbiomix.knowledge").joinpath(KNOWLEDGE_FILE).read_text()
    data = yaml.safe_load(text)
    limits = tuple(
        Limit(c["id"], c["title"], c["direction"], c.get("caution"), c.get("fail"), c["source"])
        for c in data["checks"]
    )
    starters = tuple((s["name"], s["source"]) for s in data["starters"])
    return limits, starters


def limits() -> dict[str, Limit]:
    """Check id -> its limits."""
    return {limit.id: limit for limit in _knowledge()[0]}


def starter_species() -> tuple[str, ...]:
    return tuple(name for name, _ in _knowledge()[1])


def _number(value: float | None) -> str:
    if value is None:
        return "NA"
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3g}"


@dataclass(frozen=True)
class QualityCheck:
    """One measured share and how it compares with its limits; ``not measured`` where the input
    does not say (unknown is not a pass, and does not count towards the sample's verdict)."""

    id: str
    title: str
    value: float | None
    unit: str
    verdict: Verdict | Literal["not measured"]
    limit: str
    source: str

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "value": self.value, "unit": self.unit,
                "verdict": self.verdict, "limit": self.limit, "source": self.source}


@dataclass(frozen=True)
class Quality:
    """The sample-quality verdict of one sample.

    Attributes:
        sample: sample id.
        verdict: ``pass``, ``caution`` or ``fail`` (the worst of the checks).
        reasons: one sentence per check that is not ``pass``.
        checks: every check, with its value, unit, limit and source.
        community_species: number of bacterial/archaeal species the profile reports.
    """

    sample: str
    verdict: Verdict
    reasons: tuple[str, ...]
    checks: tuple[QualityCheck, ...]
    community_species: int
    notes: tuple[str, ...] = field(default=())

    @property
    def withholds_microbiome_findings(self) -> bool:
        return self.verdict == "fail"

    def value(self, check_id: str) -> float | None:
        return next((c.value for c in self.checks if c.id == check_id), None)

    def summary(self) -> str:
        """``caution: 64% of the sample unassigned (>= 60); ...`` or ``pass``."""
        return self.verdict + (": " + "; ".join(self.reasons) if self.reasons else "")

    def as_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "reasons": list(self.reasons),
            "withholds_microbiome_findings": self.withholds_microbiome_findings,
            "community_species": self.community_species,
            "checks": [c.as_dict() for c in self.checks],
            "notes": list(self.notes),
            "denominators": (
                "unassigned and community: percent of the whole sample; host, viruses, microbial "
                "eukaryotes and unknown domain: percent of species-level (classified) abundance; "
                "starters: percent of the community (bacteria + archaea)"
            ),
        }


def _starter_columns(cohort: Cohort, community: np.ndarray) -> np.ndarray:
    keys = {canonical_key(Rank.SPECIES, name) for name in starter_species()}
    return np.array(
        [c for c in community
         if canonical_key(Rank.SPECIES, cohort.taxa[c].name) in keys
         # MetaPhlAn's subspecies-less name or a subspecies written into the species name
         or canonical_key(Rank.SPECIES, " ".join(cohort.taxa[c].name.split(" ")[:2])) in keys],
        dtype=np.intp,
    )


def assess(cohort: Cohort) -> list[Quality]:
    """The quality of every sample of ``cohort`` (one :class:`Quality` per sample, in order)."""
    shares = cohort.domain_percent(Rank.SPECIES)
    # in Domain order: a frozenset's order changes with the hash seed, and so would the sum's last bit
    community_share = np.sum([shares[d] for d in Domain if d in COMMUNITY_DOMAINS], axis=0)
    community = cohort.community_columns(Rank.SPECIES)
    community_values = cohort.values[:, community] if community.size else np.zeros((len(cohort), 0))
    community_total = community_values.sum(axis=1)
    species_count = (community_values > 0).sum(axis=1)
    starters = _starter_columns(cohort, community)
    starter_total = cohort.values[:, starters].sum(axis=1) if starters.size else np.zeros(len(cohort))
    table = limits()
    out = []
    for i, sample in enumerate(cohort.sample_ids):
        unknown = float(cohort.unknown[i])
        has_unknown = not np.isnan(unknown)
        notes: list[str] = []
        if not has_unknown:
            notes.append("the input states no unassigned fraction: shares are of the classified "
                         "part only")
        of_sample = float(community_share[i]) * ((100.0 - unknown) / 100.0 if has_unknown else 1.0)
        measured: dict[str, tuple[float | None, str]] = {
            "community_percent_of_sample": (of_sample, "% of sample"),
            "unassigned_percent": (unknown if has_unknown else None, "% of sample"),
            "host_percent": (float(shares[Domain.HOST_OR_NON_MICROBIAL][i]), "% of classified"),
            "virus_percent": (float(shares[Domain.VIRUS][i]), "% of classified"),
            "microbial_eukaryote_percent": (float(shares[Domain.MICROBIAL_EUKARYOTE][i]),
                                            "% of classified"),
            "unknown_domain_percent": (float(shares[Domain.UNKNOWN][i]), "% of classified"),
            "starter_percent_of_community": (
                100.0 * float(starter_total[i]) / float(community_total[i])
                if community_total[i] > 0 else None, "% of community"),
        }
        checks = []
        reasons = []
        reads = cohort.provenance[i].reads
        measured["reads"] = (float(reads) if reads is not None else None, "reads")
        for check_id, (value, unit) in measured.items():
            limit = table[check_id]
            if value is None:
                checks.append(QualityCheck(check_id, limit.title, None, unit, "not measured",
                                           limit.describe("pass"), limit.source))
                continue
            verdict: Verdict = limit.verdict(value)
            checks.append(QualityCheck(check_id, limit.title, value, unit, verdict,
                                       limit.describe(verdict), limit.source))
            if verdict != "pass" and value is not None:
                reasons.append(f"{limit.title}: {_number(value)} {unit} "
                               f"({verdict} at {limit.describe(verdict)})")
        if species_count[i] == 0:
            reasons.insert(0, "no bacterial or archaeal species in the profile")
        measured_verdicts: list[Verdict] = [c.verdict for c in checks if c.verdict != "not measured"]
        worst: Verdict = "fail" if species_count[i] == 0 else max(
            measured_verdicts, key=_ORDER.__getitem__, default="pass")
        out.append(Quality(sample, worst, tuple(reasons), tuple(checks), int(species_count[i]),
                           tuple(notes)))
    return out


def assess_profile(profile: Profile) -> Quality:
    """The quality of one sample."""
    return assess(Cohort.from_profiles([profile]))[0]
