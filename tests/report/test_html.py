"""HTML views: self-contained, escaped, honest about what is missing, key values present."""

from __future__ import annotations

import re
from datetime import date

import pytest
from report_data import EARLIER

from microbiomix.pipeline import build_report
from microbiomix.report import render_html
from microbiomix.report.build import questions
from microbiomix.report.html import fmt_number
from microbiomix.report.model import (
    Citation,
    ClientInfo,
    Finding,
    PlanItem,
    RedFlag,
    Report,
    TimelineEvent,
)

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>&'


@pytest.mark.parametrize("view", ["practitioner", "client"])
def test_views_are_self_contained_and_say_they_do_not_diagnose(retest_report: Report, view: str) -> None:
    html = render_html(retest_report, view)  # type: ignore[arg-type]
    assert html.startswith("<!DOCTYPE html>")
    assert "<script" not in html.lower()
    assert not re.search(r"<(link|img|iframe)\b", html)
    assert not re.search(r"\bsrc=", html)
    assert "does not diagnose" in html
    assert "Subj001_time2_S2" in html
    assert html.count("<svg") >= 3  # composition bars, gauges, trends


def test_practitioner_view_shows_values_citations_and_missing_parts(retest_report: Report) -> None:
    html = render_html(retest_report, "practitioner")
    gmwi2 = retest_report.marker("gmwi2")
    assert gmwi2 is not None and gmwi2.value is not None
    assert fmt_number(gmwi2.value) in html  # 0.0467
    assert "10.1038/s41467-024-51651-9" in html
    assert "No lab results provided." in html
    assert "No intake questionnaire provided" in html
    # interpretation ran on the profile alone: without intake or labs no red-flag rule could be
    # assessed, so the report must not say "No red flags" (issue 11)
    assert "Red flags not checked" in html and "No red flags" not in html
    assert "Re-test comparison" in html and "10.1037/0022-006X.59.1.12" in html
    for title in ("Beneficial-bacteria balance", "Dysbiosis", "Digestive function", "Inflammation",
                  "Gut barrier"):
        assert title in html


def test_client_view_uses_plain_language(retest_report: Report) -> None:
    html = render_html(retest_report, "client")
    assert "This report informs; it does not diagnose" in html
    assert "Changes since your earlier test" in html
    assert "Your plan" in html
    assert "GMHI" not in html.replace("Gut Microbiome Health Index", "")  # no bare acronyms


def test_user_supplied_text_is_escaped() -> None:
    report = build_report(EARLIER, sample_id=HOSTILE)
    report.client = ClientInfo(name=HOSTILE)
    report.timeline = [TimelineEvent(date=date(2025, 1, 1), text=HOSTILE)]
    report.findings = [Finding(domain="dysbiosis", title=HOSTILE, text=HOSTILE)]
    report.questions = questions(report.findings)
    report.red_flags = [RedFlag(id="x", reason=HOSTILE)]
    report.plan = [PlanItem(category="food", text=HOSTILE, client_text=HOSTILE, evidence="C",
                            citations=[Citation(text=HOSTILE)])]
    for view in ("practitioner", "client"):
        html = render_html(report, view)  # type: ignore[arg-type]
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html


def test_red_flags_come_first(single_report: Report) -> None:
    report = single_report.model_copy(deep=True)
    report.red_flags = [RedFlag(id="fit", reason="Positive faecal immunochemical test")]
    html = render_html(report, "practitioner")
    assert html.index("Positive faecal immunochemical test") < html.index('id="summary"')


def test_unknown_view_is_refused(single_report: Report) -> None:
    with pytest.raises(ValueError, match="unknown view"):
        render_html(single_report, "patient")  # type: ignore[arg-type]


@pytest.mark.parametrize(("value", "text"), [(0.046697530898725984, "0.0467"), (61.0, "61"),
                                             (-3.0761222668833366, "-3.08"), (None, "–"),
                                             (1234.5678, "1235"), (0.0, "0")])
def test_number_formatting(value: float | None, text: str) -> None:
    assert fmt_number(value) == text
