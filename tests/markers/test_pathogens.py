"""The pathogen screen on real profiles; known answers read from the files by eye (grep)."""

from __future__ import annotations

from pathlib import Path

import pytest

from microbiomix.markers.pathogens import infection_inputs, panel, screen
from microbiomix.readers import read_profiles

DATA = Path(__file__).resolve().parents[1] / "data"
KEFIR = DATA / "metaphlan_kefir"


def _screen(path: Path):  # type: ignore[no-untyped-def]
    return screen(read_profiles(path)[0])


def test_every_entry_is_sourced_with_a_confirmatory_test() -> None:
    about = panel()
    assert len(about.organisms) >= 20
    for organism in about.organisms:
        assert organism.sources and all(s in about.references for s in organism.sources)
        assert organism.confirm and organism.meaning and organism.client_meaning
        assert organism.min_percent > 0
    for key, text in about.references.items():
        assert "doi:10." in text or "http" in text, key


def test_candida_detected_with_its_abundance() -> None:
    # Subj016_time2: s__Candida_albicans 2.176368403317934; s__Escherichia_coli 0.0058437575219752805
    result = _screen(KEFIR / "Subj016_time2_S14.metaphlan3.txt")
    candida = result.call("candida_albicans")
    assert candida.call == "detected"
    assert candida.percent == pytest.approx(2.176368403317934)
    # E. coli below the 0.01% reporting minimum: a trace, not a detection
    coli = result.call("escherichia_coli")
    assert coli.call == "trace" and coli.percent == pytest.approx(0.0058437575219752805)
    assert "pathogen.escherichia_coli" not in result.rule_inputs()  # pathotype needs genes
    assert result.rule_inputs()["pathogen.candida_albicans"] == pytest.approx(2.176368403317934)


def test_other_candida_excludes_albicans_and_trace_is_not_a_finding() -> None:
    # Subj021_time1: C. albicans 0.11113756499413688, C. dubliniensis 9.843681496564295e-05
    result = _screen(KEFIR / "Subj021_time1_S16.metaphlan3.txt")
    other = result.call("candida_other")
    assert other.call == "trace"
    assert other.percent == pytest.approx(9.843681496564295e-05)
    assert result.rule_inputs()["pathogen.candida_other"] == 0.0


def test_not_detected_is_by_this_method_and_rna_viruses_are_not_assessable() -> None:
    result = _screen(KEFIR / "Subj001_time1_S1.metaphlan3.txt")
    assert result.call("giardia_intestinalis").call == "not detected"  # MetaPhlAn holds eukaryotes
    assert result.call("clostridioides_difficile").call == "not detected"
    norovirus = result.call("norovirus")
    assert norovirus.call == "not assessable" and "RNA" in (norovirus.reason or "")
    assert result.rule_inputs()["pathogen.norovirus"] is None


def test_profile_without_eukaryotes_cannot_say_not_detected_for_parasites() -> None:
    # mOTUs 3 (bacteria and archaea only) on CAMI gastrointestinal sample 0
    result = _screen(DATA / "cami_gi" / "motus3" / "sample_0.profile")
    for organism in ("giardia_intestinalis", "blastocystis", "candida_albicans"):
        assert result.call(organism).call == "not assessable"
    assert infection_inputs(result, None)["pathogen.giardia_intestinalis"].value is None


def test_gtdb_profile_cannot_name_shigella() -> None:
    result = _screen(DATA / "cami_gi" / "sylph" / "sample_0.profile")
    shigella = result.call("shigella")
    assert shigella.call == "not assessable" and "GTDB" in (shigella.reason or "")


def test_detection_says_how_often_it_fires_in_healthy_people() -> None:
    # Subj016_time2 is MetaPhlAn 3; the panel's MetaPhlAn 3 healthy count for C. albicans is 0/300
    result = _screen(KEFIR / "Subj016_time2_S14.metaphlan3.txt")
    assert "healthy controls profiled the same way: 0/300" in result.call("candida_albicans").evidence
    assert "reads" not in result.call("candida_albicans").evidence  # MetaPhlAn % is not a read share
    about = {o.id: o for o in panel().organisms}
    # benchmarks/bench_pathogens.py: mOTUs 3 calls Salmonella in 3 of 66 healthy controls
    assert about["salmonella_enterica"].healthy["motus3"] == (3, 66)


def test_kraken2_report_with_eukaryotes() -> None:
    # A real Kraken 2 report (taxpasta test data): 627,680 unclassified reads, 168 classified,
    # 16 of them Saccharomyces cerevisiae S288C (D Eukaryota row present), no virus rows.
    path = DATA / "realworld" / "taxpasta" / "kraken2" / "2612_pe-ERR5766176-db1.kraken2.report.txt"
    if not path.is_file():
        pytest.skip("reader corpus (issue 17) not in this checkout")
    result = _screen(path)
    yeast = result.call("saccharomyces")
    assert yeast.call == "trace"  # 16 of 627,848 reads = 0.0025%, below the 0.01% minimum
    assert yeast.percent == pytest.approx(100 * 16 / 627848, rel=1e-3)
    assert "(about 16 reads)" in yeast.evidence  # the S row's clade count in the file
    assert result.call("giardia_intestinalis").call == "not detected"  # eukaryotes in its database
    assert result.call("shigella").call == "not detected"  # an NCBI report, whatever the guess
    assert result.call("human_adenovirus_f").call == "not assessable"  # no virus rows


def test_hmp_mock_community_gold_standard() -> None:
    # OPAL's gold standard of the HMP mock community (CAMI format): H. pylori 0.1796622349982%,
    # Candida albicans 0.0179662234998% (species rows, read from the file)
    path = DATA / "realworld" / "opal" / "gs_hmp_mc.profile"
    if not path.is_file():
        pytest.skip("reader corpus (issue 17) not in this checkout")
    result = _screen(path)
    assert result.call("helicobacter_pylori").call == "detected"
    assert result.call("helicobacter_pylori").percent == pytest.approx(0.1796622349982)
    assert result.call("candida_albicans").call == "detected"
    assert result.call("candida_albicans").percent == pytest.approx(0.0179662234998)
    # the genus Candida row equals its one species: other Candida = albicans excluded = nothing
    assert result.call("candida_other").call == "not detected"
    fired = {k for k, v in result.rule_inputs().items() if v}
    assert fired == {"pathogen.helicobacter_pylori", "pathogen.candida_albicans"}


def test_species_only_table_with_a_yeast_can_say_not_detected_for_fungi() -> None:
    # Bracken species table (taxpasta test data) with Saccharomyces cerevisiae and no lineages
    path = DATA / "realworld" / "taxpasta" / "bracken" / "2612_pe-ERR5766176-db1_S.tsv"
    if not path.is_file():
        pytest.skip("reader corpus (issue 17) not in this checkout")
    result = _screen(path)
    assert result.call("saccharomyces").call == "detected"
    assert result.call("candida_albicans").call == "not detected"
