"""Practitioner review before the client sees a plan (`mmm report --approved-plan`), the
collection date (`--collected`) and the versions and dates of the inputs a report records."""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path

import pytest
from report_data import LATER

from microbiomix.cli import main
from microbiomix.errors import InputError
from microbiomix.report.review import parse_review

EXAMPLES = resources.files("microbiomix.examples")
LABS = Path(str(EXAMPLES.joinpath("labs.csv")))
INTAKE = Path(str(EXAMPLES.joinpath("intake.yaml")))


def report(tmp_path: Path, *extra: str, view: str = "client") -> tuple[str, dict]:  # type: ignore[type-arg]
    html, doc = tmp_path / "r.html", tmp_path / "r.json"
    code = main(["report", str(LATER), "--labs", str(LABS), "--intake", str(INTAKE),
                 "--view", view, "-o", str(html), "--json", str(doc), *extra])
    assert code == 0
    return html.read_text(), json.loads(doc.read_text())


def test_client_view_without_review_shows_no_plan_items(tmp_path: Path) -> None:
    html, doc = report(tmp_path)
    assert doc["plan"] and all(p["review"] == "proposed" for p in doc["plan"])
    assert doc["review"] is None
    assert "Your plan is awaiting review by your practitioner" in html
    assert 'class="plan-item"' not in html


def test_client_view_shows_only_accepted_and_changed_items(tmp_path: Path) -> None:
    review = tmp_path / "review.yaml"
    review.write_text(
        "reviewed_by: Dr A. Practitioner\n"
        "reviewed_on: 2026-10-06\n"
        "items:\n"
        "  physical_activity_ibs: accept\n"
        "  probiotic_ibs_trial: remove\n"
        "  soluble_fibre_ibs:\n"
        "    decision: change\n"
        "    client_text: One teaspoon of psyllium a day in a large glass of water for two weeks.\n"
        "    note: started low because of bloating\n")
    html, doc = report(tmp_path, "--approved-plan", str(review))
    by_id = {p["id"]: p for p in doc["plan"]}
    assert by_id["physical_activity_ibs"]["review"] == "accept"
    assert by_id["probiotic_ibs_trial"]["review"] == "remove"
    changed = by_id["soluble_fibre_ibs"]
    assert changed["review"] == "change"
    assert changed["client_text"].startswith("One teaspoon of psyllium")
    assert changed["proposed_text"] and "psyllium (ispaghula)" in changed["proposed_text"]  # kept
    assert 'data-plan="physical_activity_ibs"' in html and 'data-plan="soluble_fibre_ibs"' in html
    assert 'data-plan="probiotic_ibs_trial"' not in html and 'data-plan="fibre_increase"' not in html
    assert "One teaspoon of psyllium a day" in html
    assert "Reviewed by Dr A. Practitioner on 2026-10-06" in html
    assert "awaiting your practitioner" in html  # unreviewed items are announced, not shown
    assert doc["review"]["reviewed_by"] == "Dr A. Practitioner"
    assert doc["review"]["version"] == hashlib.sha256(review.read_bytes()).hexdigest()
    kinds = [i["kind"] for i in doc["inputs"]]
    assert kinds == ["profile", "labs", "intake", "plan_review"]
    practitioner = tmp_path / "p.html"
    assert main(["report", str(LATER), "--labs", str(LABS), "--intake", str(INTAKE),
                 "--approved-plan", str(review), "-o", str(practitioner)]) == 0
    text = practitioner.read_text()
    assert "Plan reviewed by Dr A. Practitioner on 2026-10-06" in text
    assert text.count("not reviewed") >= 1 and "removed" in text


