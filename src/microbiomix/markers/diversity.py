"""Alpha diversity of the species-level profile.

Definitions as in scikit-bio (``skbio.diversity.alpha``), natural logarithm:

* richness: number of species with abundance > 0 (``observed_features``)
* shannon: ``H = -sum p_i ln p_i`` (Shannon 1948, doi:10.1002/j.1538-7305.1948.tb01338.x)
* simpson: ``1 - sum p_i^2`` (Simpson 1949, doi:10.1038/163688a0)
* inverse_simpson: ``1 / sum p_i^2`` (Hill 1973 number of order 2, doi:10.2307/1934352)
* evenness: Pielou's ``J = H / ln S`` (Pielou 1966, doi:10.1016/0022-5193(66)90013-0)

Proportions are re-normalised over the named species of the microbial community (bacteria and
archaea: host, eukaryote and virus rows are not counted); rows named ``unclassified`` are not species.
Values depend on the profiler and its database: compare them only with a reference made the same way.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from microbiomix.markers import MarkerSpec, MarkerValues, register
from microbiomix.profile import Cohort
from microbiomix.taxonomy import Rank


def species_proportions(cohort: Cohort) -> tuple[np.ndarray, np.ndarray]:
    """(proportions over named species, per-sample total before normalising)."""
    cols = np.array(
        [
            c
            for c in cohort.community_columns(Rank.SPECIES)
            if "unclassified" not in cohort.taxa[c].name.lower()
        ],
        dtype=np.intp,
    )
    if cols.size == 0:
        return np.zeros((len(cohort), 0)), np.zeros(len(cohort))
    counts = cohort.values[:, cols]
    totals = counts.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = counts / totals[:, None]
    return np.where(np.isfinite(p), p, 0.0), totals


def _shannon(p: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0)
    return -terms.sum(axis=1)


def _richness(p: np.ndarray) -> np.ndarray:
    return (p > 0).sum(axis=1).astype(np.float64)


def _simpson(p: np.ndarray) -> np.ndarray:
    return 1.0 - (p**2).sum(axis=1)


def _inverse_simpson(p: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore"):
        return 1.0 / (p**2).sum(axis=1)


def _evenness(p: np.ndarray) -> np.ndarray:
    richness = _richness(p)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(richness > 1, _shannon(p) / np.log(richness), np.nan)


class DiversityMarker:
    def __init__(self, spec: MarkerSpec, formula: Callable[[np.ndarray], np.ndarray]) -> None:
        self.spec = spec
        self._formula = formula

    def compute(self, cohort: Cohort) -> MarkerValues:
        p, totals = species_proportions(cohort)
        values = self._formula(p).astype(np.float64)
        notes: list[str | None] = [None] * len(cohort)
        for i in np.flatnonzero(totals <= 0):
            values[i] = np.nan
            notes[i] = "not computed: no species-level abundances in this input"
        if self.spec.id == "evenness":
            for i in np.flatnonzero((totals > 0) & np.isnan(values)):
                notes[i] = "not computed: evenness needs at least two species"
        return MarkerValues(self.spec, values, np.full(len(cohort), np.nan), notes)


def _spec(marker_id: str, title: str, citation: str, doi: str) -> MarkerSpec:
    return MarkerSpec(
        id=marker_id,
        title=title,
        citation=citation,
        doi=doi,
        defined_on="species-level relative abundances from any profiler (values are profiler-specific)",
        taxonomy=None,
        rank=Rank.SPECIES,
    )


for _marker in (
    DiversityMarker(
        _spec("richness", "Species richness", "Hill MO 1973, Ecology 54:427 (order 0)",
              "10.2307/1934352"),
        _richness,
    ),
    DiversityMarker(
        _spec("shannon", "Shannon diversity (ln)", "Shannon CE 1948, Bell Syst Tech J 27:379",
              "10.1002/j.1538-7305.1948.tb01338.x"),
        _shannon,
    ),
    DiversityMarker(
        _spec("simpson", "Gini-Simpson diversity", "Simpson EH 1949, Nature 163:688",
              "10.1038/163688a0"),
        _simpson,
    ),
    DiversityMarker(
        _spec("inverse_simpson", "Inverse Simpson diversity", "Hill MO 1973, Ecology 54:427",
              "10.2307/1934352"),
        _inverse_simpson,
    ),
    DiversityMarker(
        _spec("evenness", "Pielou evenness", "Pielou EC 1966, J Theor Biol 13:131",
              "10.1016/0022-5193(66)90013-0"),
        _evenness,
    ),
):
    register(_marker)
