"""Dysbiosis score: how far a sample's species composition lies from healthy people.

Lloyd-Price J et al. "Multi-omics of the gut microbial ecosystem in inflammatory bowel
diseases." Nature 569, 655-662 (2019). doi:10.1038/s41586-019-1237-9

As defined there: the dysbiosis score of a sample is the median Bray-Curtis dissimilarity
between its species-level profile and the profiles of a reference set of healthy (non-IBD)
samples; a sample is dysbiotic when its score is above the 90th percentile of the reference
samples' own scores. Here each reference sample's own score is computed leave-one-out against
the other reference samples, and the 90th percentile uses linear interpolation
(``numpy.percentile``).

Profiles are proportions over all species rows. Input species are matched to reference species by
name (synonyms joined; GTDB suffixes dropped across taxonomies); input species absent from the
reference still count (as abundance the reference samples lack). ``coverage`` is the fraction of
the sample's species abundance whose names occur in the reference. Scores depend on profiler and
database: a reference made with another profiler inflates distances.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from scipy.spatial.distance import cdist

from microbiomix.markers import MarkerSpec, MarkerValues, combine_notes, register
from microbiomix.markers.guilds import species_percent
from microbiomix.profile import Cohort
from microbiomix.taxonomy import Rank, canonical_key

if TYPE_CHECKING:
    from microbiomix.reference import Reference

DYSBIOTIC_PERCENTILE = 90.0
CHUNK = 1000  # input samples per distance block (memory: CHUNK x reference samples floats)

CITATION = "Lloyd-Price J et al. 2019, Nature 569:655"
DOI = "10.1038/s41586-019-1237-9"


def median_bray_curtis(samples: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """Median over reference rows of the Bray-Curtis dissimilarity of each sample row.

    ``BC(u, v) = sum |u - v| / sum (u + v)``.
    """
    out = np.empty(samples.shape[0])
    for start in range(0, samples.shape[0], CHUNK):
        block = cdist(samples[start : start + CHUNK], reference, metric="braycurtis")
        out[start : start + CHUNK] = np.median(block, axis=1)
    return out


def leave_one_out_scores(reference: np.ndarray) -> np.ndarray:
    """Each reference row's median Bray-Curtis dissimilarity to all other rows."""
    distances = cdist(reference, reference, metric="braycurtis")
    np.fill_diagonal(distances, np.nan)
    return np.nanmedian(distances, axis=1)


def threshold(reference: Reference) -> float:
    """The reference's 90th percentile of leave-one-out scores."""
    return float(np.percentile(reference.distributions["dysbiosis_score"], DYSBIOTIC_PERCENTILE))


def aligned_profiles(cohort: Cohort, reference: Reference) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(samples x (reference species + 1 "other") proportions, per-sample species total,
    per-sample fraction of abundance in reference species)."""
    cross = cohort.taxonomy is not reference.taxonomy
    ref_keys = reference.species_keys(cross)
    position: dict[tuple[Rank, str], int] = {}
    for j, key in enumerate(ref_keys):
        position.setdefault(key, j)
    columns = cohort.rank_columns(Rank.SPECIES)
    percent, totals = species_percent(cohort, columns)
    other = len(ref_keys)
    target = np.array(
        [position.get(canonical_key(Rank.SPECIES, cohort.taxa[c].name, cross), other)
         for c in columns],
        dtype=np.intp,
    )
    aligned = np.zeros((len(cohort), other + 1))
    if columns.size:
        # Sum input columns that meet in one reference species (np.add.at is unbuffered).
        np.add.at(aligned.T, target, (percent / 100.0).T)
    in_reference = 1.0 - aligned[:, other]
    return aligned, totals, in_reference


def _reference_profiles(reference: Reference) -> np.ndarray:
    return np.hstack([reference.profiles, np.zeros((reference.profiles.shape[0], 1))])


class _ReferenceMarker:
    uses_reference = True
    spec: MarkerSpec

    def __init__(self, reference: Reference | None = None) -> None:
        self._reference = reference

    @property
    def reference(self) -> Reference:
        if self._reference is None:
            from microbiomix.reference import default_reference

            self._reference = default_reference()
        return self._reference

    def with_reference(self, reference: Reference) -> _ReferenceMarker:
        return type(self)(reference)

    def _scores(self, cohort: Cohort) -> tuple[np.ndarray, np.ndarray, list[str | None]]:
        reference = self.reference
        aligned, totals, in_reference = aligned_profiles(cohort, reference)
        scores = median_bray_curtis(aligned, _reference_profiles(reference))
        notes: list[str | None] = []
        general = (
            f"reference {reference.name}: {len(reference.sample_ids)} healthy samples "
            f"({reference.profiler})"
        )
        if reference.name == "bundled-healthy":
            general += ", small and from few studies"
        for i in range(len(cohort)):
            if totals[i] <= 0:
                scores[i] = np.nan
                in_reference[i] = np.nan
                notes.append("not computed: no species-level abundances in this input")
                continue
            provenance = cohort.provenance[i]
            tool = provenance.tool + (f" {provenance.tool_version}" if provenance.tool_version
                                      and provenance.tool_version not in provenance.tool else "")
            comparability = None
            if tool != reference.profiler or cohort.taxonomy is not reference.taxonomy:
                comparability = (
                    f"input from {tool} ({cohort.taxonomy.value}) against a {reference.profiler} "
                    f"({reference.taxonomy.value}) reference: profiler and database differences "
                    "inflate the distance"
                )
            notes.append(combine_notes(general, comparability))
        return scores, in_reference, notes


class DysbiosisScore(_ReferenceMarker):
    spec = MarkerSpec(
        id="dysbiosis_score",
        title="Dysbiosis score (median Bray-Curtis to healthy reference)",
        citation=CITATION,
        doi=DOI,
        defined_on="species-level relative abundances, against healthy reference samples profiled "
        "the same way",
        taxonomy=None,
        rank=Rank.SPECIES,
    )

    def compute(self, cohort: Cohort) -> MarkerValues:
        scores, coverage, notes = self._scores(cohort)
        limit = threshold(self.reference)
        for i in np.flatnonzero(np.isfinite(scores)):
            state = "dysbiotic" if scores[i] > limit else "not dysbiotic"
            notes[i] = combine_notes(
                f"{state} (reference 90th percentile {limit:.4f})", notes[i]
            )
        return MarkerValues(self.spec, scores, coverage, notes)


register(DysbiosisScore())
