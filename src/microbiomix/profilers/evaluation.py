"""Accuracy of a profile against a known truth at one rank (simulated communities, benchmarks).

L1 and Bray-Curtis come from :mod:`microbiomix.compare` (OPAL conventions), on profiles re-normalised
at the rank (OPAL ``-n``), since a read profiler reports part of the sample as unknown while the
truth is complete. Precision and recall are over taxon presence: precision = predicted taxa that
are in the truth / predicted taxa; recall = truth taxa above ``min_truth`` that were predicted /
truth taxa above ``min_truth``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from microbiomix.compare import bray_curtis, l1_distance
from microbiomix.profile import Profile, Provenance
from microbiomix.taxonomy import Lineage, Rank, TaxonomySystem, name_key


@dataclass(frozen=True)
class Accuracy:
    l1: float
    bray_curtis: float
    precision: float
    recall: float
    predicted: tuple[str, ...]
    missed: tuple[str, ...]
    false_positives: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "l1": self.l1,
            "bray_curtis": self.bray_curtis,
            "precision": self.precision,
            "recall": self.recall,
            "missed": list(self.missed),
            "false_positives": list(self.false_positives),
        }


def truth_profile(truth: Mapping[str, float], sample_id: str = "truth") -> Profile:
    """A species-rank profile (percent) from species -> fraction."""
    total = sum(truth.values())
    abundances = {
        Lineage((None,) * Rank.SPECIES + (name,)): 100.0 * value / total
        for name, value in truth.items()
        if value > 0
    }
    provenance = Provenance(format="truth", tool="simulation", taxonomy=TaxonomySystem.NCBI)
    return Profile(sample_id, abundances, 0.0, provenance)


def species_accuracy(
    truth: Mapping[str, float], predicted: Profile, min_truth: float = 0.005
) -> Accuracy:
    """Compare ``predicted`` with ``truth`` (species -> fraction) at species rank."""
    gold = truth_profile(truth)
    l1 = l1_distance(gold, predicted, Rank.SPECIES, normalise=True)
    bc = bray_curtis(gold, predicted, Rank.SPECIES, normalise=True)
    total = sum(truth.values())
    expected = {name_key(n) for n, v in truth.items() if v / total > min_truth}
    present = {name_key(n) for n, v in truth.items() if v > 0}
    names = {lin.key[1]: lin.name for lin, v in predicted.at_rank(Rank.SPECIES).items() if v > 0}
    found = set(names)
    precision = len(found & present) / len(found) if found else 0.0
    recall = len(found & expected) / len(expected) if expected else 1.0
    return Accuracy(
        l1=2.0 if l1 is None else l1,
        bray_curtis=1.0 if bc is None else bc,
        precision=precision,
        recall=recall,
        predicted=tuple(sorted(names.values())),
        missed=tuple(sorted(expected - found)),
        false_positives=tuple(sorted(names[k] for k in found - present)),
    )
