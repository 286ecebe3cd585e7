"""Client wording: every red flag and every plan caution has plain-language client text, and the
client view of the report shows it instead of the practitioner's wording."""

from __future__ import annotations

import json
from datetime import date
from importlib import resources
from pathlib import Path

import pytest

from microbiomix.interpret import interpret, knowledge
from microbiomix.interpretation.engine import intake_facts
from microbiomix.readers.intake import parse_intake
from microbiomix.readers.labs import read_labs

EXAMPLES = Path(str(resources.files("microbiomix.examples")))
KINDS = ("cautions", "contraindications", "interactions")


def test_every_red_flag_has_client_text_that_sends_to_a_doctor() -> None:
    for rule in knowledge().rules["red_flags"]:
        text = rule["client_text"]
        assert "doctor" in text.lower(), rule["id"]
        assert text != rule["reason"] and text != rule["action"], rule["id"]


FACTS = set(intake_facts(parse_intake('{"demographics": {"age": 40}}')))


def test_every_caution_contraindication_and_interaction_has_client_text() -> None:
    count = 0
    for item_id, item in knowledge().plan.items():
        for kind in KINDS:
            for entry in item.get(kind, []):
                assert {"text", "client"} <= set(entry) <= {
                    "text", "client", "facts", "effect", "sources", "verified"}, (item_id, kind, entry)
                # a coded contraindication names known intake facts, an effect and its sources
                if "facts" in entry:
                    assert set(entry["facts"]) <= FACTS, (item_id, set(entry["facts"]) - FACTS)
                    assert entry.get("effect", "check") in ("withhold", "check")
                    assert entry.get("sources") or entry.get("verified") or kind == "interactions", (item_id, entry)
                assert entry["text"].strip() and entry["client"].strip(), (item_id, kind)
                assert entry["client"] != entry["text"], (item_id, kind)
                count += 1
    assert count >= 39  # plan.yaml had 39 when client wording was added; none may lack it


def test_plan_items_carry_client_cautions_in_order() -> None:
    intake = parse_intake(json.dumps({
        "demographics": {"age": 40, "sex": "female"}, "collected": "2026-06-01",
        "medications": [{"name": "amoxicillin", "kind": "antibiotic", "ongoing": True}],
    }))
    result = interpret({}, None, intake)
    lgg = next(p for p in result.plan if p.id == "lgg_antibiotics")
    spec = knowledge().plan["lgg_antibiotics"]
    assert lgg.client_cautions == [c["client"] for kind in KINDS for c in spec.get(kind, [])]
    assert len(lgg.client_cautions) == len(lgg.cautions) + len(lgg.contraindications) + len(lgg.interactions)


@pytest.fixture(scope="module")
def client_and_practitioner(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str, object]:
    from microbiomix.pipeline import build_report
    from microbiomix.report import render_html

    tmp = tmp_path_factory.mktemp("wording")
    intake = tmp / "intake.yaml"
    intake.write_text((EXAMPLES / "intake.yaml").read_text()
                      .replace("rectal_bleeding: no", "rectal_bleeding: yes")
                      .replace("nocturnal_symptoms: no", "nocturnal_symptoms: yes"))
    labs = tmp / "labs.csv"
    labs.write_text((EXAMPLES / "labs.csv").read_text().replace("calprotectin,38,", "calprotectin,180,"))
    read_labs(labs)  # the edited file is still valid
    report = build_report(EXAMPLES / "Subj001_time2_S2.metaphlan3.txt", labs_path=labs,
                          intake_path=intake)
    # the client sees plan items only after a practitioner review: accept them all here
    from microbiomix.report.review import ItemDecision, apply_review

    report = apply_review(report, {p.id: ItemDecision(decision="accept") for p in report.plan if p.id},
                          "Test Reviewer", date(2026, 10, 6))
    return render_html(report, "client"), render_html(report, "practitioner"), report


def test_client_view_shows_client_text_not_practitioner_text(client_and_practitioner: tuple[str, str, object]) -> None:
    from markupsafe import escape

    client, practitioner, report = client_and_practitioner
    flags = knowledge().rules["red_flags"]
    fired = {f.id for f in report.red_flags}  # type: ignore[attr-defined]
    assert {"visible_blood", "nocturnal_symptoms", "calprotectin_raised"} <= fired
    for rule in flags:
        if rule["id"] in fired:
            assert escape(rule["client_text"]) in client, rule["id"]
            assert escape(rule["reason"]) not in client, rule["id"]
            assert escape(rule["reason"]) in practitioner, rule["id"]
    plan = report.plan  # type: ignore[attr-defined]
    assert any(p.client_cautions for p in plan)
    for item in plan:
        for text in item.client_cautions:
            assert escape(text) in client, item.id
        for text in item.cautions:
            assert escape(text) not in client, (item.id, text)
            assert escape(text) in practitioner, (item.id, text)
