"""Guild and panel markers on tiny hand-made cohorts with hand-computed answers."""

from __future__ import annotations

import csv
import re
from importlib import resources

import numpy as np
import pytest

from microbiomix.markers import registry
from microbiomix.profile import Cohort, Profile, Provenance
from microbiomix.taxonomy import Lineage, TaxonomySystem

NCBI = Provenance("test", "test", TaxonomySystem.NCBI)


def species_only(sample: str, abundances: dict[str, float]) -> Profile:
    """A species-only profile (like a merged MetaPhlAn2 species table): names only."""
    lineages = {Lineage((None,) * 6 + (name,)): v for name, v in abundances.items()}
    return Profile(sample, lineages, None, NCBI)


def full(sample: str, rows: dict[tuple[str | None, ...], float]) -> Profile:
    return Profile(sample, {Lineage(names): v for names, v in rows.items()}, None, NCBI)


def compute(marker_id: str, *profiles: Profile) -> tuple[np.ndarray, list[str | None], tuple[str, ...]]:
    result = registry()[marker_id].compute(Cohort.from_profiles(list(profiles)))
    return result.values, result.notes, result.taxa_used


@pytest.fixture()
def two_samples() -> list[Profile]:
    # Sample A sums to 100; sample B sums to 50, so its percents are doubled.
    a = species_only("A", {
        "Faecalibacterium prausnitzii": 30.0,
        "Roseburia hominis": 10.0,
        "Akkermansia muciniphila": 5.0,
        "Methanobrevibacter smithii": 5.0,
        "Desulfovibrio piger": 2.0,          # member through its genus
        "Bilophila wadsworthia": 1.0,
        "Bacteroides uniformis": 47.0,
    })
    b = species_only("B", {
        "Eubacterium rectale": 10.0,         # synonym of Agathobacter rectalis
        "Bacteroides uniformis": 35.0,
        "Escherichia coli": 5.0,
    })
    return [a, b]


def test_guild_sums_hand_computed(two_samples: list[Profile]) -> None:
    values, notes, used = compute("guild_butyrate_producers", *two_samples)
    np.testing.assert_allclose(values, [40.0, 20.0], rtol=1e-12)
    assert set(used) == {"Faecalibacterium prausnitzii", "Roseburia hominis", "Eubacterium rectale"}
    assert "underestimate" in (notes[0] or "")
    np.testing.assert_allclose(compute("guild_mucin_degraders", *two_samples)[0], [5.0, 0.0])
    np.testing.assert_allclose(compute("guild_methanogens", *two_samples)[0], [5.0, 0.0])
    np.testing.assert_allclose(compute("guild_sulphate_reducers", *two_samples)[0], [2.0, 0.0])
    np.testing.assert_allclose(compute("guild_taurine_respirers", *two_samples)[0], [1.0, 0.0])


def test_species_counted_once_when_it_and_its_genus_are_listed() -> None:
    # guilds.tsv lists both the genus Roseburia and the species R. hominis.
    profile = species_only("S", {"Roseburia hominis": 4.0, "Bacteroides uniformis": 16.0})
    np.testing.assert_allclose(compute("guild_butyrate_producers", profile)[0], [20.0])


def test_higher_rank_members_through_full_lineages() -> None:
    profile = full("S", {
        ("Bacteria", "Proteobacteria", "Gammaproteobacteria", "Enterobacterales",
         "Enterobacteriaceae", "Escherichia", "Escherichia coli"): 6.0,
        ("Bacteria", "Firmicutes", "Clostridia", "Clostridiales", "Christensenellaceae",
         "Christensenella", "Christensenella minuta"): 4.0,
        ("Bacteria", "Bacteroidetes", "Bacteroidia", "Bacteroidales", "Bacteroidaceae",
         "Bacteroides", "Bacteroides uniformis"): 10.0,
    })
    np.testing.assert_allclose(compute("guild_lps_producers", profile)[0], [30.0])
    np.testing.assert_allclose(compute("taxon_christensenellaceae", profile)[0], [20.0])


def test_family_member_not_mappable_in_species_only_input(two_samples: list[Profile]) -> None:
    result = registry()["taxon_christensenellaceae"].compute(Cohort.from_profiles(two_samples))
    assert np.isnan(result.values).all()
    assert "not computed" in (result.notes[0] or "")
    assert result.coverage[0] == 0.0


