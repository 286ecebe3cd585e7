"""Protocol tests over every registered marker (as sourmash tests every index implementation)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from microbiomix.markers import registry
from microbiomix.profile import Cohort, Profile, Provenance
from microbiomix.readers import read_profiles
from microbiomix.taxonomy import TaxonomySystem

MARKERS = sorted(registry())


@pytest.mark.parametrize("marker_id", MARKERS)
def test_marker_has_citation_and_definition(marker_id: str) -> None:
    spec = registry()[marker_id].spec
    assert spec.id == marker_id
    assert spec.title and spec.citation and spec.defined_on
    assert spec.doi.startswith("10.")


@pytest.mark.parametrize("marker_id", MARKERS)
def test_marker_on_empty_profile_is_nan_with_reason(marker_id: str) -> None:
    empty = Profile("empty", {}, None, Provenance("test", "none", TaxonomySystem.NCBI))
    result = registry()[marker_id].compute(Cohort.from_profiles([empty]))
    assert len(result.values) == 1
    assert math.isnan(result.values[0])
    assert result.notes[0]


@pytest.mark.parametrize("marker_id", MARKERS)
def test_marker_is_invariant_to_taxon_order(marker_id: str, data_dir: Path) -> None:
    profiles = read_profiles(data_dir / "metaphlan_kefir/Subj001_time1_S1.metaphlan3.txt")
    cohort = Cohort.from_profiles(profiles)
    order = np.random.default_rng(1).permutation(len(cohort.taxa))
    shuffled = Cohort(
        sample_ids=cohort.sample_ids,
        taxa=[cohort.taxa[i] for i in order],
        values=cohort.values[:, order],
        unknown=cohort.unknown,
        provenance=cohort.provenance,
    )
    a = registry()[marker_id].compute(cohort).values
    b = registry()[marker_id].compute(shuffled).values
    np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12, equal_nan=True)
