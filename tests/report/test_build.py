"""Building the report from real profiles: values, composition, re-test and missing parts."""

from __future__ import annotations

from pathlib import Path

import pytest
from report_data import EARLIER, LATER, published_gmwi2

from microbiomix.errors import UsageError
from microbiomix.pipeline import build_report, load_profiles, marker_results
from microbiomix.report.build import percentile_band
from microbiomix.report.model import Report
from microbiomix.taxonomy import Rank


def test_markers_are_the_pipeline_values(single_report: Report) -> None:
    results, _ = marker_results(load_profiles([EARLIER]))
    # Every marker except those flagged out of reports (the F/B ratio: Porcari et al. 2025).
    expected = {r.spec.id: r.value for r in results if r.spec.in_reports}
    assert "firmicutes_bacteroidota_ratio" in {r.spec.id for r in results}
    assert {m.id: m.value for m in single_report.markers} == expected
    assert "firmicutes_bacteroidota_ratio" not in {m.id for m in single_report.markers}
    gmwi2 = single_report.marker("gmwi2")
    assert gmwi2 is not None
    assert gmwi2.value == pytest.approx(published_gmwi2("Subj001_time1_S1"), abs=1e-12)
    assert gmwi2.citation.doi == "10.1038/s41467-024-51651-9"


def test_retest_change_reproduces_published_gmwi2_difference(retest_report: Report) -> None:
    assert retest_report.retest is not None
    assert [t.sample_id for t in retest_report.retest.timepoints] == [
        "Subj001_time1_S1", "Subj001_time2_S2"]
    change = next(c for c in retest_report.retest.changes if c.id == "gmwi2")
    before, after = published_gmwi2("Subj001_time1_S1"), published_gmwi2("Subj001_time2_S2")
    assert change.values == pytest.approx([before, after], abs=1e-12)
    assert change.change == pytest.approx(after - before, abs=1e-12)
    assert change.direction == "up"
    assert all(c.id != "firmicutes_bacteroidota_ratio" for c in retest_report.retest.changes)
    richness = next(c for c in retest_report.retest.changes if c.id == "richness")
    # species rows of the files: 61 and 15, of which 18 and 4 are k__Viruses phage rows, which
    # are not part of the community (bacteria + archaea)
    assert richness.values == [43.0, 11.0] and richness.change == -32.0


def test_composition_matches_the_profile_file(single_report: Report) -> None:
    (profile,) = load_profiles([EARLIER])
    species = {lin.name: v for lin, v in profile.at_rank(Rank.SPECIES).items()}
    comp = next(c for c in single_report.composition if c.rank == "species")
    # Largest first, as in the file: the phage at 20.18544235893563 % then Bacteroides dorei.
    assert comp.taxa[0].name == "Lactococcus phage jm3"
    assert comp.taxa[0].percent == pytest.approx(20.18544235893563)
    assert comp.taxa[1].name == "Bacteroides dorei"
    listed = sum(t.percent for t in comp.taxa)
    assert listed + comp.other_percent == pytest.approx(sum(species.values()))
    assert comp.unassigned_percent == pytest.approx(100 - sum(species.values()))
    assert [c.rank for c in single_report.composition] == ["phylum", "family", "genus", "species"]


def test_data_quality_reports_unknown_fraction(single_report: Report) -> None:
    assert single_report.data_quality.unknown_percent == pytest.approx(47.20646)
    assert single_report.sample.database == "mpa_v30_CHOCOPhlAn_201901"
    assert any("MetaPhlAn2" in n for n in single_report.data_quality.notes)  # the GMHI caveat


def test_without_labs_and_intake_the_report_says_what_is_missing(single_report: Report) -> None:
    text = " ".join(single_report.missing)
    # said once, by the interpretation's notes (the report's generic line would repeat them)
    assert "No lab results provided" not in text
    assert "No intake questionnaire provided" not in text
    assert sum(m.startswith("Not assessed: intake questionnaire") for m in single_report.missing) == 1
    assert single_report.labs == [] and single_report.questionnaires == []
    assert any(m.startswith("Not assessed: lab results") for m in single_report.missing)
    # shown in the portal too: no command-line option names (it once said "no --labs given")
    assert "--" not in text
    assert single_report.retest is None
    assert [q.key for q in single_report.questions] == [
        "balance", "dysbiosis", "digestion", "inflammation", "barrier"]


def test_percentile_bands() -> None:
    assert percentile_band(5, "ref").startswith("below the 10th")
    assert percentile_band(50, "ref") == "in the middle half of the healthy reference (ref)"
    assert percentile_band(95, "ref").startswith("above the 90th")


def _merged_table(path: Path) -> Path:
    """A merge_metaphlan_tables-style table of the two kefir samples (generated at test time)."""
    rows: dict[str, list[str]] = {}
    for column, source in enumerate((EARLIER, LATER)):
        for line in source.read_text().splitlines():
            if line.startswith(("#", "UNKNOWN")) or not line.strip():
                continue
            clade, _taxid, value = line.split("\t")[:3]
            rows.setdefault(clade, ["0", "0"])[column] = value
    text = "clade_name\tS1\tS2\n" + "".join(f"{c}\t{a}\t{b}\n" for c, (a, b) in rows.items())
    path.write_text(text)
    return path


