"""The report with the bundled example labs and intake: interpretation, labs, red flags, FHIR."""

from __future__ import annotations

from datetime import date
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from fhir.resources.R4B.bundle import Bundle
from markupsafe import escape
from report_data import EARLIER, LATER

from microbiomix.pipeline import build_report
from microbiomix.report import render_html, to_fhir
from microbiomix.report.model import Report, json_schema
from microbiomix.report.review import ItemDecision, apply_review

EXAMPLES = resources.files("microbiomix.examples")
LABS = Path(str(EXAMPLES.joinpath("labs.csv")))
INTAKE = Path(str(EXAMPLES.joinpath("intake.yaml")))


@pytest.fixture(scope="module")
def full_report() -> Report:
    return build_report(LATER, labs_path=LABS, intake_path=INTAKE, previous_paths=[EARLIER])


def test_labs_intake_and_findings_reach_the_report(full_report: Report) -> None:
    assert not any("No lab results" in m or "No intake" in m for m in full_report.missing)
    calprotectin = next(lab for lab in full_report.labs if lab.analyte == "Faecal calprotectin")
    assert calprotectin.value == 38.0 and calprotectin.flag == "normal"
    ferritin = next(lab for lab in full_report.labs if "erritin" in lab.analyte)
    assert ferritin.value == 22.0 and ferritin.flag == "low"
    assert ferritin.reference_low == 30 and ferritin.reference_high == 400  # the lab's interval
    assert full_report.plan and all(p.citations for p in full_report.plan)
    assert full_report.evidence_scale and "GRADE" in full_report.evidence_scale
    assert {s.instrument for s in full_report.questionnaires}
    assert full_report.client.age is not None
    dysbiosis = next(q for q in full_report.questions if q.key == "dysbiosis")
    assert dysbiosis.status == "assessed"
    assert all(full_report.findings[i].domain == "dysbiosis" for i in dysbiosis.finding_indices)
    jsonschema.Draft202012Validator(json_schema()).validate(
        __import__("json").loads(full_report.to_json()))


def test_views_show_labs_plan_and_disputed_zonulin(full_report: Report) -> None:
    html = render_html(full_report, "practitioner")
    assert "Faecal calprotectin" in html and "No lab results provided." not in html
    assert "flag-low" in html
    assert "Zonulin" in html
    client = render_html(full_report, "client")
    assert "Your plan" in client and "No plan yet" not in client
    assert full_report.plan[0].client_text is not None
    # no review yet: the client sees that the plan awaits review, and none of its items
    assert 'id="plan-awaiting-review"' in client
    assert full_report.plan[0].client_text.split(";")[0][:30] not in client
    reviewed = apply_review(full_report, {p.id: ItemDecision(decision="accept")
                                          for p in full_report.plan if p.id}, "Dr Test", date(2026, 10, 6))
    client = render_html(reviewed, "client")
    assert full_report.plan[0].client_text.split(";")[0][:30] in client
    assert "Reviewed by Dr Test on 2026-10-06" in client


def test_fhir_lab_observations_carry_catalogue_loinc(full_report: Report) -> None:
    bundle = to_fhir(full_report)
    Bundle.model_validate(bundle)
    codings = [e["resource"]["code"].get("coding", [{}])[0] for e in bundle["entry"][1:]]
    calprotectin = next(lab for lab in full_report.labs if lab.analyte == "Faecal calprotectin")
    assert calprotectin.loinc
    assert {"system": "http://loinc.org", "code": calprotectin.loinc,
            "display": "Faecal calprotectin"} in codings


def test_red_flag_from_intake_is_shown_first(tmp_path: Path) -> None:
    intake = tmp_path / "intake.yaml"
    intake.write_text(INTAKE.read_text().replace("rectal_bleeding: no", "rectal_bleeding: yes"))
    report = build_report(LATER, intake_path=intake)
    assert report.red_flags, "visible rectal bleeding must raise a red flag"
    html = render_html(report, "practitioner")
    assert "Red flags: refer to a doctor" in html
    assert html.index('id="red-flags"') < html.index('id="summary"')
    client = render_html(report, "client")
    assert "Please see a doctor about this" in client


