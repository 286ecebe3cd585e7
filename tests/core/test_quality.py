"""The sample-quality gate on real profiles, with expected shares read from the files by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from microbiomix.interpret import interpret
from microbiomix.markers import registry
from microbiomix.profile import Cohort, Profile, Provenance
from microbiomix.quality import assess, assess_profile
from microbiomix.readers import read_profiles
from microbiomix.reference import MarkerResult
from microbiomix.taxonomy import TaxonomySystem, parse_lineage

KEFIR = "metaphlan_kefir"


def _species_rows(path: Path) -> dict[str, tuple[str, float]]:
    """species name -> (kingdom, percent), from the MetaPhlAn 3 file's own species rows."""
    rows = {}
    for line in path.read_text().splitlines():
        if line.startswith("#"):
            continue
        clade, _, value = line.split("\t")[:3]
        if "|s__" in clade and "|t__" not in clade:
            rows[clade.split("|s__")[1]] = (clade.split("|")[0], float(value))
    return rows


def test_kefir_sample_dominated_by_starters_fails(data_dir: Path) -> None:
    path = data_dir / KEFIR / "Subj001_time2_S2.metaphlan3.txt"
    rows = _species_rows(path)
    community = sum(v for k, v in rows.values() if k in ("k__Bacteria", "k__Archaea"))
    starters = sum(rows[name][1] for name in (
        "Streptococcus_thermophilus", "Lactobacillus_delbrueckii", "Lactobacillus_helveticus",
        "Lactococcus_lactis"))
    viruses = sum(v for k, v in rows.values() if k == "k__Viruses")
    quality = assess_profile(read_profiles(path)[0])
    assert quality.verdict == "fail" and quality.withholds_microbiome_findings
    assert quality.value("starter_percent_of_community") == pytest.approx(
        100 * starters / community, rel=1e-9)
    assert quality.value("virus_percent") == pytest.approx(
        100 * viruses / (viruses + community), rel=1e-9)
    assert quality.value("unassigned_percent") == pytest.approx(63.65504)  # #UNKNOWN row
    assert any("Food starter" in r and "fail" in r for r in quality.reasons)


def test_ordinary_kefir_baseline_passes(data_dir: Path) -> None:
    quality = assess_profile(read_profiles(data_dir / KEFIR / "Subj003_time1_S3.metaphlan3.txt")[0])
    assert quality.verdict == "pass" and quality.reasons == ()


def test_host_reads_fail_the_gate_and_are_reported() -> None:
    prov = Provenance(format="test", tool="Kraken 2", taxonomy=TaxonomySystem.NCBI)
    profile = Profile("host", {
        parse_lineage("d__Eukaryota|p__Chordata|s__Homo_sapiens"): 60.0,
        parse_lineage("d__Bacteria|p__Firmicutes|s__Faecalibacterium_prausnitzii"): 40.0,
    }, 10.0, prov)
    quality = assess(Cohort.from_profiles([profile]))[0]
    assert quality.value("host_percent") == pytest.approx(60.0)
    # bacteria are 40% of the classified 90% of the sample
    assert quality.value("community_percent_of_sample") == pytest.approx(36.0)
    assert quality.verdict == "fail"
    assert quality.community_species == 1


def test_no_bacteria_fails() -> None:
    prov = Provenance(format="test", tool="x", taxonomy=TaxonomySystem.NCBI)
    profile = Profile("phage", {parse_lineage("k__Viruses|s__Escherichia_virus_T4"): 100.0}, None,
                      prov)
    quality = assess_profile(profile)
    assert quality.verdict == "fail" and "no bacterial or archaeal species" in quality.reasons[0]


def test_failed_gate_withholds_microbiome_findings_and_their_plan(data_dir: Path) -> None:
    path = data_dir / KEFIR / "Subj001_time2_S2.metaphlan3.txt"
    profile = read_profiles(path)[0]
    spec = registry()["shannon"].spec
    # A Shannon value below the 10th percentile would fire `low_diversity` on its own.
    low = {"shannon": MarkerResult(profile.sample_id, spec, 0.5, None, None, percentile=2.0,
                                   reference="r", reference_compatible=True)}
    fired = interpret(low, sample=profile.sample_id)
    assert "low_diversity" in {f.id for f in fired.findings} and fired.plan
    gated = interpret(low, sample=profile.sample_id, quality=assess_profile(profile))
    assert "low_diversity" not in {f.id for f in gated.findings}
    assert gated.plan == []
    withheld = next(n for n in gated.not_evaluated if n.id == "low_diversity")
    assert withheld.missing[0].startswith("withheld: sample quality failed")
    assert gated.quality is not None and gated.quality["verdict"] == "fail"


def test_percentile_finding_against_an_incompatible_reference_stays_info() -> None:
    spec = registry()["shannon"].spec
    note = "approximate percentile: reference made with MetaPhlAn 2, this input with mOTUs 3"
    low = {"shannon": MarkerResult("s", spec, 0.5, None, None, percentile=2.0, reference="r",
                                   reference_compatible=False, reference_note=note)}
    finding = next(f for f in interpret(low).findings if f.id == "low_diversity")
    assert finding.severity == "info"
    assert finding.caveat is not None and note in finding.caveat
    same = {"shannon": MarkerResult("s", spec, 0.5, None, None, percentile=2.0, reference="r",
                                    reference_compatible=True)}
    assert next(f for f in interpret(same).findings if f.id == "low_diversity").caveat is None


def test_real_shallow_metaphlan4_output_fails_on_depth(data_dir: Path) -> None:
    # "#14537 reads processed" in the file's header; P. copri clade A 24.03028% of it
    profile = read_profiles(data_dir / "trust" / "outpost_dog_1.metaphlan4.txt")[0]
    assert profile.provenance.reads == 14537
    quality = assess_profile(profile)
    assert quality.value("reads") == 14537.0
    assert quality.verdict == "fail" and any("reads" in r for r in quality.reasons)
    from microbiomix.markers.mapping import map_taxa
    from microbiomix.taxonomy import Rank

    cohort = Cohort.from_profiles([profile])
    copri = map_taxa(cohort, [(Rank.SPECIES, "Prevotella copri")], TaxonomySystem.NCBI)
    assert copri.matrix(cohort.values)[0, 0] == pytest.approx(24.03028)


def test_real_kraken2_report_of_host_reads_fails_and_counts_host(data_dir: Path) -> None:
    # taxpasta's nf-core test report (tests/data/realworld/README.md): 627,680 unclassified reads,
    # 168 classified: Homo sapiens 152, Saccharomyces cerevisiae 16 (S1 row), no bacteria.
    path = data_dir / "realworld" / "taxpasta" / "kraken2" / "2612_pe-ERR5766176-db1.kraken2.report.txt"
    profile = read_profiles(path)[0]
    assert profile.provenance.reads == 627680 + 168
    quality = assess_profile(profile)
    assert quality.value("host_percent") == pytest.approx(100 * 152 / 168, rel=1e-9)
    assert quality.value("microbial_eukaryote_percent") == pytest.approx(100 * 16 / 168, rel=1e-9)
    assert quality.community_species == 0 and quality.verdict == "fail"
    assert quality.reasons[0] == "no bacterial or archaeal species in the profile"
