"""Rules that combine labs, symptoms, diet, medicines and supplements: each fires on a case built
for it and not on a near miss; supplements already taken add cautions to plan items."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from microbiomix.interpret import interpret, knowledge
from microbiomix.interpretation.models import Findings
from microbiomix.readers.intake import Intake, Supplement, parse_intake
from microbiomix.readers.labs import Labs, read_labs

NSAID = [{"name": "naproxen", "kind": "nsaid", "ongoing": True}]
METFORMIN = [{"name": "metformin", "kind": "metformin", "ongoing": True}]
PPI = [{"name": "omeprazole", "kind": "ppi", "ongoing": True}]
SYMPTOMS = ["bloating"]


def intake(**fields: Any) -> Intake:
    data: dict[str, Any] = {"demographics": {"age": 40, "sex": "female"}, "collected": "2026-06-01"}
    data.update(fields)
    return parse_intake(json.dumps(data))


def labs(tmp_path: Path, *rows: str) -> Labs | None:
    if not rows:
        return None
    path = tmp_path / "labs.csv"
    path.write_text("analyte,value,unit,date,reference_low,reference_high\n" + "\n".join(rows) + "\n")
    return read_labs(path)


def ids(result: Findings) -> set[str]:
    return {f.id for f in result.findings}


# finding id -> [(lab rows, intake fields) that fire], [near misses that do not]
CASES: dict[str, tuple[list[tuple[tuple[str, ...], dict[str, Any]]], list[tuple[tuple[str, ...], dict[str, Any]]]]] = {
    "calprotectin_raised_on_nsaid": (
        [(("calprotectin,50,ug/g,2026-05-01,,",), {"medications": NSAID})],
        [(("calprotectin,49,ug/g,2026-05-01,,",), {"medications": NSAID}),
         (("calprotectin,120,ug/g,2026-05-01,,",), {}),
         (("calprotectin,120,ug/g,2026-05-01,,",),
          {"medications": [{"name": "ibuprofen", "kind": "nsaid", "start": "2026-01-01", "end": "2026-01-10"}]})],
    ),
    # Total B12 is read against the laboratory's printed range (issue 12: assays differ, BSH 2014);
    # active B12 against NICE NG239's 25-70 pmol/L indeterminate band.
    "b12_low_on_risk_medicine": (
        [(("vitamin B12,170,ng/L,2026-05-01,197,771",), {"medications": METFORMIN}),
         (("active B12,60,pmol/L,2026-05-01,,",), {"medications": PPI})],
        [(("vitamin B12,300,ng/L,2026-05-01,197,771",), {"medications": METFORMIN}),
         (("active B12,71,pmol/L,2026-05-01,,",), {"medications": PPI}),
         (("vitamin B12,170,ng/L,2026-05-01,197,771",), {})],
    ),
    "iron_deficiency_with_gut_symptoms": (
        [(("ferritin,14,ug/L,2026-05-01,,",), {"symptoms": SYMPTOMS}),
         (("ferritin,50,ug/L,2026-05-01,,", "CRP,12,mg/L,2026-05-01,0,5"), {"symptoms": SYMPTOMS})],
        [(("ferritin,15,ug/L,2026-05-01,,",), {"symptoms": SYMPTOMS}),
         (("ferritin,14,ug/L,2026-05-01,,",), {})],
    ),
    "vitamin_d_low_little_sun": (
        [(("25-OH vitamin D,49,nmol/L,2026-05-01,,",), {"health": {"minimal_sun_exposure": True}}),
         (("vitamin D,12,ng/mL,2026-05-01,,",), {"health": {"minimal_sun_exposure": True}})],
        [(("25-OH vitamin D,50,nmol/L,2026-05-01,,",), {"health": {"minimal_sun_exposure": True}}),
         (("25-OH vitamin D,40,nmol/L,2026-05-01,,",), {})],
    ),
    "vitamin_d_risk_untested": (
        [((), {"health": {"minimal_sun_exposure": True}})],
        [(("25-OH vitamin D,80,nmol/L,2026-05-01,,",), {"health": {"minimal_sun_exposure": True}}),
         ((), {})],
    ),
    "zinc_supplement_copper": (
        [((), {"supplements": [{"name": "zinc picolinate", "dose": "50 mg"}]}),
         ((), {"supplements": [{"name": "ZMA", "kind": "zinc"}]})],
        [((), {"supplements": [{"name": "magnesium citrate"}]}),
         ((), {"supplements": [{"name": "zinc gluconate", "ongoing": False}]})],
    ),
}


def test_every_new_combined_rule_exists() -> None:
    assert set(CASES) <= {r["id"] for r in knowledge().rules["findings"]}


@pytest.mark.parametrize("finding_id", sorted(CASES))
def test_fires_on_its_case_and_not_on_a_near_miss(tmp_path: Path, finding_id: str) -> None:
    fire, miss = CASES[finding_id]
    for rows, fields in fire:
        result = interpret({}, labs(tmp_path, *rows), intake(**fields))
        assert finding_id in ids(result), (rows, fields)
        finding = next(f for f in result.findings if f.id == finding_id)
        assert finding.triggered_by and finding.sources
    for rows, fields in miss:
        assert finding_id not in ids(interpret({}, labs(tmp_path, *rows), intake(**fields))), (rows, fields)


def test_raised_calprotectin_on_nsaid_keeps_the_red_flag(tmp_path: Path) -> None:
    result = interpret({}, labs(tmp_path, "calprotectin,80,ug/g,2026-05-01,,"), intake(medications=NSAID))
    assert "calprotectin_raised" in {f.id for f in result.red_flags}
    finding = next(f for f in result.findings if f.id == "calprotectin_raised_on_nsaid")
    assert any("Tibble" in s.text and "10.1136/gut.45.3.362" in s.text for s in finding.sources)


def test_supplement_kind_is_read_from_the_name_when_not_given() -> None:
    assert Supplement(name="Ferrous fumarate 210 mg").kind == "iron"
    assert Supplement(name="Vitamin D3 25 ug").kind == "vitamin_d"
    assert Supplement(name="magnesium citrate").kind == "other"
    assert Supplement(name="Iron-free multivitamin", kind="other").kind == "other"  # stated kind wins


def test_supplements_already_taken_add_cautions_to_plan_items(tmp_path: Path) -> None:
    rows = ("ferritin,10,ug/L,2026-05-01,,", "vitamin D,20,nmol/L,2026-05-01,,", "zinc,50,ug/dL,2026-05-01,,")
    taking = intake(supplements=[{"name": "ferrous sulphate"}, {"name": "vitamin D3 1000 IU"},
                                 {"name": "zinc 50 mg"}])
    plain = {p.id: p for p in interpret({}, labs(tmp_path, *rows), intake()).plan}
    adjusted = {p.id: p for p in interpret({}, labs(tmp_path, *rows), taking).plan}
    for item_id, cited in (("iron_if_deficient", "bsg_ida_2021"), ("vitamin_d", "iom_dri_vitd_2011"),
                           ("zinc_food_first", "ods_zinc")):
        before, after = plain[item_id], adjusted[item_id]
        assert len(after.cautions) == len(before.cautions) + 1, item_id
        assert after.cautions[0].startswith("The client already takes"), item_id
        assert after.client_cautions[0].startswith("You already take"), item_id
        assert after.client_cautions[1:] == before.client_cautions, item_id
        assert cited in {c.key for c in after.citations}, item_id
    assert "4,000 IU" in adjusted["vitamin_d"].cautions[0]
    assert "copper" in adjusted["zinc_food_first"].cautions[0]


def test_every_adjustment_is_sourced_and_uses_a_known_fact() -> None:
    from microbiomix.interpretation.engine import intake_facts

    known = set(intake_facts(intake()))
    k = knowledge()
    adjustments = [a for item in k.plan.values() for a in item.get("adjust_if", [])]
    assert adjustments
    for a in adjustments:
        assert a["fact"] in known
        assert a["text"] and a["client"] and a["sources"]
        assert all(k.references[key] for key in a["sources"])
