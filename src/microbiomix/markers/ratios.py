"""Phylum fractions and ratios.

* ``proteobacteria``: percent of the phylum-level community in Proteobacteria
  (``100 * Proteobacteria / sum of all phyla``). An expansion of Proteobacteria is proposed as a
  signature of dysbiosis (Shin NR, Whon TW, Bae JW 2015, Trends Biotechnol 33:496,
  doi:10.1016/j.tibtech.2015.06.011).
* ``firmicutes_bacteroidota_ratio``: Firmicutes (Bacillota) / Bacteroidetes (Bacteroidota) at
  phylum level, for research output only (``mmm markers``): the 2025 international consensus on
  microbiome testing in clinical practice (Porcari S et al., Lancet Gastroenterol Hepatol 10:154-167,
  doi:10.1016/S2468-1253(24)00311-X) says to leave it out of reports, so its spec has
  ``in_reports=False`` and reports, trends and the client view skip it. Not a reliable marker of
  health or obesity (Magne F et al. 2020, Nutrients 12:1474, doi:10.3390/nu12051474). Both carried
  in every note.
* ``prevotella_bacteroides_ratio``: Prevotella / Bacteroides, summed over their species, the two
  genera that drive the enterotypes (Arumugam M et al. 2011, Nature 473:174,
  doi:10.1038/nature09944). The genera are taxonomy-dependent (Phocaeicola, Segatella split off):
  compare only within one profiler and database.

Phylum markers need phylum-level rows (MetaPhlAn, CAMI, Kraken ...); species-only tables decline.
GTDB splits phyla (``Firmicutes_A`` ...); suffixed parts are summed.
"""

from __future__ import annotations

import numpy as np

from microbiomix.markers import MarkerSpec, MarkerValues, combine_notes, register
from microbiomix.markers.groups import species_membership, species_percent, used_names
from microbiomix.markers.mapping import TaxonMapping, map_taxa
from microbiomix.profile import Cohort
from microbiomix.taxonomy import Rank, TaxonomySystem

FB_CAVEAT = (
    "research output only, left out of reports as the international consensus on microbiome "
    "testing advises (Porcari et al. 2025 Lancet Gastroenterol Hepatol 10:154, "
    "doi:10.1016/S2468-1253(24)00311-X); the Firmicutes/Bacteroidota ratio is not a reliable "
    "health marker (Magne et al. 2020 Nutrients 12:1474, doi:10.3390/nu12051474)"
)


def _phyla(cohort: Cohort, names: list[str]) -> tuple[np.ndarray, np.ndarray, TaxonMapping]:
    """(samples x names abundance, per-sample phylum total, mapping)."""
    mapping = map_taxa(cohort, [(Rank.PHYLUM, n) for n in names], TaxonomySystem.NCBI)
    phylum_cols = cohort.community_columns(Rank.PHYLUM)  # bacteria and archaea only
    totals = cohort.values[:, phylum_cols].sum(axis=1) if phylum_cols.size else np.zeros(len(cohort))
    return mapping.matrix(cohort.values), totals, mapping


def _spec(marker_id: str, title: str, citation: str, doi: str, rank: Rank, unit: str,
          in_reports: bool = True) -> MarkerSpec:
    return MarkerSpec(
        id=marker_id,
        title=title,
        citation=citation,
        doi=doi,
        defined_on="relative abundances with NCBI phylum/genus names (any profiler)",
        taxonomy=TaxonomySystem.NCBI,
        rank=rank,
        unit=unit,
        in_reports=in_reports,
    )


def _finish(
    spec: MarkerSpec, values: np.ndarray, reasons: list[str | None], coverage: float,
    note: str | None, used: tuple[str, ...],
) -> MarkerValues:
    notes: list[str | None] = []
    for i, reason in enumerate(reasons):
        if reason:
            values[i] = np.nan
            notes.append(combine_notes(f"not computed: {reason}", note if spec.id.startswith("firm") else None))
        else:
            notes.append(note)
    return MarkerValues(spec, values, np.full(len(values), coverage), notes, used)


