"""Gut Microbiome Health Index (GMHI).

Gupta VK et al. "A predictive index for health status using species-level gut microbiome
profiling." Nat Commun 11, 4635 (2020). doi:10.1038/s41467-020-18476-8

As in the authors' ``GMHI.R`` (github.com/jaeyunsung/GMHI_2020@87fe9f6):

1. drop species whose name contains ``unclassified`` or ``virus``;
2. re-normalise each sample to proportions; set proportions below 1e-5 to 0;
3. for each set S (MH: 7 health-prevalent, MN: 43 health-scarce species),
   ``psi_S = (R_S / S') * H_S`` with ``R_S`` the number of S species present,
   ``H_S = -sum p ln p`` over them, ``S' = 7`` for MH and ``31`` for MN (median counts in the
   training data, not the list sizes);
4. ``GMHI = log10((psi_MH + 1e-5) / (psi_MN + 1e-5))``.
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
from microbiomix.taxonomy import Domain, Rank, TaxonomySystem, parse_lineage

PRESENCE_THRESHOLD = 0.00001
PSEUDOCOUNT = 0.00001
MH_PRIME = 7
MN_PRIME = 31


def _species(path: str) -> list[tuple[Rank, str]]:
    return [(Rank.SPECIES, parse_lineage(line).name) for line in knowledge_lines(path)]


def _kept_by_gmhi(name: str) -> bool:
    """GMHI.R drops rows by ``grep`` on the MetaPhlAn name (case-sensitive)."""
    metaphlan_name = "s__" + name.replace(" ", "_")
    return "unclassified" not in metaphlan_name and "virus" not in metaphlan_name


def _psi(p: np.ndarray, prime: int) -> np.ndarray:
    """(R / S') * H for each row of a proportions matrix already thresholded."""
    present = p > 0
    richness = present.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(present, p * np.log(np.where(present, p, 1.0)), 0.0)
    shannon = -plogp.sum(axis=1)
    return (richness / prime) * shannon


class GMHI:
    spec = MarkerSpec(
        id="gmhi",
        title="Gut Microbiome Health Index",
        citation="Gupta VK et al. 2020, Nat Commun 11:4635",
        doi="10.1038/s41467-020-18476-8",
        defined_on="MetaPhlAn2 species-level relative abundances",
        taxonomy=TaxonomySystem.NCBI,
        rank=Rank.SPECIES,
        resources=("indices/MH_species.txt", "indices/MN_species.txt"),
        min_coverage=0.8,
    )

    def compute(self, cohort: Cohort) -> MarkerValues:
        mh = _species("indices/MH_species.txt")
        mn = _species("indices/MN_species.txt")
        n = len(cohort)
        # GMHI.R keeps every species row but "unclassified"/"virus" names (phage rows stay, as
        # in the authors' MetaPhlAn2 inputs); host and other non-microbial rows, which MetaPhlAn2
        # never reported, are left out.
        domains = cohort.domains
        species_cols = np.array(
            [c for c in cohort.rank_columns(Rank.SPECIES)
             if domains[c] is not Domain.HOST_OR_NON_MICROBIAL], dtype=np.intp
        )
        kept = np.array(
            [c for c in species_cols if _kept_by_gmhi(cohort.taxa[c].name)], dtype=np.intp
        )
        totals = cohort.values[:, kept].sum(axis=1) if kept.size else np.zeros(n)
        mapping = map_taxa(cohort, mh + mn, TaxonomySystem.NCBI)
        with np.errstate(divide="ignore", invalid="ignore"):
            matrix = mapping.matrix(cohort.values) / totals[:, None]
        matrix = np.where(np.isfinite(matrix), matrix, 0.0)
        matrix[matrix < PRESENCE_THRESHOLD] = 0.0
        psi_mh = _psi(matrix[:, : len(mh)], MH_PRIME)
        psi_mn = _psi(matrix[:, len(mh) :], MN_PRIME)
        values = np.log10((psi_mh + PSEUDOCOUNT) / (psi_mn + PSEUDOCOUNT))
        coverage = np.full(n, mapping.coverage)
        shortfall = mapping.shortfall(self.spec.min_coverage, "GMHI species", cohort)
        reasons = [
            "no species-level abundances in this input" if totals[i] <= 0 else shortfall
            for i in range(n)
        ]
        notes = decline_or_note(
            values, reasons, lambda i: combine_notes(mapping.note, _comparability(cohort, i))
        )
        used = mapping.used_names(cohort)
        return MarkerValues(self.spec, values, coverage, notes, used)


def _comparability(cohort: Cohort, sample: int) -> str | None:
    provenance = cohort.provenance[sample]
    if provenance.tool.startswith("MetaPhlAn") and provenance.tool_version == "2":
        return None
    return (
        f"GMHI was defined on MetaPhlAn2 profiles; this input is {provenance.tool}, so values are "
        "indicative and not directly comparable with published GMHI ranges"
    )


register(GMHI())
