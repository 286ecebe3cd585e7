"""Shared group machinery: one catalogue of listed taxa, per-cohort derived data."""

from __future__ import annotations

import numpy as np
import pytest

from microbiomix.markers import registry
from microbiomix.markers.derived import derived
from microbiomix.markers.groups import GroupMarker, catalogue, species_percent, species_totals
from microbiomix.markers.guilds import guild_members
from microbiomix.profile import Cohort, Profile, Provenance
from microbiomix.taxonomy import Lineage, TaxonomySystem

NCBI = Provenance("test", "test", TaxonomySystem.NCBI)


def cohort_of(*tables: dict[str, float]) -> Cohort:
    return Cohort.from_profiles([
        Profile(f"S{i}", {Lineage((None,) * 6 + (n,)): v for n, v in t.items()}, None, NCBI)
        for i, t in enumerate(tables)
    ])


def test_derived_once_per_cohort_and_dropped_when_values_replaced() -> None:
    cohort = cohort_of({"Aa aa": 1.0})
    calls: list[int] = []

    def make() -> int:
        calls.append(1)
        return len(calls)

    assert derived(cohort, "k", make) == 1
    assert derived(cohort, "k", make) == 1
    assert derived(cohort_of({"Aa aa": 1.0}), "k", make) == 2  # another cohort
    cohort.values = cohort.values * 2.0
    assert derived(cohort, "k", make) == 3


def test_shared_arrays_are_read_only_and_follow_the_values() -> None:
    cohort = cohort_of({"Aa aa": 1.0, "Bb bb": 3.0}, {"Aa aa": 2.0})
    percent, totals = species_percent(cohort)
    np.testing.assert_allclose(totals, [4.0, 2.0])
    np.testing.assert_allclose(percent, [[25.0, 75.0], [100.0, 0.0]])
    with pytest.raises(ValueError, match="read-only"):
        percent[0, 0] = 1.0
    cohort.values = cohort.values * 3.0
    np.testing.assert_allclose(species_totals(cohort), [12.0, 6.0])


def test_catalogue_has_every_group_and_taxon_once() -> None:
    book = catalogue(TaxonomySystem.NCBI)
    assert len(set(book.taxa)) == len(book.taxa)
    members = guild_members("butyrate_producers")
    column, taxa = book.locate(members)
    assert sorted(book.groups[column]) == sorted(taxa)
    assert len(taxa) == len(members)


def test_group_marker_rejects_members_not_in_the_files() -> None:
    from dataclasses import replace

    spec = registry()["guild_mucin_degraders"].spec
    member = replace(guild_members("mucin_degraders")[0], name="Nonexistent species")
    with pytest.raises(ValueError, match="not listed"):
        GroupMarker(spec, [member])


def test_values_follow_replaced_values_through_the_cache() -> None:
    cohort = cohort_of({"Akkermansia muciniphila": 1.0, "Bacteroides uniformis": 3.0})
    marker = registry()["guild_mucin_degraders"]
    np.testing.assert_allclose(marker.compute(cohort).values, [25.0])
    cohort.values = np.array([[3.0, 1.0]])
    np.testing.assert_allclose(marker.compute(cohort).values, [75.0])