def test_panels_and_taxa(two_samples: list[Profile]) -> None:
    # beneficial: F. prausnitzii 30 + Roseburia (genus) 10 + Akkermansia 5 = 45; B: A. rectalis 10/50.
    np.testing.assert_allclose(compute("beneficial_taxa", *two_samples)[0], [45.0, 20.0])
    np.testing.assert_allclose(compute("pathobionts", *two_samples)[0], [0.0, 10.0])
    np.testing.assert_allclose(compute("taxon_roseburia", *two_samples)[0], [10.0, 0.0])
    np.testing.assert_allclose(
        compute("taxon_agathobacter_rectalis", *two_samples)[0], [0.0, 20.0]
    )
    values, notes, _ = compute("taxon_escherichia_coli", *two_samples)
    np.testing.assert_allclose(values, [0.0, 10.0])
    assert "not pathotyped" in (notes[1] or "")


def test_gtdb_input_matches_ncbi_lists_by_suffix_and_synonym() -> None:
    gtdb = Provenance("test", "test", TaxonomySystem.GTDB)
    rows = {
        ("Bacteria", "Bacillota_A", "Clostridia", "Oscillospirales", "Ruminococcaceae",
         "Faecalibacterium", "Faecalibacterium prausnitzii_C"): 20.0,
        ("Bacteria", "Bacillota_A", "Clostridia", "Oscillospirales", "Ruminococcaceae",
         "Faecalibacterium", "Faecalibacterium prausnitzii_D"): 5.0,
        ("Bacteria", "Bacteroidota", "Bacteroidia", "Bacteroidales", "Bacteroidaceae",
         "Phocaeicola", "Phocaeicola vulgatus"): 75.0,
    }
    profile = Profile("G", {Lineage(k): v for k, v in rows.items()}, None, gtdb)
    result = registry()["taxon_faecalibacterium_prausnitzii"].compute(Cohort.from_profiles([profile]))
    np.testing.assert_allclose(result.values, [25.0])
    assert "GTDB" in (result.notes[0] or "")


MARKER_IDS = [
    "dysbiosis_score", "proteobacteria", "firmicutes_bacteroidota_ratio",
    "prevotella_bacteroides_ratio", "guild_butyrate_producers", "guild_mucin_degraders",
    "guild_lps_producers", "guild_sulphate_reducers", "guild_taurine_respirers", "guild_methanogens",
    "guild_oxalate_degraders", "beneficial_taxa", "pathobionts", "taxon_akkermansia_muciniphila",
    "taxon_faecalibacterium_prausnitzii", "taxon_bifidobacterium",
]


def test_agreed_marker_ids_exist() -> None:
    missing = [m for m in MARKER_IDS if m not in registry()]
    assert not missing


@pytest.mark.parametrize(("path", "group"), [("panels.tsv", "panel"), ("guilds.tsv", "guild")])
def test_knowledge_file_schema_and_sources(path: str, group: str) -> None:
    text = resources.files("microbiomix.knowledge").joinpath(path).read_text()
    rows = list(csv.DictReader([ln for ln in text.splitlines() if ln and not ln.startswith("#")],
                               delimiter="\t"))
    assert rows
    assert list(rows[0]) == [group, "rank", "name", "taxonomy", "evidence_type", "evidence",
                             "meaning", "source", "verified"]
    keys = set()
    for row in rows:
        assert row["rank"] in {"phylum", "class", "order", "family", "genus", "species"}
        assert row["taxonomy"] in {"ncbi", "gtdb"}
        assert row["name"].strip() and row["evidence"].strip()
        # every entry cites a DOI/PMID, a page or a repository at a commit
        assert re.search(r"doi:10\.\S+|PMID:\d+|@[0-9a-f]{40}|https://", row["source"]), row
        key = (row[group], row["rank"], row["name"])
        assert key not in keys, f"duplicate row {key}"
        keys.add(key)


def test_unverifiable_panels_were_removed() -> None:
    # ZOE 15/15 (Asnicar 2021 Fig. 4) and oral taxa (Kitamoto 2020 Table 1) could not be read to
    # check the transcribed names, so they are gone rather than kept as "unverified".
    for marker_id in ("zoe_good", "zoe_bad", "oral_taxa"):
        assert marker_id not in registry()
