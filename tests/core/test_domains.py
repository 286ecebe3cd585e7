"""Domains and the community denominator; current names and MetaPhlAn 4 clades meet one taxon."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from microbiomix.markers import compute_markers
from microbiomix.markers.mapping import map_taxa
from microbiomix.profile import Cohort, Profile, Provenance
from microbiomix.readers import read_profiles
from microbiomix.taxonomy import Domain, Rank, TaxonomySystem, classify_domain, parse_lineage

PROV = Provenance(format="test", tool="hand", taxonomy=TaxonomySystem.NCBI)


@pytest.mark.parametrize(
    ("lineage", "expected"),
    [
        ("k__Bacteria|p__Firmicutes|s__Faecalibacterium_prausnitzii", Domain.BACTERIA),
        ("d__Archaea;p__Methanobacteriota;s__Methanobrevibacter smithii", Domain.ARCHAEA),
        ("d__Eukaryota|p__Chordata|s__Homo_sapiens", Domain.HOST_OR_NON_MICROBIAL),
        ("d__Eukaryota|p__Streptophyta|s__Solanum_lycopersicum", Domain.HOST_OR_NON_MICROBIAL),
        ("d__Eukaryota|p__Arthropoda|s__Drosophila_melanogaster", Domain.HOST_OR_NON_MICROBIAL),
        ("k__Eukaryota|p__Ascomycota|s__Saccharomyces_cerevisiae", Domain.MICROBIAL_EUKARYOTE),
        ("k__Viruses|s__Lactococcus_phage_340", Domain.VIRUS),
        ("d__Duplodnaviria", Domain.VIRUS),
        ("s__Homo_sapiens", Domain.HOST_OR_NON_MICROBIAL),
        ("s__Escherichia_phage_T4", Domain.VIRUS),
        # species-only current names take their domain from the shipped lineage table
        ("s__Phocaeicola_vulgatus", Domain.BACTERIA),
        ("s__[Eubacterium]_rectale", Domain.BACTERIA),
        ("s__Xyzzy_plugh", Domain.UNKNOWN),
        # Kraken 2 with the 2024 NCBI taxonomy: kingdoms where the domain was
        ("d__Bacillati|p__Bacillota|s__Listeria_monocytogenes", Domain.BACTERIA),
        ("d__Fungi|p__Ascomycota|s__Saccharomyces_cerevisiae", Domain.MICROBIAL_EUKARYOTE),
        ("d__Metazoa|p__Chordata|s__Homo_sapiens", Domain.HOST_OR_NON_MICROBIAL),
        ("d__Metazoa|p__Nematoda|s__Ascaris_lumbricoides", Domain.MICROBIAL_EUKARYOTE),
    ],
)
def test_classify_domain(lineage: str, expected: Domain) -> None:
    assert classify_domain(parse_lineage(lineage)) is expected


def test_host_reads_are_not_community_and_do_not_move_diversity() -> None:
    # 50% Homo sapiens (as Kraken 2 reports host reads), two bacteria 25% each.
    bacteria = {"k__Bacteria|p__Firmicutes|s__Faecalibacterium_prausnitzii": 25.0,
                "k__Bacteria|p__Bacteroidetes|s__Bacteroides_uniformis": 25.0}
    host = {"d__Eukaryota|p__Chordata|s__Homo_sapiens": 50.0}
    with_host = Profile("h", {parse_lineage(k): v for k, v in {**bacteria, **host}.items()}, None, PROV)
    without = Profile("b", {parse_lineage(k): v for k, v in bacteria.items()}, None, PROV)
    cohort = Cohort.from_profiles([with_host, without])
    shares = cohort.domain_percent()
    assert shares[Domain.HOST_OR_NON_MICROBIAL].tolist() == [50.0, 0.0]
    assert shares[Domain.BACTERIA].tolist() == [50.0, 100.0]
    got = {m.spec.id: m.values for m in compute_markers(cohort, ["richness", "shannon"])}
    assert got["richness"].tolist() == [2.0, 2.0]
    assert got["shannon"][0] == pytest.approx(math.log(2), abs=1e-12)
    assert got["shannon"][1] == pytest.approx(math.log(2), abs=1e-12)


def test_metaphlan4_clade_a_is_prevotella_copri_for_panels_and_gmwi2(data_dir: Path) -> None:
    cohort = Cohort.from_profiles(
        read_profiles(data_dir / "trust" / "prevotella_copri_clade_A.metaphlan4.txt"))
    # Panels and guilds map their listed taxa with map_taxa (the taxon_prevotella_copri marker
    # went with the ZOE panel in the issue-12 review): P. copri is the whole profile.
    mapping = map_taxa(cohort, [(Rank.SPECIES, "Prevotella copri")], TaxonomySystem.NCBI)
    assert mapping.matrix(cohort.values)[0, 0] == pytest.approx(100.0)
    assert mapping.used_names(cohort) == ("Prevotella copri clade A",)
    got = {m.spec.id: m for m in compute_markers(cohort, ["gmwi2"])}
    # Of the 95 GMWI2 clades only s__Prevotella_copri (0.019327473574940728, coefficient file)
    # is present; intercept 0. (g__Prevotella and the higher ranks have no coefficient.)
    assert got["gmwi2"].values[0] == pytest.approx(0.019327473574940728, abs=1e-15)
    assert "Prevotella copri clade A" in got["gmwi2"].taxa_used


# MetaPhlAn 3 (mpa_v30) names in Subj008_time1_S6 and their current names (taxonomy_synonyms.tsv).
CURRENT = {
    "Bacteroides vulgatus": "Phocaeicola vulgatus",
    "Bacteroides dorei": "Phocaeicola dorei",
    "Eubacterium rectale": "Agathobacter rectalis",
    "Eubacterium hallii": "Anaerobutyricum hallii",
    "Prevotella copri": "Segatella copri",
    "Ruminococcus gnavus": "Mediterraneibacter gnavus",
    "Clostridium bolteae": "Enterocloster bolteae",
}


def test_species_only_current_names_give_the_metaphlan3_gmhi_and_gmwi2(data_dir: Path) -> None:
    original = read_profiles(data_dir / "metaphlan_kefir" / "Subj008_time1_S6.metaphlan3.txt")[0]
    species = {lin: v for lin, v in original.abundances.items() if lin.rank == Rank.SPECIES}
    renamed = [CURRENT[lin.name] for lin in species if lin.name in CURRENT]
    assert len(renamed) >= 4  # the test exercises real renames, not an unchanged profile
    current = Profile(
        "current",
        {parse_lineage("s__" + CURRENT.get(lin.name, lin.name).replace(" ", "_")): v
         for lin, v in species.items()},
        original.unknown,
        PROV,
    )
    ids = ["gmhi", "gmwi2"]
    full = {m.spec.id: m.values[0] for m in compute_markers(Cohort.from_profiles([original]), ids)}
    got = {m.spec.id: m for m in compute_markers(Cohort.from_profiles([current]), ids)}
    # the published GMWI2 of this MetaPhlAn 3 profile (GMWI2 repo, *.gmwi2_published.txt)
    published = float((data_dir / "metaphlan_kefir" / "Subj008_time1_S6.gmwi2_published.txt")
                      .read_text().split()[-1])
    assert full["gmwi2"] == pytest.approx(published, abs=1e-12)
    assert got["gmhi"].values[0] == pytest.approx(full["gmhi"], abs=1e-12)
    assert got["gmwi2"].values[0] == pytest.approx(full["gmwi2"], abs=1e-12)
    assert "higher ranks derived" in (got["gmwi2"].notes[0] or "")


def test_species_only_gmwi2_is_na_when_lineages_are_unknown() -> None:
    unknown = Profile("u", {parse_lineage("s__Xyzzy_plugh"): 60.0,
                            parse_lineage("s__Bacteroides_uniformis"): 40.0}, None, PROV)
    result = compute_markers(Cohort.from_profiles([unknown]), ["gmwi2"])[0]
    assert math.isnan(result.values[0])
    assert "places 40%" in (result.notes[0] or "")