@pytest.mark.parametrize(("text", "line", "words"), [  # line: 1-based
    ("reviewed_by: X\nreviewed_on: 2026-10-06\nitems:\n  fibre_increase:\n    decision: change\n", 5,
     "a change needs client_text"),
    ("reviewed_by: X\nreviewed_on: 2026-10-06\nitems:\n  fibre_increase: maybe\n", 4, "items.fibre_increase"),
    ("reviewed_by: X\nreviewed_on: not-a-date\nitems: {}\n", 2, "reviewed_on"),
    ("reviewed_on: 2026-10-06\nitems: {}\n", 1, "reviewed_by: required field is missing"),
    (("reviewed_by: X\nreviewed_on: 2026-10-06\nitems:\n  fibre_increase:\n    decision: accept\n"
      "    client_text: new words\n"), 5, "only for decision: change"),
])
def test_bad_review_names_field_and_line(text: str, line: int, words: str) -> None:
    # the line is that of the item's (or document's) mapping, where the fix is made
    with pytest.raises(InputError) as error:
        parse_review(text, "review.yaml")
    assert error.value.line == line
    assert words in str(error.value)


def test_review_of_an_item_the_plan_no_longer_has_is_an_error(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    review = tmp_path / "review.yaml"
    review.write_text("reviewed_by: X\nreviewed_on: 2026-10-06\nitems:\n  no_such_item: accept\n")
    target = tmp_path / "r.html"
    code = main(["report", str(LATER), "--labs", str(LABS), "--intake", str(INTAKE),
                 "--approved-plan", str(review), "-o", str(target)])
    assert code == 2 and not target.exists()
    assert "no_such_item" in capsys.readouterr().err


def test_collected_matches_labs_and_is_recorded(tmp_path: Path) -> None:
    # the example labs are dated 2026-09-20 and 2026-10-02
    _, doc = report(tmp_path, "--collected", "2026-10-04", view="practitioner")
    assert doc["sample"]["collected"] == "2026-10-04"
    labs = next(i for i in doc["inputs"] if i["kind"] == "labs")
    assert labs["dated"] == "2026-10-02" and "13 within the window" in labs["note"]
    assert labs["version"] == hashlib.sha256(LABS.read_bytes()).hexdigest()
    intake = next(i for i in doc["inputs"] if i["kind"] == "intake")
    assert intake["dated"] == "2026-10-05"
    assert any("matched to the sample collected 2026-10-04" in m for m in doc["missing"])
    # a sample collected a year later: none of these results describe it
    _, late = report(tmp_path, "--collected", "2027-10-04", view="practitioner")
    assert all(lab["flag"] == "not interpreted" for lab in late["labs"])
    assert not any(f["id"] == "crp_raised" for f in late["red_flags"])
    assert any("days after the sample" in m or "days before the sample" in m for m in late["missing"])


def test_collected_must_be_a_date(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as exit_:
        main(["report", str(LATER), "--collected", "04/10/2026", "-o", str(tmp_path / "r.html")])
    assert exit_.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_retests_carry_and_check_collection_dates(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from report_data import EARLIER

    doc_path = tmp_path / "r.json"
    assert main(["report", str(LATER), "--previous", str(EARLIER), "--previous-collected", "2026-01-10",
                 "--collected", "2026-06-01", "-o", str(tmp_path / "r.html"), "--json", str(doc_path)]) == 0
    points = json.loads(doc_path.read_text())["retest"]["timepoints"]
    assert [p["collected"] for p in points] == ["2026-01-10", "2026-06-01"]
    # an "earlier" sample dated after the reported one is refused, as is a missing date
    assert main(["report", str(LATER), "--previous", str(EARLIER), "--previous-collected", "2026-07-01",
                 "--collected", "2026-06-01", "-o", str(tmp_path / "x.html")]) == 2
    assert "dated after the reported sample" in capsys.readouterr().err
    assert main(["report", str(LATER), "--previous", str(EARLIER), "--previous-collected", "2026-01-10",
                 "2026-02-10", "-o", str(tmp_path / "y.html")]) == 2
    assert "one date per --previous file" in capsys.readouterr().err
    assert not (tmp_path / "x.html").exists() and not (tmp_path / "y.html").exists()
