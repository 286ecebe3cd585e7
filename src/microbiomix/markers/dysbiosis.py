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

import os
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol

import numpy as np

from microbiomix.markers import MarkerSpec, MarkerValues, combine_notes, register
from microbiomix.markers.groups import species_columns, species_percent
from microbiomix.profile import Cohort, Provenance
from microbiomix.taxonomy import Rank, TaxonomySystem, canonical_key


class Reference(Protocol):
    """What the dysbiosis score reads from a healthy reference
    (:class:`microbiomix.reference.Reference`; markers do not import the reference stage)."""

    name: str
    profiler: str
    population: str
    taxonomy: TaxonomySystem
    distributions: dict[str, np.ndarray]
    sample_ids: tuple[str, ...]
    profiles: np.ndarray

    def species_keys(self, strip_suffixes: bool) -> list[tuple[Rank, str]]: ...

DYSBIOTIC_PERCENTILE = 90.0
CHUNK = 500  # input samples per distance block (memory: CHUNK x reference samples floats)
# Up to this many sample rows, distances are summed in NumPy; above it, SciPy's C loop is faster
# and worth its import (0.15 s, most of a one-sample run's start-up).
NUMPY_ROWS = 16
MAX_THREADS = 4

CITATION = "Lloyd-Price J et al. 2019, Nature 569:655"
DOI = "10.1038/s41586-019-1237-9"


def _workers() -> int:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(MAX_THREADS, cores))