@pytest.mark.parametrize(("status", "flag"), [
    ("low", "low"), ("low if inflammation", "low"), ("possibly inadequate", "low"),
    ("within limits", "normal"), ("within laboratory range", "normal"),
    ("above laboratory range", "high"), ("no reference interval", "not interpreted"),
    ("not interpreted", "not interpreted"), ("indeterminate", "abnormal")])
def test_lab_flags(status: str, flag: str) -> None:
    from microbiomix.report.sources import lab_flag

    assert lab_flag(status) == flag


def test_withheld_items_use_client_wording_only_in_the_client_view(tmp_path: Path) -> None:
    intake = tmp_path / "intake.yaml"
    intake.write_text(INTAKE.read_text().replace(
        "immunocompromised: no", "immunocompromised: yes"))
    report = build_report(LATER, intake_path=intake)
    probiotic = next(w for w in report.withheld if w.id == "probiotic_ibs_trial")
    assert probiotic.client_text and probiotic.client_reason
    assert "weakened immune system" in probiotic.client_reason
    assert Report.from_json(report.to_json()) == report
    jsonschema.validate(__import__("json").loads(report.to_json()), json_schema())
    practitioner = render_html(report, "practitioner")
    client = render_html(report, "client")
    # practitioner wording (as before): the item, "not suitable: immunocompromise" and the
    # contraindication naming bloodstream infection; none of it reaches the client
    assert f"Withheld from the plan: {probiotic.text}" in practitioner
    assert "not suitable: immunocompromise" in practitioner
    assert escape(probiotic.client_reason) not in practitioner
    for jargon in ("Withheld from the plan", "not suitable: immunocompromise", "Immunocompromise",
                   "bloodstream infection", "central venous catheter"):
        assert jargon not in client, jargon
    assert escape(probiotic.client_reason) in client and escape(probiotic.client_text) in client
    assert client.index('id="withheld"') > client.index("Your plan")


def test_unanswered_alarm_questions_are_never_no_red_flags(tmp_path: Path) -> None:
    # issue 11: a 62-year-old man with new diarrhoea and no alarm answers was told "No red flags"
    intake = tmp_path / "intake.yaml"
    intake.write_text("collected: 2026-10-01\ndemographics: {age: 62, sex: male}\nsymptoms: [diarrhoea]\n")
    report = build_report(LATER, intake_path=intake)
    assert report.red_flags == []
    assert report.red_flag_status is not None
    assert report.red_flag_status.startswith("No red flags among the answers given. Not asked:")
    assert "change in bowel habit" in report.red_flag_status and "dysphagia" in report.red_flag_status
    not_assessed = {r.id for r in report.not_assessed_rules if r.kind == "red_flag"}
    assert {"change_in_bowel_habit_60_or_over", "visible_blood", "melaena_or_haematemesis"} <= not_assessed
    practitioner = render_html(report, "practitioner")
    assert "No red flags among the answers given" in practitioner
    assert 'data-not-assessed="change_in_bowel_habit_60_or_over"' in practitioner
    assert "No red flags.</strong>" not in practitioner
    client = render_html(report, "client")
    assert "No warning signs among the answers you gave" in client
    assert "a change in your usual bowel habit" in client and "difficulty swallowing" in client
    # answering yes to the change in bowel habit at 62 raises the NICE NG12 1.3.1 red flag
    intake.write_text(intake.read_text() + "alarm_features: {change_in_bowel_habit: yes}\n")
    flagged = build_report(LATER, intake_path=intake)
    assert "change_in_bowel_habit_60_or_over" in {f.id for f in flagged.red_flags}
