"""Mapping a marker's taxa onto a cohort's columns, across synonyms and taxonomy systems."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from microbiomix.profile import Cohort
from microbiomix.taxonomy import Rank, TaxonomySystem, canonical_key, gtdb_name_keys


@dataclass(frozen=True)
class TaxonMapping:
    """Where each marker taxon is in a cohort.

    Attributes:
        columns: per marker taxon, the cohort columns holding it (several when GTDB splits one
            NCBI taxon into suffixed parts; they are summed). Empty when absent from every sample.
        mappable: per marker taxon, whether the input's taxonomy can express it at all. A
            mappable taxon with no column is absent; an unmappable one is unknown.
        note: how names were matched, when that is not by identity.
    """

    columns: list[np.ndarray]
    mappable: np.ndarray
    note: str | None

    @property
    def coverage(self) -> float:
        return float(self.mappable.mean()) if self.mappable.size else float("nan")

    def shortfall(self, minimum: float, what: str, cohort: Cohort) -> str | None:
        """Why the marker declines for lack of mapped taxa, or None when coverage suffices."""
        if self.coverage >= minimum:
            return None
        return (
            f"only {int(self.mappable.sum())} of {self.mappable.size} {what} can be named in this "
            f"input's taxonomy ({cohort.taxonomy.value})"
        )

    def used_names(self, cohort: Cohort) -> tuple[str, ...]:
        """The input's names of the marker taxa found in it."""
        return tuple(sorted({cohort.taxa[c].name for cols in self.columns for c in cols}))

    def matrix(self, values: np.ndarray) -> np.ndarray:
        """Samples x marker taxa, summing the columns each marker taxon maps to."""
        out = np.zeros((values.shape[0], len(self.columns)), dtype=np.float64)
        for j, cols in enumerate(self.columns):
            if cols.size == 1:
                out[:, j] = values[:, cols[0]]
            elif cols.size:
                out[:, j] = values[:, cols].sum(axis=1)
        return out


def map_taxa(
    cohort: Cohort, taxa: Sequence[tuple[Rank, str]], defined_in: TaxonomySystem
) -> TaxonMapping:
    """Map marker taxa (rank, name in ``defined_in``) onto the cohort's columns.

    * Same taxonomy: names meet through the curated synonym table.
    * NCBI-named marker on a GTDB-named input: synonyms, and GTDB's alphabetic suffixes are
      dropped (``prausnitzii_C`` counts as ``prausnitzii``); a taxon is mappable only if GTDB
      names it at all (per the SGB2GTDB tables of MetaPhlAn 4).
    * Unknown taxonomy (e.g. genome file names): nothing is mappable.
    """
    system = cohort.taxonomy
    ranks_present = {lin.rank for lin in cohort.taxa}
    if system is TaxonomySystem.UNKNOWN:
        empty = [np.array([], dtype=np.intp) for _ in taxa]
        return TaxonMapping(empty, np.zeros(len(taxa), dtype=bool), "input taxonomy unknown")
    cross = system is not defined_in
    index = cohort.canonical_index(strip_suffixes=cross)
    columns: list[np.ndarray] = []
    mappable = np.zeros(len(taxa), dtype=bool)
    universe = gtdb_name_keys() if cross and system is TaxonomySystem.GTDB else None
    for j, (rank, name) in enumerate(taxa):
        key = canonical_key(rank, name, strip_suffixes=cross)
        cols = index.get(key, [])
        columns.append(np.array(cols, dtype=np.intp))
        if rank not in ranks_present:
            continue
        if not cross:
            mappable[j] = True
        elif universe is not None:
            mappable[j] = bool(cols) or key in universe
        else:
            mappable[j] = bool(cols)
    note = None
    if cross:
        note = (
            f"taxa defined in {defined_in.value.upper()} names matched to {system.value.upper()} "
            "names by synonym table and GTDB suffix merging"
        )
    return TaxonMapping(columns, mappable, note)
