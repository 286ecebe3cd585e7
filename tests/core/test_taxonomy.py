from __future__ import annotations

import pytest

from microbiomix.profile import Profile, Provenance, metaphlan4_to_gtdb
from microbiomix.taxonomy import (
    Lineage,
    Rank,
    TaxonomySystem,
    canonical_key,
    gtdb_name_keys,
    guess_system,
    parse_lineage,
    sgb_to_gtdb,
    synonyms,
)


def test_metaphlan_lineage_underscores_become_spaces() -> None:
    lin = parse_lineage("k__Bacteria|p__Firmicutes|c__Clostridia|o__Clostridiales|"
                        "f__Ruminococcaceae|g__Faecalibacterium|s__Faecalibacterium_prausnitzii")
    assert lin.rank is Rank.SPECIES
    assert lin.name == "Faecalibacterium prausnitzii"
    assert lin.at(Rank.PHYLUM) == "Firmicutes"
    assert lin.to_metaphlan().endswith("|s__Faecalibacterium_prausnitzii")


def test_gtdb_lineage_keeps_underscores_that_belong_to_names() -> None:
    lin = parse_lineage("d__Bacteria;p__Bacillota_A;c__Clostridia;o__Clostridiales;"
                        "f__Clostridiaceae;g__Clostridium_G;s__Clostridium_G tetani")
    assert lin.name == "Clostridium_G tetani"
    assert lin.at(Rank.PHYLUM) == "Bacillota_A"
    assert lin.at(Rank.DOMAIN) == "Bacteria"


def test_pipe_separated_gtdb_and_species_only_lineages() -> None:
    assert parse_lineage("d__Bacteria|p__Pseudomonadota").name == "Pseudomonadota"
    species_only = parse_lineage("s__Bacteroides_vulgatus")
    assert species_only.rank is Rank.SPECIES and species_only.names[:6] == (None,) * 6


def test_unprefixed_path_with_ranks() -> None:
    ranks = [Rank.DOMAIN, Rank.PHYLUM, Rank.CLASS]
    assert parse_lineage("Bacteria||Clostridia", ranks).names == ("Bacteria", None, "Clostridia")


@pytest.mark.parametrize(
    "text", ["", "k__Bacteria|Firmicutes", "x__Foo", "p__Firmicutes|k__Bacteria", "k__Bacteria|p__"]
)
def test_bad_lineages_raise_value_error(text: str) -> None:
    if text == "k__Bacteria|p__":
        # A trailing empty rank is dropped, not an error.
        assert parse_lineage(text).name == "Bacteria"
        return
    with pytest.raises(ValueError):
        parse_lineage(text)


def test_synonyms_join_renamed_species_and_phyla() -> None:
    assert canonical_key(Rank.SPECIES, "Bacteroides vulgatus") == canonical_key(
        Rank.SPECIES, "Phocaeicola vulgatus"
    )
    assert canonical_key(Rank.SPECIES, "Eubacterium_rectale") == canonical_key(
        Rank.SPECIES, "Agathobacter rectalis"
    )
    assert canonical_key(Rank.SPECIES, "Clostridium difficile") == canonical_key(
        Rank.SPECIES, "Clostridioides difficile"
    )
    assert canonical_key(Rank.PHYLUM, "Firmicutes") == canonical_key(
        Rank.PHYLUM, "Bacillota_A", strip_suffixes=True
    )
    # Different species stay apart.
    assert canonical_key(Rank.SPECIES, "Bacteroides fragilis") != canonical_key(
        Rank.SPECIES, "Phocaeicola vulgatus"
    )


def test_every_synonym_row_cites_a_source() -> None:
    rows = synonyms()
    assert len(rows) >= 20
    # A DOI, a page read, or the profiler tables (package==version) that map the names.
    assert all(row.source.startswith(("doi:", "https://", "http://", "metaphlan==")) for row in rows)
    assert all(row.verified.strip() for row in rows)


def test_guess_system() -> None:
    ncbi = [parse_lineage("k__Bacteria|p__Firmicutes"), parse_lineage("k__Bacteria|p__Bacteroidetes")]
    gtdb = [parse_lineage("d__Bacteria;p__Bacillota_A"), parse_lineage("d__Bacteria;p__Bacteroidota")]
    assert guess_system(ncbi) is TaxonomySystem.NCBI
    assert guess_system(gtdb) is TaxonomySystem.GTDB
    assert guess_system([parse_lineage("s__Foo_bar")]) is TaxonomySystem.UNKNOWN


def test_sgb_to_gtdb_table_from_metaphlan_package() -> None:
    table = sgb_to_gtdb("mpa_vJan21_CHOCOPhlAnSGB_202103")
    # Row of metaphlan 4.2.5 utils/mpa_vJan21_CHOCOPhlAnSGB_202103_SGB2GTDB_r207.tsv
    assert table["SGB1814"].name == "Phocaeicola vulgatus"
    assert table["SGB1814"].at(Rank.FAMILY) == "Bacteroidaceae"
    assert (Rank.SPECIES, "faecalibacterium prausnitzii") in gtdb_name_keys()


def test_metaphlan4_profile_converted_to_gtdb() -> None:
    provenance = Provenance(
        format="metaphlan", tool="MetaPhlAn 4", taxonomy=TaxonomySystem.NCBI,
        tool_version="4", database="mpa_vJan21_CHOCOPhlAnSGB_202103",
    )
    base = "k__Bacteria|p__Bacteroidetes|c__Bacteroidia|o__Bacteroidales|f__Bacteroidaceae|g__Bacteroides"
    abundances = {
        parse_lineage(base): 80.0,
        parse_lineage(base + "|s__Bacteroides_vulgatus"): 60.0,
        parse_lineage(base + "|s__Bacteroides_vulgatus|t__SGB1814"): 60.0,
        parse_lineage(base + "|s__Bacteroides_sp|t__SGB99999999"): 20.0,
    }
    converted = metaphlan4_to_gtdb(Profile("s1", abundances, 20.0, provenance))
    assert converted.provenance.taxonomy is TaxonomySystem.GTDB
    by_name = {lin.name: v for lin, v in converted.abundances.items()}
    assert by_name["Phocaeicola vulgatus"] == 60.0
    assert by_name["Bacteroidota"] == 60.0
    assert converted.unknown == 40.0  # 20 unknown + 20 of an SGB with no placement
    assert any("no GTDB placement" in note for note in converted.provenance.notes)


def test_lineage_must_end_in_a_named_taxon() -> None:
    with pytest.raises(ValueError):
        Lineage(("Bacteria", None))
