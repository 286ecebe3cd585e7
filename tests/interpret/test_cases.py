"""The clinical case library (tests/interpret/cases/*.yaml) as parametrised tests.

Each case is an intake + labs (+ collection date) with the red flags, not-assessed rules,
withheld items and checks a careful GP would expect, each citing the guideline line it tests.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from microbiomix.interpret import interpret, knowledge
from microbiomix.markers.pathogens import RuleValue
from microbiomix.readers.intake import parse_intake
from microbiomix.readers.labs import read_labs

CASES = Path(__file__).parent / "cases"
CASE_FILES = sorted(p for p in CASES.glob("*.yaml") if not p.name.startswith("_"))


def merged(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        out[key] = merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def run(case: dict[str, Any], tmp_path: Path) -> Any:
    intake_data = case.get("intake", {})
    if case.get("base") == "answered":
        intake_data = merged(yaml.safe_load((CASES / "_base_answered.yaml").read_text()), intake_data)
    intake = parse_intake(json.dumps(intake_data, default=str), f"{case['id']}.intake")
    labs = None
    if case.get("labs"):
        path = tmp_path / "labs.csv"
        path.write_text(case["labs"])
        labs = read_labs(path)
    collected = case.get("collected")
    if isinstance(collected, str):
        collected = date.fromisoformat(collected)
    # gene-call inputs of the infection rules (issue 13): {"genes.shiga_toxin": 1, ...}
    markers = {key: RuleValue(float(value)) for key, value in case.get("markers", {}).items()}
    return interpret(markers, labs, intake, sample=case["id"], collected=collected)


def test_library_is_large_enough_and_cites_guidelines() -> None:
    cases = [yaml.safe_load(p.read_text()) for p in CASE_FILES]
    assert len(cases) >= 40
    assert all(c["tests"].strip() for c in cases)
    assert len({c["id"] for c in cases}) == len(cases)


def test_every_red_flag_is_exercised_by_a_case() -> None:
    fired = set()
    for p in CASE_FILES:
        fired |= set(yaml.safe_load(p.read_text())["expect"].get("red_flags", []))
    ids = {r["id"] for r in knowledge().rules["red_flags"]}
    assert ids <= fired, ids - fired


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_case(path: Path, tmp_path: Path) -> None:
    case = yaml.safe_load(path.read_text())
    expect = case["expect"]
    result = run(case, tmp_path)
    fired = {f.id for f in result.red_flags}
    not_assessed = {n.id for n in result.not_evaluated}
    if "red_flags" in expect:
        assert fired == set(expect["red_flags"]), case["tests"]
    assert set(expect.get("not_assessed_includes", [])) <= not_assessed, case["tests"]
    assert not set(expect.get("not_assessed_excludes", [])) & not_assessed, case["tests"]
    if "withheld" in expect:
        assert {w.id for w in result.withheld} == set(expect["withheld"]), case["tests"]
    plan = {p.id: p for p in result.plan}
    assert set(expect.get("plan_includes", [])) <= set(plan), case["tests"]
    for item in expect.get("no_check_before_use", []):
        assert plan[item].check_before_use == [], plan[item].check_before_use
    for item, texts in expect.get("check_before_use", {}).items():
        joined = " | ".join(plan[item].check_before_use)
        for text in texts:
            assert text in joined, (item, text, joined)
    if "status_starts" in expect:
        assert result.red_flag_status.startswith(expect["status_starts"]), result.red_flag_status
    verdicts = {q.key: q.verdict for q in result.questions}
    for key, verdict in expect.get("verdict", {}).items():
        assert verdicts[key] == verdict, (key, verdicts[key])
    found = {f.id for f in result.findings}
    assert set(expect.get("findings_includes", [])) <= found
    assert not set(expect.get("findings_excludes", [])) & found