def _bray_curtis_block(
    samples: np.ndarray, sample_sums: np.ndarray, reference: np.ndarray, reference_sums: np.ndarray
) -> np.ndarray:
    """Bray-Curtis dissimilarities, samples x reference rows, from the shared columns only.

    ``sum |u - v|`` splits into the columns where both sides can be non-zero (``cityblock`` there)
    and the rest, where one side is zero and ``|u - v| = u + v``; the rest sums to the row totals
    minus the shared columns' totals.
    """
    numerator = _cityblock(samples, reference)
    numerator += (sample_sums - samples.sum(axis=1))[:, None]
    numerator += (reference_sums - reference.sum(axis=1))[None, :]
    denominator = sample_sums[:, None] + reference_sums[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        return numerator / denominator


def _cityblock(samples: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """``sum |u - v|`` of every sample row with every reference row: SciPy's
    ``cdist(metric="cityblock")``. SciPy adds the columns one after another, so the NumPy loop
    over columns gives the same floats, bit for bit (tests/markers/test_dysbiosis.py)."""
    if samples.shape[0] > NUMPY_ROWS:
        from scipy.spatial.distance import cdist

        return cdist(samples, reference, metric="cityblock")
    total = np.zeros((samples.shape[0], reference.shape[0]))
    for column in range(samples.shape[1]):
        total += np.abs(samples[:, column, None] - reference[None, :, column])
    return total


def _row_medians(block: np.ndarray, count: int) -> np.ndarray:
    """Median of the first ``count`` smallest entries of each row (what ``np.median`` gives for a
    row of ``count`` values, when any further entries are larger; the block is overwritten)."""
    middle = [(count - 1) // 2, count // 2]
    block.partition(middle, axis=1)
    return (block[:, middle[0]] + block[:, middle[1]]) / 2.0


def median_bray_curtis(samples: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """Median over reference rows of the Bray-Curtis dissimilarity of each sample row.

    ``BC(u, v) = sum |u - v| / sum (u + v)``. Computed over only the columns non-zero on both
    sides (see :func:`_bray_curtis_block`), in blocks of :data:`CHUNK` rows on up to
    :data:`MAX_THREADS` threads (SciPy's ``cdist`` and NumPy's ``partition`` release the GIL).
    """
    samples = np.asarray(samples, dtype=np.float64)
    reference = np.asarray(reference, dtype=np.float64)
    out = np.empty(samples.shape[0])
    if samples.shape[0] == 0:
        return out
    shared = np.flatnonzero((samples != 0).any(axis=0) & (reference != 0).any(axis=0))
    sample_sums, reference_sums = samples.sum(axis=1), reference.sum(axis=1)
    compact = np.ascontiguousarray(samples[:, shared])
    compact_reference = np.ascontiguousarray(reference[:, shared])

    def block(start: int) -> None:
        rows = slice(start, start + CHUNK)
        distances = _bray_curtis_block(
            compact[rows], sample_sums[rows], compact_reference, reference_sums
        )
        out[rows] = _row_medians(distances, reference.shape[0])

    starts = range(0, samples.shape[0], CHUNK)
    if len(starts) == 1 or _workers() == 1:
        for start in starts:
            block(start)
    else:
        with ThreadPoolExecutor(max_workers=_workers()) as pool:
            list(pool.map(block, starts))
    return out


def leave_one_out_scores(reference: np.ndarray) -> np.ndarray:
    """Each reference row's median Bray-Curtis dissimilarity to all other rows."""
    reference = np.asarray(reference, dtype=np.float64)
    sums = reference.sum(axis=1)
    distances = _bray_curtis_block(reference, sums, reference, sums)
    np.fill_diagonal(distances, np.inf)  # sorts last, so the median is over the other rows
    return _row_medians(distances, reference.shape[0] - 1)


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
    columns = species_columns(cohort)
    percent, totals = species_percent(cohort)
    other = len(ref_keys)
    target = np.array(
        [position.get(canonical_key(Rank.SPECIES, cohort.taxa[c].name, cross), other)
         for c in columns],
        dtype=np.intp,
    )
    aligned = np.zeros((len(cohort), other + 1))
    if columns.size:
        # Sum input columns that meet in one reference species, in column order.
        order = np.argsort(target, kind="stable")
        targets, starts = np.unique(target[order], return_index=True)
        aligned[:, targets] = np.add.reduceat(percent[:, order] / 100.0, starts, axis=1)
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
    def reference(self) -> Reference | None:
        return self._reference

    def with_reference(self, reference: Reference) -> _ReferenceMarker:
        return type(self)(reference)

    def _scores(
        self, cohort: Cohort, reference: Reference
    ) -> tuple[np.ndarray, np.ndarray, list[str | None]]:
        aligned, totals, in_reference = aligned_profiles(cohort, reference)
        scores = median_bray_curtis(aligned, _reference_profiles(reference))
        general = (
            f"reference {reference.name}: {len(reference.sample_ids)} healthy samples "
            f"({reference.profiler})" + (f"; {reference.population}" if reference.population else "")
        )
        taxonomy = cohort.taxonomy
        by_provenance: dict[Provenance, str | None] = {}  # samples share a few provenances

        def note(provenance: Provenance) -> str | None:
            tool = provenance.tool + (f" {provenance.tool_version}" if provenance.tool_version
                                      and provenance.tool_version not in provenance.tool else "")
            comparability = None
            if tool != reference.profiler or taxonomy is not reference.taxonomy:
                comparability = (
                    f"input from {tool} ({taxonomy.value}) against a {reference.profiler} "
                    f"({reference.taxonomy.value}) reference: profiler and database differences "
                    "inflate the distance"
                )
            return combine_notes(general, comparability)

        empty = totals <= 0
        scores[empty] = np.nan
        in_reference[empty] = np.nan
        notes: list[str | None] = []
        for provenance, is_empty in zip(cohort.provenance, empty.tolist(), strict=True):
            if is_empty:
                notes.append("not computed: no species-level abundances in this input")
                continue
            if provenance not in by_provenance:
                by_provenance[provenance] = note(provenance)
            notes.append(by_provenance[provenance])
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
        reference = self.reference
        if reference is None:
            n = len(cohort)
            return MarkerValues(self.spec, np.full(n, np.nan), np.full(n, np.nan), [
                ("not computed: needs a healthy reference (microbiomix.reference."
                "compute_markers_against binds one)")] * n)
        scores, coverage, notes = self._scores(cohort, reference)
        limit = threshold(reference)
        states = {
            (above, note): combine_notes(
                f"{'dysbiotic' if above else 'not dysbiotic'} (reference 90th percentile "
                f"{limit:.4f})", note)
            for above in (True, False) for note in set(notes)
        }
        for i in np.flatnonzero(np.isfinite(scores)):
            notes[i] = states[(bool(scores[i] > limit), notes[i])]
        return MarkerValues(self.spec, scores, coverage, notes)


register(DysbiosisScore())
