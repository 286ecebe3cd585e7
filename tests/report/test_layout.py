"""Layout and honesty of the views: numbered citations, reference notes beside percentiles, the
caveat when the healthy reference was made with another profiler, plain words for clients, plots."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from markupsafe import escape

from microbiomix.pipeline import build_report
from microbiomix.reference import bundled_references
from microbiomix.report import render_html, render_pdf
from microbiomix.report.build import reference_caveat
from microbiomix.report.html import plain_band
from microbiomix.report.model import Report, SampleInfo
from microbiomix.report.plots import bar_panel, percentile_gauge, trend


def test_richness_percentile_carries_the_reference_definition(retest_report: Report) -> None:
    # The report says beside each percentile how the reference values were obtained.
    richness = retest_report.marker("richness")
    assert richness is not None and richness.percentile is not None
    assert richness.reference_note == bundled_references()["metaphlan3"].sources["richness"]
    assert "same definition" in richness.reference_note
    html = render_html(retest_report, "practitioner")
    row = re.search(r'<tr data-marker="richness">.*?</tr>', html, re.DOTALL)
    assert row is not None and "reference values: note" in row.group(0)
    letter = re.search(r"reference values: note (\w+)", row.group(0))
    assert letter is not None
    assert f"<strong>{letter.group(1)}:</strong> {richness.reference_note}" in html


def test_caveat_when_reference_profiler_differs(tmp_path: Path) -> None:
    from report_data import EARLIER, LATER

    metaphlan2 = tmp_path / "mpa2.npz"
    bundled_references()["metaphlan2"].save(metaphlan2)
    retest_report = build_report(LATER, previous_paths=[EARLIER], reference=metaphlan2)
    assert retest_report.reference is not None and not retest_report.reference.compatible
    assert "MetaPhlAn 2" in (retest_report.reference.note or "")
    caveat = retest_report.reference_caveat
    assert caveat is not None
    assert "MetaPhlAn 2" in caveat and "MetaPhlAn 3" in caveat
    assert 'id="reference-caveat"' in render_html(retest_report, "practitioner")
    client = render_html(retest_report, "client")
    assert 'id="reference-caveat"' in client and "approximate" in client


def test_no_caveat_when_profilers_match(retest_report: Report) -> None:
    sample = SampleInfo(sample_id="s", profiler="MetaPhlAn", profiler_version="2",
                        taxonomy="ncbi", input_format="metaphlan")
    assert reference_caveat(sample, "MetaPhlAn 2", retest_report.markers) is None
    assert reference_caveat(sample, "MetaPhlAn 3", retest_report.markers) is not None
    assert reference_caveat(sample, None, retest_report.markers) is None


def test_citations_are_numbered_once_and_every_number_resolves(retest_report: Report) -> None:
    html = render_html(retest_report, "practitioner")
    cited = {int(n) for n in re.findall(r'href="#ref-(\d+)"', html)}
    listed = [int(n) for n in re.findall(r'<li id="ref-(\d+)">', html)]
    assert listed == list(range(1, len(listed) + 1))
    assert cited <= set(listed)
    references = html[html.index('<ol class="refs">'):]
    for marker in retest_report.markers:  # each distinct citation printed once, with its DOI
        c = marker.citation
        if c.doi:
            entry = f"{escape(c.text)}, doi:<a href=\"https://doi.org/{c.doi}\">{c.doi}</a>"
            assert references.count(f'">{entry}</li>') == 1, marker.id


def test_client_bands_are_plain_words(retest_report: Report) -> None:
    assert plain_band(5) == "lower than in 9 out of 10 healthy people"
    assert plain_band(50).startswith("in the usual range")
    assert plain_band(95) == "higher than in 9 out of 10 healthy people"
    client = render_html(retest_report, "client")
    assert retest_report.reference is not None
    assert retest_report.reference.name not in client  # the reference's internal name
    assert "Lower than in 9 out of 10 healthy people." in client  # richness, 0.16th percentile


def test_guild_panel_rows_keep_whole_labels_and_client_panel_has_no_percentile_codes() -> None:
    label = "Hydrogen-sulphide producers (sulphate/sulphite reducers, Bilophila)"
    panel = str(bar_panel([(label, 1.5, 30.0), ("Methanogens", 0.5, 60.0), ("Equol", None, None)]))
    # one HTML row per guild (a page may break between rows), the label whole (it wraps as text)
    assert panel.count('class="bar-row"') == 3 and f">{label}</span>" in panel
    assert "P30" in panel and "P60" in panel and "not computed" in panel
    # bars relative to the largest value: 1.5 -> 75% of the track, 0.5 -> a third of that
    assert 'style="width:75%"' in panel and 'style="width:25%"' in panel
    assert "P30" not in str(bar_panel([(label, 1.5, 30.0)], percentiles=False))


def test_table_sparklines_have_no_unreadable_labels() -> None:
    assert "<text" not in str(trend([1.0, 2.0], ["a", "b"], "x", True, 150))
    assert str(trend([1.0, 2.0], ["a", "b"], "x", True, 220)).count("<text") == 2


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def _first_pdf_page(report: Report, tmp_path: Path) -> str:
    pdf = tmp_path / "p.pdf"
    pdf.write_bytes(render_pdf(report, "practitioner"))
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], check=True,
                           capture_output=True, text=True).stdout
    return " ".join(first.split())  # the question titles may wrap


def test_page_one_has_quality_red_flags_and_the_start_of_the_summary(
    tmp_path: Path,
) -> None:
    # A sample that passes the quality gate, with the example client's labs and intake.
    examples = Path(__file__).parents[2] / "src" / "microbiomix" / "examples"
    report = build_report(
        examples / "Subj030_time2_S19.metaphlan3.txt",
        labs_path=examples / "labs.csv",
        intake_path=examples / "intake.yaml",
        previous_paths=[examples / "Subj030_time1_S18.metaphlan3.txt"],
    )
    first = _first_pdf_page(report, tmp_path)
    # The example labs have a CRP above range: a red flag, on page one under the quality verdict.
    assert "Sample quality: pass." in first and "Red flags: refer to a doctor" in first
    assert "CRP above the laboratory's reference range" in first
    # Findings may split across pages, so the summary starts on page one (once, a page was left
    # blank but for its heading because every finding paragraph refused to split).
    assert "Summary" in first and "Beneficial-bacteria balance" in first


def test_first_pdf_page_of_a_failed_sample_leads_with_what_cannot_be_trusted(
    retest_report: Report, tmp_path: Path
) -> None:
    # Quality failed and no intake or labs: page one carries the verdict and the unchecked red
    # flags (the summary may follow on page two).
    first = _first_pdf_page(retest_report, tmp_path)
    assert "Sample quality: fail." in first
    assert "Red flags not checked" in first and "Not assessed (" in first


def test_print_html_shows_arrows_for_two_sample_trends(retest_report: Report) -> None:
    assert retest_report.retest is not None and len(retest_report.retest.timepoints) == 2
    screen = render_html(retest_report, "practitioner")
    printed = render_html(retest_report, "practitioner", for_print=True)
    assert 'over time" class="plot"' in screen
    assert 'over time" class="plot"' not in printed
    richness = re.search(r'<tr data-change="richness">.*?</tr>', printed, re.DOTALL)
    assert richness is not None and "▼ down" in richness.group(0)  # 61 -> 15 species


@pytest.mark.parametrize("percentile", [0.0, 100.0])
def test_gauge_marker_at_either_end_is_inside_the_drawing(percentile: float) -> None:
    # The value's triangle is 10 units wide around its point; at the 100th percentile of a
    # 220-unit scale it spans 215-225, and the drawing must reach that far (it was cut off).
    svg = str(percentile_gauge(percentile, "Dysbiosis score"))
    left, _, width, _ = (float(v) for v in re.search(r'viewBox="([^"]+)"', svg).group(1).split())
    xs = [float(x) for x in re.findall(r"[ML](-?[\d.]+) ", svg)]
    assert xs and left <= min(xs) and max(xs) <= left + width


def test_client_sees_how_often_healthy_people_score_below_zero_on_gmhi_and_gmwi2() -> None:
    # The demo sample: GMHI -3.14 and GMWI2 -1.15, both below the papers' 0. Measured on healthy
    # people (benchmarks/README.md, bench_calibration), GMHI < 0 in 24-93% and GMWI2 < 0 in
    # 40-91% of healthy sets, so the client is told so beside the score and in the finding.
    examples = Path(__file__).parents[2] / "src" / "microbiomix" / "examples"
    report = build_report(examples / "Subj030_time2_S19.metaphlan3.txt")
    gmhi, gmwi2 = report.marker("gmhi"), report.marker("gmwi2")
    assert gmhi is not None and gmhi.value is not None and gmhi.value < 0
    assert gmwi2 is not None and gmwi2.value is not None and gmwi2.value < 0
    client = render_html(report, "client")
    for marker, rate in (("gmhi", "from 1 in 4 to 9 in 10"), ("gmwi2", "from 4 to 9 in 10")):
        card = re.search(rf'<div class="card gauge" data-marker="{marker}">.*?</p>\s*</div>\s*</div>',
                         client, re.DOTALL)
        assert card is not None and rate in card.group(0)
        assert "not a sign of illness on its own" in card.group(0)
    balance = re.search(r'data-question="balance">.*?</div>', client, re.DOTALL)
    assert balance is not None and balance.group(0).count("Many healthy people also score") == 2
