"""Guilds rebuilt from primary sources (issue 12): hand-computed sums on small profiles and on a
real MetaPhlAn 3 profile, and the evidence columns every member row must carry."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from microbiomix.markers import registry
from microbiomix.markers.groups import GUILDS_FILE, PANELS_FILE, read_members
from microbiomix.markers.guilds import not_interpretable
from microbiomix.profile import Cohort, Profile, Provenance
from microbiomix.readers import read_profiles
from microbiomix.taxonomy import Lineage, TaxonomySystem

NCBI = Provenance("test", "test", TaxonomySystem.NCBI)
KEFIR = Path(__file__).resolve().parents[1] / "data" / "metaphlan_kefir" / "Subj003_time1_S3.metaphlan3.txt"


def species_only(sample: str, abundances: dict[str, float]) -> Profile:
    return Profile(sample, {Lineage((None,) * 6 + (n,)): v for n, v in abundances.items()},
                   None, NCBI)


def compute(marker_id: str, *profiles: Profile):  # type: ignore[no-untyped-def]
    return registry()[marker_id].compute(Cohort.from_profiles(list(profiles)))


def test_butyrate_producers_include_the_cultured_producers_the_review_found_missing() -> None:
    # Members: R. intestinalis 2, A. hallii (as E. hallii, the MetaPhlAn 3 name) 3, Coprococcus
    # comes 1 (through the genus), R. faecis 2 (through the genus Roseburia), Anaerostipes hadrus 2
    # (Allen-Vercoe 2012), Gemmiger formicilis 1 (Gossling & Moore 1975), Butyricicoccus
    # pullicaecorum 1 (through the genus, Eeckhaut 2008/2013), Subdoligranulum variabile 1 (review
    # table). Not members: the unnamed MetaPhlAn 3 species "Subdoligranulum sp AM16 9" 3 (no source
    # says it makes butyrate) and B. uniformis 24. Total 40 -> (2+3+1+2+2+1+1+1) / 40 = 32.5 %.
    profile = species_only("S", {"Roseburia intestinalis": 2.0, "Eubacterium hallii": 3.0,
                                 "Coprococcus comes": 1.0, "Roseburia faecis": 2.0,
                                 "Anaerostipes hadrus": 2.0, "Gemmiger formicilis": 1.0,
                                 "Butyricicoccus pullicaecorum": 1.0,
                                 "Subdoligranulum variabile": 1.0,
                                 "Subdoligranulum sp AM16 9": 3.0,
                                 "Bacteroides uniformis": 24.0})
    result = compute("guild_butyrate_producers", profile)
    np.testing.assert_allclose(result.values, [32.5], rtol=1e-12)
    assert "Anaerostipes hadrus" in result.taxa_used
    assert "Subdoligranulum sp AM16 9" not in result.taxa_used
    assert "underestimate" in (result.notes[0] or "") and "19.1%" in (result.notes[0] or "")


def test_secondary_bile_acid_producers_count_clostridium_scindens() -> None:
    # (4 + 1 + 3) of 20 = 40 %.
    profile = species_only("S", {"Clostridium scindens": 4.0, "Clostridium hylemonae": 1.0,
                                 "Clostridium hiranonis": 3.0, "Bacteroides uniformis": 12.0})
    np.testing.assert_allclose(compute("guild_secondary_bile_acids", profile).values, [40.0])


def test_h2s_routes_are_separate_and_environmental_organisms_are_gone() -> None:
    # Desulfovibrio piger 2 (sulphate reducer), Bilophila 1 (taurine), Thermus thermophilus and
    # Thiobacillus thiooxidans (former FAPROTAX rows) 3 each count in neither; total 20.
    profile = species_only("S", {"Desulfovibrio piger": 2.0, "Bilophila wadsworthia": 1.0,
                                 "Thermus thermophilus": 3.0, "Thiobacillus thiooxidans": 3.0,
                                 "Bacteroides uniformis": 11.0})
    np.testing.assert_allclose(compute("guild_sulphate_reducers", profile).values, [10.0])
    np.testing.assert_allclose(compute("guild_taurine_respirers", profile).values, [5.0])
    assert "guild_h2s_producers" not in registry()
    names = {m.name for m in read_members(GUILDS_FILE, "guild")}
    assert not names & {"Thermus thermophilus", "Thiobacillus thiooxidans", "Desulfobacter",
                        "Archaeoglobus"}


def test_mucin_degraders_and_equol_producers_hand_computed() -> None:
    # Mucin: A. muciniphila 1 + R. gnavus 2 + R. torques 1 = 4 of 20 = 20 %.
    # Equol: S. equolifaciens 1 + A. equolifaciens 1 + A. celatus 1 = 3 of 20 = 15 %;
    # Slackia isoflavoniconvertens (1) is not listed (no readable source names it an equol producer).
    profile = species_only("S", {"Akkermansia muciniphila": 1.0, "Ruminococcus gnavus": 2.0,
                                 "Ruminococcus torques": 1.0, "Slackia equolifaciens": 1.0,
                                 "Adlercreutzia equolifaciens": 1.0, "Asaccharobacter celatus": 1.0,
                                 "Slackia isoflavoniconvertens": 1.0, "Bacteroides uniformis": 12.0})
    np.testing.assert_allclose(compute("guild_mucin_degraders", profile).values, [20.0])
    result = compute("guild_equol_producers", profile)
    np.testing.assert_allclose(result.values, [15.0])
    assert "strain-dependent" in (result.notes[0] or "")


def test_strain_variable_functions_are_not_guilds_but_listed_as_not_interpretable() -> None:
    assert "guild_beta_glucuronidase" not in registry()
    listed = {n.id: n for n in not_interpretable()}
    assert set(listed) == {"beta_glucuronidase", "cysteine_h2s"}
    for entry in listed.values():
        assert "not interpretable from species; needs gene-level data" in entry.statement
        assert entry.source.startswith("doi:10.") and entry.verified


def test_real_metaphlan3_profile_hand_summed() -> None:
    # Subj003_time1_S3 (kefir study, MetaPhlAn 3). Member rows read from the file:
    # butyrate: F. prausnitzii 0.18949235429638703, R. inulinivorans 0.4134416793297251,
    # R. hominis 0.12565672397860084, E. rectale 1.3655480769930115, E. hallii 0.04289750626731794,
    # C. comes 0.32329582720954647, C. catus 0.12380073881777982, A. hadrus 0.42228792015906547,
    # Gemmiger formicilis 0.04257107671641976 -> 3.0489919037678535 (the three Subdoligranulum sp.
    # rows, 0.2599... with R. lactatiformans in "additional_species", are not members);
    # mucin: A. muciniphila 0.07664565855089006, R. gnavus 0.23158311324505665,
    # R. torques 0.8564811923673169 -> 1.1647099641632637; M. smithii 2.4579259159565394;
    # B. wadsworthia 0.049122984130875874. Species total 46.6328163018492, of which bacteria and
    # archaea 46.248827894569 (the rest are phages): the community denominator of issue 10.
    (profile,) = read_profiles(KEFIR)
    cohort = Cohort.from_profiles([profile])
    sums = {"guild_butyrate_producers": 3.0489919037678535,
            "guild_mucin_degraders": 1.1647099641632637,
            "guild_methanogens": 2.4579259159565394,
            "guild_taurine_respirers": 0.049122984130875874,
            "guild_sulphate_reducers": 0.0,
            "guild_oxalate_degraders": 0.0}
    for marker_id, member_sum in sums.items():
        value = registry()[marker_id].compute(cohort).values[0]
        # The community (issue 10) is bacteria + archaea: phage rows are not in the denominator.
        assert np.isclose(value, 100 * member_sum / 46.248827894569, rtol=1e-9), (marker_id, value)


@pytest.mark.parametrize(("path", "column"), [(GUILDS_FILE, "guild"), (PANELS_FILE, "panel")])
def test_every_member_row_says_evidence_meaning_source_and_how_it_was_verified(
    path: str, column: str
) -> None:
    for m in read_members(path, column):
        assert m.evidence_type and m.evidence and m.meaning and m.verified, m
        assert "unverified" not in m.verified.lower() and "not verified" not in m.verified.lower(), m
        assert m.source.startswith(("doi:10.", "PMID:", "https://", "Louca", "BacMap", "Shaaban")), m


def test_real_metaphlan3_profile_with_butyricicoccus_hand_summed() -> None:
    # Subj013_time1_S10 (kefir study, MetaPhlAn 3), butyrate member rows read from the file:
    # A. hadrus 1.0087860842367198, R. inulinivorans 0.24526006779138781, E. rectale
    # 0.17669035354314747, R. hominis 0.10733215407980543, R. faecis 0.10591984722865945 (genus),
    # Butyricicoccus pullicaecorum 0.06378813724099722 (genus), R. intestinalis 0.04160605317759444,
    # Roseburia sp CAG 471 0.0008866500410781979 (genus) -> 1.7502693473393898 (no F. prausnitzii
    # row in this sample). Species rows of bacteria and archaea sum to 31.6463955979526, all
    # species rows (with viruses) to 31.6660697290426.
    (profile,) = read_profiles(KEFIR.with_name("Subj013_time1_S10.metaphlan3.txt"))
    result = registry()["guild_butyrate_producers"].compute(Cohort.from_profiles([profile]))
    # Denominator: the bacteria + archaea community, not all species rows.
    np.testing.assert_allclose(result.values, [100 * 1.7502693473393898 / 31.6463955979526],
                               rtol=1e-9)
    assert {"Anaerostipes hadrus", "Butyricicoccus pullicaecorum"} <= set(result.taxa_used)


def test_metaphlan2_table_counts_subdoligranulum_variabile_but_not_the_unnamed_species() -> None:
    # GMHI example table (MetaPhlAn 2 names), Sample25, butyrate member rows read from the file:
    # Anaerostipes hadrus 0.297302254, Coprococcus comes 0.897828387, Eubacterium hallii
    # 0.083891737, Eubacterium rectale 2.220963826, F. prausnitzii 5.982856832, R. hominis
    # 0.132241508, R. intestinalis 0.155634983, R. inulinivorans 2.097037014, Subdoligranulum
    # variabile 0.001538402 -> 11.869294943. Not a member: Subdoligranulum sp 4_3_54A2FAA
    # 0.727847197. All rows sum to 99.99903545, of which Propionibacterium phage P100_A 0.041256029
    # is a virus: community 99.957779421.
    path = Path(__file__).resolve().parents[1] / "data" / "gmhi" / "example_species_relative_abundances.csv"
    cohort = Cohort.from_profiles(list(read_profiles(path)))
    result = registry()["guild_butyrate_producers"].compute(cohort)
    np.testing.assert_allclose(result.values[-1], 100 * 11.869294943 / 99.957779421, rtol=1e-9)
