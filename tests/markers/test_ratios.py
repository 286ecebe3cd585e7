"""Phylum fraction and ratios on hand-made profiles."""

from __future__ import annotations

import numpy as np

from microbiomix.markers import registry
from microbiomix.profile import Cohort, Profile, Provenance
from microbiomix.taxonomy import Lineage, TaxonomySystem


def profile(rows: dict[tuple[str, ...], float], system: TaxonomySystem = TaxonomySystem.NCBI) -> Profile:
    return Profile("S", {Lineage(k): v for k, v in rows.items()}, None,
                   Provenance("test", "test", system))


def run(marker_id: str, p: Profile):  # type: ignore[no-untyped-def]
    return registry()[marker_id].compute(Cohort.from_profiles([p]))


NCBI_PHYLA = {
    ("Bacteria",): 100.0,
    ("Bacteria", "Firmicutes"): 60.0,
    ("Bacteria", "Bacteroidetes"): 30.0,
    ("Bacteria", "Proteobacteria"): 10.0,
}


def test_firmicutes_bacteroidota_ratio_with_caveat_and_citation() -> None:
    result = run("firmicutes_bacteroidota_ratio", profile(NCBI_PHYLA))
    np.testing.assert_allclose(result.values, [2.0])
    note = result.notes[0] or ""
    assert "not a reliable health marker" in note
    assert "10.3390/nu12051474" in note and "Magne" in note
    # Kept for `mmm markers`, flagged out of reports, citing the 2025 consensus that says so.
    assert "Porcari" in note and "10.1016/S2468-1253(24)00311-X" in note
    spec = registry()["firmicutes_bacteroidota_ratio"].spec
    assert spec.doi == "10.1016/S2468-1253(24)00311-X"
    assert spec.in_reports is False
    assert all(m.spec.in_reports for k, m in registry().items() if k != "firmicutes_bacteroidota_ratio")


def test_ratio_undefined_without_bacteroidota_still_carries_caveat() -> None:
    rows = {("Bacteria",): 100.0, ("Bacteria", "Firmicutes"): 100.0}
    result = run("firmicutes_bacteroidota_ratio", profile(rows))
    assert np.isnan(result.values[0])
    assert "undefined" in (result.notes[0] or "") and "10.3390/nu12051474" in (result.notes[0] or "")


def test_proteobacteria_percent_of_phyla() -> None:
    rows = dict(NCBI_PHYLA)
    rows[("Bacteria", "Proteobacteria")] = 30.0  # phyla now sum to 120
    np.testing.assert_allclose(run("proteobacteria", profile(rows)).values, [25.0])


def test_gtdb_split_phyla_are_summed_and_renamed() -> None:
    rows = {
        ("Bacteria", "Bacillota_A"): 30.0,
        ("Bacteria", "Bacillota"): 30.0,
        ("Bacteria", "Bacteroidota"): 20.0,
        ("Bacteria", "Pseudomonadota"): 20.0,
    }
    p = profile(rows, TaxonomySystem.GTDB)
    np.testing.assert_allclose(run("firmicutes_bacteroidota_ratio", p).values, [3.0])
    np.testing.assert_allclose(run("proteobacteria", p).values, [20.0])


def test_prevotella_bacteroides_ratio_over_species() -> None:
    rows = {
        (None, None, None, None, None, None, "Prevotella copri"): 20.0,
        (None, None, None, None, None, None, "Bacteroides vulgatus"): 10.0,
        (None, None, None, None, None, None, "Bacteroides uniformis"): 30.0,
        (None, None, None, None, None, None, "Alistipes putredinis"): 40.0,
    }
    result = run("prevotella_bacteroides_ratio", profile(rows))  # type: ignore[arg-type]
    np.testing.assert_allclose(result.values, [0.5])
    no_bacteroides = {k: v for k, v in rows.items() if "Bacteroides" not in k[-1]}
    result = run("prevotella_bacteroides_ratio", profile(no_bacteroides))  # type: ignore[arg-type]
    assert np.isnan(result.values[0]) and "no Bacteroides" in (result.notes[0] or "")


def test_species_only_input_declines_phylum_markers() -> None:
    rows = {(None, None, None, None, None, None, "Prevotella copri"): 20.0}
    result = run("proteobacteria", profile(rows))  # type: ignore[arg-type]
    assert np.isnan(result.values[0]) and "no phylum-level" in (result.notes[0] or "")