def test_multi_sample_file_needs_a_sample_id(tmp_path: Path) -> None:
    merged = _merged_table(tmp_path / "merged.tsv")
    with pytest.raises(UsageError, match="--sample-id"):
        build_report(merged)
    with pytest.raises(UsageError, match="no sample 'S9'"):
        build_report(merged, sample_id="S9")
    report = build_report(merged, sample_id="S2")
    assert report.sample.sample_id == "S2"
    gmwi2 = report.marker("gmwi2")
    # Without the UNKNOWN row the abundances are re-normalised the same way, so GMWI2 is unchanged.
    assert gmwi2 is not None and gmwi2.value == pytest.approx(published_gmwi2("Subj001_time2_S2"))


def test_previous_sample_with_same_id_is_refused() -> None:
    with pytest.raises(UsageError, match="distinct sample ids"):
        build_report(LATER, previous_paths=[LATER])


def test_sample_id_renames_a_single_sample_file() -> None:
    report = build_report(EARLIER, sample_id="client-42 visit 1")
    assert report.sample.sample_id == "client-42 visit 1"


def test_percentiles_and_retest_threshold_come_from_the_healthy_reference(
    retest_report: Report,
) -> None:
    import numpy as np

    from microbiomix.reference import bundled_references

    # MetaPhlAn 3 input: placed in the bundled MetaPhlAn 3 reference (HMP2 non-IBD controls)
    reference = bundled_references()["metaphlan3"]
    richness = retest_report.marker("richness")
    assert richness is not None and richness.value == 11.0  # 15 species rows minus 4 phage rows
    assert richness.reference_compatible is True
    assert retest_report.reference is not None and retest_report.reference.compatible
    expected = float(reference.percentile("richness", np.array([11.0]))[0])
    assert richness.percentile == pytest.approx(expected)
    assert richness.reference == reference.name
    assert retest_report.retest is not None
    change = next(c for c in retest_report.retest.changes if c.id == "richness")
    # reliable change over the within-person SD measured on HMP2 repeated controls
    from microbiomix.reference import within_person_sd

    sd_within = within_person_sd()["richness"][0]
    assert change.threshold == pytest.approx(1.96 * 2 ** 0.5 * sd_within)
    # the threshold would call it (32 > 26.1), but the later sample failed the quality gate
    assert abs(-32.0) > change.threshold and change.meaningful is None
    assert any(reference.name in m for m in retest_report.methods)


def test_without_interpretation_the_report_says_so() -> None:
    from microbiomix.report.build import assemble
    from microbiomix.report.html import render_html

    (profile,) = load_profiles([EARLIER])
    results, _ = marker_results([profile])
    report = assemble(profile, results)
    assert any(m.startswith("Interpretation not available") for m in report.missing)
    assert all(q.status == "not assessed" for q in report.questions)
    html = render_html(report, "practitioner")
    assert "Red flags not checked" in html and "No plan: interpretation not available" in html


def test_limitations_and_methods_carry_the_consensus_asks(single_report: Report) -> None:
    limitations = " ".join(single_report.limitations)
    assert "doi:10.1016/S2468-1253(24)00311-X" in limitations
    assert "irritable bowel syndrome" in limitations and "Firmicutes/Bacteroidetes" in limitations
    # Strain-variable functions are stated as not readable from species, never as findings.
    assert limitations.count("not interpretable from species; needs gene-level data") == 2
    assert "Beta-glucuronidase" in limitations
    methods = " ".join(single_report.methods)
    # EARLIER is a MetaPhlAn 3 profile of database mpa_v30_CHOCOPhlAn_201901 (its header line).
    assert "mpa_v30_CHOCOPhlAn_201901" in methods
    assert "Profiler: MetaPhlAn 3;" in methods  # the version is not repeated when the name holds it
    assert "DNA extraction" in methods and "controls" in methods and "sequencing platform and depth" in methods


def test_failed_quality_gate_leaves_the_microbiome_only_question_not_assessed(
    retest_report: Report,
) -> None:
    # the later kefir sample fails the gate (starter cultures 98.9% of its bacteria)
    assert retest_report.quality is not None and retest_report.quality.verdict == "fail"
    balance = next(q for q in retest_report.questions if q.key == "balance")
    assert balance.status == "not assessed" and "quality gate" in balance.summary


def test_no_meaningful_retest_calls_when_a_sample_failed_the_gate(retest_report: Report) -> None:
    assert retest_report.retest is not None
    assert all(c.meaningful is None for c in retest_report.retest.changes)
    gmwi2 = next(c for c in retest_report.retest.changes if c.id == "gmwi2")
    assert "Subj001_time2_S2 failed the sample-quality gate" in gmwi2.threshold_basis
