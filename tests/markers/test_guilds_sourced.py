"""Guilds and the oral panel added from primary sources: hand-computed sums on small profiles."""

from __future__ import annotations

import numpy as np
import pytest

from microbiomix.markers import registry
from microbiomix.markers.groups import GUILDS_FILE, PANELS_FILE, read_members
from microbiomix.profile import Cohort, Profile, Provenance
from microbiomix.taxonomy import Lineage, TaxonomySystem

NCBI = Provenance("test", "test", TaxonomySystem.NCBI)


def species_only(sample: str, abundances: dict[str, float]) -> Profile:
    return Profile(sample, {Lineage((None,) * 6 + (n,)): v for n, v in abundances.items()},
                   None, NCBI)


def compute(marker_id: str, *profiles: Profile):  # type: ignore[no-untyped-def]
    return registry()[marker_id].compute(Cohort.from_profiles(list(profiles)))


def test_equol_producers_hand_computed() -> None:
    # A: (2 + 3 + 1) of 20 species percent = 30 %; Eggerthella lenta is not listed.
    # B: sums to 10, S. equolifaciens 1 -> 10 %. C: no member -> 0 %.
    a = species_only("A", {"Slackia equolifaciens": 2.0, "Adlercreutzia equolifaciens": 3.0,
                           "Asaccharobacter celatus": 1.0, "Eggerthella lenta": 4.0,
                           "Bacteroides uniformis": 10.0})
    b = species_only("B", {"Slackia equolifaciens": 1.0, "Bacteroides uniformis": 9.0})
    c = species_only("C", {"Bacteroides uniformis": 5.0})
    result = compute("guild_equol_producers", a, b, c)
    np.testing.assert_allclose(result.values, [30.0, 10.0, 0.0], rtol=1e-12)
    assert set(result.taxa_used) == {
        "Slackia equolifaciens", "Adlercreutzia equolifaciens", "Asaccharobacter celatus"}
    assert "strain-dependent" in (result.notes[0] or "")
    np.testing.assert_allclose(result.coverage, [1.0, 1.0, 1.0])


def test_secondary_bile_acid_producers_hand_computed() -> None:
    # (1 + 3) of 20 = 20 %; C. scindens (4) is not listed yet, and the note says so.
    profile = species_only("S", {"Clostridium hylemonae": 1.0, "Clostridium hiranonis": 3.0,
                                 "Clostridium scindens": 4.0, "Bacteroides uniformis": 12.0})
    result = compute("guild_secondary_bile_acids", profile)
    np.testing.assert_allclose(result.values, [20.0], rtol=1e-12)
    assert "scindens" in (result.notes[0] or "") and "underestimate" in (result.notes[0] or "")


def test_oral_taxa_panel_and_its_taxa_hand_computed() -> None:
    # Listed: 1 + 2 + 0.5 + 0.5 = 4 of 50 = 8 %; S. salivarius (6) is not in the partial list.
    profile = species_only("S", {
        "Streptococcus anginosus": 1.0, "Campylobacter concisus": 2.0,
        "Aggregatibacter segnis": 0.5, "Atopobium parvulum": 0.5,
        "Streptococcus salivarius": 6.0, "Bacteroides uniformis": 40.0,
    })
    result = compute("oral_taxa", profile)
    np.testing.assert_allclose(result.values, [8.0], rtol=1e-12)
    assert "partial" in (result.notes[0] or "")
    np.testing.assert_allclose(compute("taxon_campylobacter_concisus", profile).values, [4.0])
    np.testing.assert_allclose(compute("taxon_streptococcus_anginosus", profile).values, [2.0])


@pytest.mark.parametrize(("path", "column", "group", "size"), [
    (GUILDS_FILE, "guild", "equol_producers", 3),
    (GUILDS_FILE, "guild", "secondary_bile_acids", 2),
    (GUILDS_FILE, "guild", "beta_glucuronidase", 8),
    (PANELS_FILE, "panel", "oral", 4),
])
def test_new_rows_cite_a_doi_and_say_what_kind_of_evidence(
    path: str, column: str, group: str, size: int
) -> None:
    rows = [m for m in read_members(path, column) if m.group == group]
    assert len(rows) == size
    for m in rows:
        assert m.source.startswith("doi:10."), m
        assert any(word in m.evidence for word in ("experimentally shown", "named", "listed")), m


def test_beta_glucuronidase_carriers_hand_computed() -> None:
    # A: members B. fragilis 5, E. coli 1, F. prausnitzii 10; Bacteroides vulgatus (4) and
    # Prevotella copri (20) are not listed -> (5 + 1 + 10) of 40 = 40 %.
    # B: B. dorei is listed and meets its synonym Phocaeicola dorei -> 3 of 12 = 25 %.
    a = species_only("A", {"Bacteroides fragilis": 5.0, "Escherichia coli": 1.0,
                           "Faecalibacterium prausnitzii": 10.0, "Bacteroides vulgatus": 4.0,
                           "Prevotella copri": 20.0})
    b = species_only("B", {"Phocaeicola dorei": 3.0, "Prevotella copri": 9.0})
    result = compute("guild_beta_glucuronidase", a, b)
    np.testing.assert_allclose(result.values, [40.0, 25.0], rtol=1e-12)
    assert "gene-based" in (result.notes[0] or "")
    assert "Bacteroides vulgatus" not in result.taxa_used
