"""Alpha diversity equals scikit-bio's definitions, and hand-computed values."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from skbio.diversity import alpha

from microbiomix.markers import compute_markers
from microbiomix.profile import Cohort, Profile, Provenance
from microbiomix.readers import read_profiles
from microbiomix.taxonomy import TaxonomySystem, parse_lineage

PROV = Provenance(format="test", tool="hand", taxonomy=TaxonomySystem.NCBI)


def profile(sample: str, species: dict[str, float]) -> Profile:
    return Profile(
        sample, {parse_lineage(f"k__Bacteria|s__{name}"): v for name, v in species.items()}, None, PROV
    )


def values(cohort: Cohort) -> dict[str, np.ndarray]:
    return {m.spec.id: m.values for m in compute_markers(cohort, [
        "richness", "shannon", "simpson", "inverse_simpson", "evenness"])}


def test_hand_computed_two_equal_species() -> None:
    got = values(Cohort.from_profiles([profile("s", {"A_a": 30.0, "B_b": 30.0})]))
    assert got["richness"][0] == 2
    assert got["shannon"][0] == pytest.approx(math.log(2), abs=1e-15)
    assert got["simpson"][0] == pytest.approx(0.5, abs=1e-15)
    assert got["inverse_simpson"][0] == pytest.approx(2.0, abs=1e-15)
    assert got["evenness"][0] == pytest.approx(1.0, abs=1e-15)


def test_unclassified_rows_are_not_species_and_single_species_has_no_evenness() -> None:
    got = values(Cohort.from_profiles([profile("s", {"A_a": 10.0, "Firmicutes_unclassified": 90.0})]))
    assert got["richness"][0] == 1
    assert got["shannon"][0] == 0.0
    assert math.isnan(got["evenness"][0])


def test_equals_scikit_bio_on_real_profiles(data_dir: Path) -> None:
    paths = sorted((data_dir / "metaphlan_kefir").glob("*.metaphlan3.txt"))[:6]
    profiles = [p for path in paths for p in read_profiles(path)]
    cohort = Cohort.from_profiles(profiles)
    got = values(cohort)
    for i, prof in enumerate(profiles):
        counts = np.array([
            v for lin, v in prof.abundances.items()
            # the community: bacteria and archaea; MetaPhlAn 3's k__Viruses rows are not species
            # of it (the files were made with --add_viruses)
            if lin.rank == 6 and "unclassified" not in lin.name.lower()
            and lin.at(0) in ("Bacteria", "Archaea")
        ])
        assert got["richness"][i] == alpha.observed_features(counts)
        assert got["shannon"][i] == pytest.approx(alpha.shannon(counts), abs=1e-12)
        assert got["simpson"][i] == pytest.approx(alpha.simpson(counts), abs=1e-12)
        assert got["inverse_simpson"][i] == pytest.approx(alpha.inv_simpson(counts), abs=1e-9)
        assert got["evenness"][i] == pytest.approx(alpha.pielou_e(counts), abs=1e-12)


def test_no_species_level_data_gives_nan_with_reason() -> None:
    prof = Profile("g", {parse_lineage("k__Bacteria|p__Firmicutes"): 100.0}, None, PROV)
    for marker in compute_markers(Cohort.from_profiles([prof]), ["shannon", "richness"]):
        assert math.isnan(marker.values[0])
        assert "no species-level" in (marker.notes[0] or "")