def _used(cohort: Cohort, mapping: TaxonMapping) -> tuple[str, ...]:
    return tuple(sorted({cohort.taxa[c].name for cols in mapping.columns for c in cols}))


class Proteobacteria:
    spec = _spec(
        "proteobacteria", "Proteobacteria (Pseudomonadota) fraction",
        "Shin NR, Whon TW, Bae JW 2015, Trends Biotechnol 33:496", "10.1016/j.tibtech.2015.06.011",
        Rank.PHYLUM, "%",
    )

    def compute(self, cohort: Cohort) -> MarkerValues:
        matrix, totals, mapping = _phyla(cohort, ["Proteobacteria"])
        with np.errstate(divide="ignore", invalid="ignore"):
            values = 100.0 * matrix[:, 0] / totals
        reasons = [
            "no phylum-level abundances in this input" if t <= 0 else None for t in totals
        ]
        note = combine_notes(
            mapping.note,
            "GTDB moves sulphate reducers (Desulfobacterota) and others out of Proteobacteria"
            if cohort.taxonomy is TaxonomySystem.GTDB else None,
        )
        return _finish(self.spec, values, reasons, mapping.coverage, note, _used(cohort, mapping))


class FirmicutesBacteroidota:
    spec = _spec(
        "firmicutes_bacteroidota_ratio", "Firmicutes/Bacteroidota ratio (research output only)",
        "Porcari S et al. 2025, Lancet Gastroenterol Hepatol 10:154 (leave out of reports); "
        "Magne F et al. 2020, Nutrients 12:1474 (not a reliable marker)",
        "10.1016/S2468-1253(24)00311-X", Rank.PHYLUM, "", in_reports=False,
    )

    def compute(self, cohort: Cohort) -> MarkerValues:
        matrix, totals, mapping = _phyla(cohort, ["Firmicutes", "Bacteroidetes"])
        firmicutes, bacteroidota = matrix[:, 0], matrix[:, 1]
        with np.errstate(divide="ignore", invalid="ignore"):
            values = firmicutes / bacteroidota
        reasons: list[str | None] = []
        for i in range(len(cohort)):
            if totals[i] <= 0:
                reasons.append("no phylum-level abundances in this input")
            elif bacteroidota[i] <= 0:
                reasons.append("no Bacteroidota in this sample (ratio undefined)")
            else:
                reasons.append(None)
        note = combine_notes(FB_CAVEAT, mapping.note)
        return _finish(self.spec, values, reasons, mapping.coverage, note, _used(cohort, mapping))


class PrevotellaBacteroides:
    spec = _spec(
        "prevotella_bacteroides_ratio", "Prevotella/Bacteroides ratio (enterotype drivers)",
        "Arumugam M et al. 2011, Nature 473:174", "10.1038/nature09944", Rank.GENUS, "",
    )

    def compute(self, cohort: Cohort) -> MarkerValues:
        genera = [(Rank.GENUS, "Prevotella"), (Rank.GENUS, "Bacteroides")]
        membership = species_membership(cohort, genera, TaxonomySystem.NCBI)
        percent, totals = species_percent(cohort)
        sums = percent @ membership.matrix.astype(np.float64)
        prevotella, bacteroides = sums[:, 0], sums[:, 1]
        with np.errstate(divide="ignore", invalid="ignore"):
            values = prevotella / bacteroides
        reasons: list[str | None] = []
        for i in range(len(cohort)):
            if totals[i] <= 0:
                reasons.append("no species-level abundances in this input")
            elif bacteroides[i] <= 0:
                reasons.append(
                    f"no Bacteroides in this sample (ratio undefined; Prevotella {prevotella[i]:.3g}%)"
                )
            else:
                reasons.append(None)
        note = combine_notes(
            membership.note,
            "genus boundaries differ between taxonomies and database versions (Phocaeicola, "
            "Segatella): compare within one profiler",
        )
        return _finish(
            self.spec, values, reasons, membership.coverage, note, used_names(cohort, membership)
        )


for _marker in (Proteobacteria(), FirmicutesBacteroidota(), PrevotellaBacteroides()):
    register(_marker)
