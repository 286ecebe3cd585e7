"""Gut Microbiome Wellness Index 2 (GMWI2).

Chang D, Gupta VK, et al. "Gut Microbiome Wellness Index 2 enhances health status prediction from
gut microbiome taxonomic profiles." Nat Commun 15, 7447 (2024). doi:10.1038/s41467-024-51651-9

As in the authors' ``gmwi2_metaphlan_output.py`` (github.com/danielchang2002/GMWI2@9850ec7):
each clade's relative abundance (MetaPhlAn3, ``--unknown_estimation``) is divided by
``100 - UNKNOWN``; a clade is present when that value exceeds 1e-5; GMWI2 is the model's
intercept plus the sum of the coefficients of the present clades (an L1 logistic regression on
presence/absence at every rank). Positive values look more like the healthy group.
"""

from __future__ import annotations

import numpy as np

from microbiomix.markers import (
    MarkerSpec,
    MarkerValues,
    combine_notes,
    decline_or_note,
    register,
)
from microbiomix.markers.knowledge import knowledge_lines
from microbiomix.markers.mapping import map_taxa
from microbiomix.profile import Cohort
from microbiomix.taxonomy import Rank, TaxonomySystem, parse_lineage

PRESENCE_THRESHOLD = 0.00001


def _model() -> tuple[list[tuple[Rank, str]], np.ndarray, float]:
    taxa: list[tuple[Rank, str]] = []
    coefficients: list[float] = []
    for line in knowledge_lines("indices/gmwi2_coefficients.tsv")[1:]:
        lineage_text, coefficient = line.split("\t")
        lineage = parse_lineage(lineage_text)
        taxa.append((lineage.rank, lineage.name))
        coefficients.append(float(coefficient))
    intercept = float(knowledge_lines("indices/gmwi2_intercept.txt")[0])
    return taxa, np.array(coefficients), intercept


class GMWI2:
    spec = MarkerSpec(
        id="gmwi2",
        title="Gut Microbiome Wellness Index 2",
        citation="Chang D, Gupta VK et al. 2024, Nat Commun 15:7447",
        doi="10.1038/s41467-024-51651-9",
        defined_on="MetaPhlAn3 (mpa_v30) clade relative abundances at every rank, --unknown_estimation",
        taxonomy=TaxonomySystem.NCBI,
        rank=None,
        resources=("indices/gmwi2_coefficients.tsv", "indices/gmwi2_intercept.txt"),
        min_coverage=0.8,
    )

    def compute(self, cohort: Cohort) -> MarkerValues:
        taxa, coefficients, intercept = _model()
        n = len(cohort)
        unknown = np.nan_to_num(cohort.unknown, nan=0.0)
        # Species-only input: genus ... phylum terms come from the shipped species lineages,
        # never from silently absent ranks.
        cohort, placed = cohort.with_derived_ancestors()
        mapping = map_taxa(cohort, taxa, TaxonomySystem.NCBI)
        with np.errstate(divide="ignore", invalid="ignore"):
            scaled = mapping.matrix(cohort.values) / (100.0 - unknown)[:, None]
        present = np.nan_to_num(scaled) > PRESENCE_THRESHOLD
        values = intercept + present.astype(np.float64) @ coefficients
        coverage = np.full(n, mapping.coverage)
        empty = ~cohort.values.any(axis=1)
        shortfall = mapping.shortfall(self.spec.min_coverage, "GMWI2 clades", cohort)
        reasons = [
            "empty profile"
            if empty[i]
            else "the whole sample is unknown"
            if unknown[i] >= 100.0
            else _unplaced(placed[i])
            or shortfall
            for i in range(n)
        ]
        notes = decline_or_note(
            values, reasons,
            lambda i: combine_notes(mapping.note, _derived_note(placed[i]), _comparability(cohort, i)),
        )
        used = mapping.used_names(cohort)
        return MarkerValues(self.spec, values, coverage, notes, used)


MIN_PLACED_PERCENT = 90.0  # project's choice: below this, derived higher ranks miss too much


def _unplaced(placed: float) -> str | None:
    if np.isnan(placed) or placed >= MIN_PLACED_PERCENT:
        return None
    return (
        f"the input names species only and the shipped lineage table places {placed:.0f}% of their "
        f"abundance (at least {MIN_PLACED_PERCENT:.0f}% needed to derive genus-to-phylum terms)"
    )


def _derived_note(placed: float) -> str | None:
    if np.isnan(placed):
        return None
    return (
        f"species-only input: higher ranks derived from the shipped species lineages "
        f"(knowledge/taxonomy_lineages.tsv), {placed:.1f}% of species abundance placed"
    )


def _comparability(cohort: Cohort, sample: int) -> str | None:
    provenance = cohort.provenance[sample]
    notes = []
    if not (provenance.tool.startswith("MetaPhlAn") and provenance.tool_version == "3"):
        notes.append(
            f"GMWI2 was trained on MetaPhlAn3 profiles; this input is {provenance.tool}, so the "
            "value is indicative, not the published index"
        )
    if np.isnan(cohort.unknown[sample]):
        notes.append("input has no unknown fraction; GMWI2 expects --unknown_estimation")
    return combine_notes(*notes)


register(GMWI2())
