"""Rules: each red flag fires on a case built for it and not on a near miss; knowledge integrity;
missing inputs give "not evaluated"; contraindicated items are withheld; the findings document."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from microbiomix.cli import main
from microbiomix.interpret import interpret, knowledge
from microbiomix.interpretation.engine import Context, evaluate
from microbiomix.interpretation.models import Findings
from microbiomix.readers.intake import Intake, parse_intake
from microbiomix.readers.labs import Labs, read_labs

EXAMPLES = Path(str(resources.files("microbiomix.examples")))
FINDINGS_SCHEMA = Path(str(resources.files("microbiomix.knowledge").joinpath("schemas/findings.schema.json")))


@dataclass
class M:
    """A marker result as interpretation reads it."""

    value: float | None
    percentile: float | None = None


def make_intake(**fields: Any) -> Intake:
    data: dict[str, Any] = {"demographics": {"age": 40, "sex": "female"}, "collected": "2026-06-01"}
    for key, value in fields.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key] = {**data[key], **value}
        else:
            data[key] = value
    return parse_intake(json.dumps(data))


def make_labs(tmp_path: Path, *rows: str) -> Labs:
    path = tmp_path / "labs.csv"
    path.write_text("analyte,value,unit,date,reference_low,reference_high\n" + "\n".join(rows) + "\n")
    return read_labs(path)


def flags(findings: Findings) -> set[str]:
    return {f.id for f in findings.red_flags}


# --------------------------------------------------------------------------- red flags

SYMPTOMS = {"symptoms": ["abdominal_pain"]}

# red flag id -> (case that fires, near miss that does not); each case: (lab rows, intake fields)
RED_FLAG_CASES: dict[str, tuple[tuple[list[str], dict[str, Any]], tuple[list[str], dict[str, Any]]]] = {
    "fit_positive": ((["FIT,10,ug Hb/g,2026-05-01,,"], {}), (["FIT,9.9,ug Hb/g,2026-05-01,,"], {})),
    "occult_blood_positive": ((["FOBT,positive,,2026-05-01,,"], {}), (["FOBT,negative,,2026-05-01,,"], {})),
    "visible_blood": (([], {"alarm_features": {"rectal_bleeding": True}}), ([], {"alarm_features": {"rectal_bleeding": False}})),
    "calprotectin_raised": ((["calprotectin,50,ug/g,2026-05-01,,"], {}), (["calprotectin,49,ug/g,2026-05-01,,"], {})),
    "unintended_weight_loss": (([], {"alarm_features": {"unintended_weight_loss": True}}), ([], {})),
    "anaemia_with_gut_symptoms": (
        (["haemoglobin,11.9,g/dL,2026-05-01,,"], SYMPTOMS),
        (["haemoglobin,12.0,g/dL,2026-05-01,,"], SYMPTOMS),
    ),
    "onset_after_50": (
        ([], {"demographics": {"age": 56}, "alarm_features": {"symptom_onset_age": 50}, **SYMPTOMS}),
        ([], {"demographics": {"age": 56}, "alarm_features": {"symptom_onset_age": 49}, **SYMPTOMS}),
    ),
    "nocturnal_symptoms": (([], {"alarm_features": {"nocturnal_symptoms": True}}), ([], {})),
    "family_history": (
        ([], {"alarm_features": {"family_history_ibd": True}}),
        ([], {"alarm_features": {"family_history_ibd": False}}),
    ),
    "elastase_low": (
        (["pancreatic elastase,199,ug/g,2026-05-01,,"], {}),
        (["pancreatic elastase,200,ug/g,2026-05-01,,"], {}),
    ),
}


def run_case(tmp_path: Path, rows: list[str], fields: dict[str, Any]) -> Findings:
    labs = make_labs(tmp_path, *rows) if rows else None
    return interpret({}, labs, make_intake(**fields))


def test_every_red_flag_has_a_case() -> None:
    # the red flags added for issue 11 are exercised by the case library (test_cases.py)
    assert set(RED_FLAG_CASES) <= {r["id"] for r in knowledge().rules["red_flags"]}


@pytest.mark.parametrize("flag_id", sorted(RED_FLAG_CASES))
def test_red_flag_fires_and_near_miss_does_not(tmp_path: Path, flag_id: str) -> None:
    (rows, fields), (miss_rows, miss_fields) = RED_FLAG_CASES[flag_id]
    fired = run_case(tmp_path, rows, fields)
    assert flag_id in flags(fired)
    flag = next(f for f in fired.red_flags if f.id == flag_id)
    assert "doctor" in flag.action.lower()
    assert flag.triggered_by and flag.sources
    missed = run_case(tmp_path, miss_rows, miss_fields)
    assert flag_id not in flags(missed)


def test_anaemia_threshold_depends_on_sex(tmp_path: Path) -> None:
    labs = make_labs(tmp_path, "hemoglobin,125,g/L,2026-05-01,,")
    male = interpret({}, labs, make_intake(demographics={"sex": "male"}, **SYMPTOMS))
    female = interpret({}, labs, make_intake(**SYMPTOMS))
    assert "anaemia_with_gut_symptoms" in flags(male)  # < 130 g/L
    assert "anaemia_with_gut_symptoms" not in flags(female)  # >= 120 g/L
    unknown = interpret({}, labs, make_intake(demographics={"sex": "unknown"}, **SYMPTOMS))
    assert "anaemia_with_gut_symptoms" in {n.id for n in unknown.not_evaluated}
    # with the laboratory's own interval, sex is not needed
    ranged = make_labs(tmp_path, "hemoglobin,125,g/L,2026-05-01,130,170")
    assert "anaemia_with_gut_symptoms" in flags(interpret({}, ranged, make_intake(demographics={"sex": "unknown"}, **SYMPTOMS)))


def test_missing_inputs_are_not_evaluated_not_absent() -> None:
    result = interpret({}, None, None)
    not_evaluated = {n.id: n.missing for n in result.not_evaluated}
    assert "lab fit" in not_evaluated["fit_positive"]
    assert "intake" in not_evaluated["visible_blood"]
    assert "marker dysbiosis_score percentile (marker not computed)" in not_evaluated["dysbiosis_high"]
    assert not result.red_flags and not result.findings and not result.plan
    assert len(result.not_assessed) == 3


# --------------------------------------------------------------------------- findings


def test_marker_rules_with_values_and_percentiles() -> None:
    markers = {"gmhi": M(-0.2), "shannon": M(3.0, percentile=9.9), "dysbiosis_score": M(0.8, percentile=90)}
    result = interpret(markers, None, None)
    ids = {f.id for f in result.findings}
    assert {"gmhi_negative", "low_diversity"} <= ids
    assert "dysbiosis_high" not in ids  # percentile must be above 90
    assert "gmhi_negative" not in {f.id for f in interpret({"gmhi": M(0.0)}).findings}


def test_iron_deficiency_uses_the_inflammation_cut_off_only_with_raised_crp(tmp_path: Path) -> None:
    inflamed = make_labs(tmp_path, "ferritin,50,ug/L,2026-05-01,,", "CRP,12,mg/L,2026-05-01,0,5")
    calm = make_labs(tmp_path, "ferritin,50,ug/L,2026-05-01,,", "CRP,2,mg/L,2026-05-01,0,5")
    low = make_labs(tmp_path, "ferritin,14,ug/L,2026-05-01,,")
    assert "iron_deficiency" in {f.id for f in interpret({}, inflamed, None).findings}
    assert "iron_deficiency" not in {f.id for f in interpret({}, calm, None).findings}
    result = interpret({}, low, None)
    assert "iron_deficiency" in {f.id for f in result.findings}
    assert "iron_if_deficient" in {p.id for p in result.plan}


def test_b12_risk_medicine_without_a_test(tmp_path: Path) -> None:
    intake = make_intake(medications=[{"name": "metformin", "kind": "metformin", "ongoing": True}])
    assert "b12_risk_medicine_untested" in {f.id for f in interpret({}, None, intake).findings}
    tested = make_labs(tmp_path, "vitamin B12,400,ng/L,2026-05-01,,")
    ids = {f.id for f in interpret({}, tested, intake).findings}
    assert "b12_risk_medicine_untested" not in ids and "b12_low_or_indeterminate" not in ids


def test_zonulin_carries_its_validity_warning(tmp_path: Path) -> None:
    result = interpret({}, make_labs(tmp_path, "serum zonulin,40,ng/mL,2026-05-01,,"), None)
    (lab,) = result.labs
    assert lab.validity_note and "permeability" in lab.validity_note
    assert len(lab.validity_sources) >= 2
    assert "zonulin_reported" in {f.id for f in result.findings}


def test_probiotics_withheld_when_immunocompromised() -> None:
    antibiotics = [{"name": "amoxicillin", "kind": "antibiotic", "ongoing": True}]
    well = interpret({}, None, make_intake(medications=antibiotics))
    assert {"lgg_antibiotics", "s_boulardii_antibiotics"} <= {p.id for p in well.plan}
    lgg = next(p for p in well.plan if p.id == "lgg_antibiotics")
    assert "Lacticaseibacillus rhamnosus GG" in lgg.text
    assert any("immunocompromise" in c.lower() for c in lgg.contraindications)
    frail = interpret({}, None, make_intake(medications=antibiotics, health={"central_venous_catheter": True}))
    assert not {"lgg_antibiotics", "s_boulardii_antibiotics"} & {p.id for p in frail.plan}
    assert {"lgg_antibiotics", "s_boulardii_antibiotics"} <= {w.id for w in frail.withheld}
    assert all("central venous catheter" in w.reason for w in frail.withheld)
    # the client reads why in plain words: the fact that blocked it (only that one) and the
    # item's contraindication as written for the client, never the practitioner wording
    lgg_out = next(w for w in frail.withheld if w.id == "lgg_antibiotics")
    assert lgg_out.client_text == lgg.client_text
    assert "long-term drip line (catheter) in a vein" in lgg_out.client_reason
    assert "weakened immune system" not in lgg_out.client_reason.split(".")[0]
    assert "doctor's agreement" in lgg_out.client_reason
    assert "immunocompromise" not in lgg_out.client_reason.lower()


def test_every_withhold_fact_has_client_wording() -> None:
    k = knowledge()
    used = {f for item in k.plan.values() for c in item.get("contraindications", [])
            if c.get("effect") == "withhold" for f in c.get("facts", [])}
    assert used and used <= set(k.withhold_facts), used - set(k.withhold_facts)
    assert used <= set(k.fact_labels), used - set(k.fact_labels)


# --------------------------------------------------------------------------- knowledge integrity


def test_every_rule_and_plan_item_is_sourced() -> None:
    k = knowledge()
    for rule in [*k.rules["red_flags"], *k.rules["findings"]]:
        assert rule["sources"], rule["id"]
        for key in rule["sources"]:
            assert k.references[key].strip(), (rule["id"], key)
        for item in rule.get("plan", []):
            assert item in k.plan, (rule["id"], item)
    for item_id, item in k.plan.items():
        assert item["citations"], item_id
        for key in [*item["citations"], *item.get("caution_sources", [])]:
            assert k.references[key].strip(), (item_id, key)
        assert item["evidence"]["grade"] in {"high", "moderate", "low", "very_low"}, item_id
        assert item["evidence"]["basis"], item_id
        assert item["text"] and item["client_text"] and item["rationale"], item_id
        assert item.get("retest"), item_id


def test_every_reference_has_an_identifier() -> None:
    for key, text in knowledge().references.items():
        assert any(tag in text for tag in ("doi:", "PMID:", "https://", "ISBN", "WHO/", "cite by title")), key


def test_every_condition_is_well_formed() -> None:
    # Evaluating with no inputs must reach every leaf without an unknown-condition error.
    ctx = Context({}, {}, {}, None, {}, {}, False)
    for rule in [*knowledge().rules["red_flags"], *knowledge().rules["findings"]]:
        assert evaluate(rule["when"], ctx) in (None, False), rule["id"]


def test_every_catalogue_analyte_limit_is_sourced() -> None:
    cat = knowledge().catalogue
    for analyte in cat.analytes:
        for limit in analyte.limits:
            assert cat.sources[limit.source]


# --------------------------------------------------------------------------- document and CLI


def test_findings_schema_is_published_and_current() -> None:
    schema = Findings.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    assert json.loads(FINDINGS_SCHEMA.read_text()) == json.loads(json.dumps(schema))


def test_example_client_end_to_end(tmp_path: Path) -> None:
    out = tmp_path / "findings.json"
    code = main(["interpret", "--labs", str(EXAMPLES / "labs.csv"),
                 "--intake", str(EXAMPLES / "intake.yaml"), "-o", str(out)])
    assert code == 0
    document = json.loads(out.read_text())
    jsonschema.validate(document, json.loads(FINDINGS_SCHEMA.read_text()))
    assert {"findings", "red_flags", "plan"} <= set(document)
    assert document["scores"]["ibs_sss"]["total"] == 300  # 55 + 60 + 70 + 65 + 50
    assert document["scores"]["pss10"]["total"] == 26
    assert all(item["citations"] and item["evidence"]["grade"] for item in document["plan"])
    assert "does not diagnose" in document["disclaimer"]


def test_cli_bad_labs_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "labs.csv"
    bad.write_text("analyte,value,unit,date\nferritin,lots,ug/L,2026-01-01\n")
    out = tmp_path / "findings.json"
    assert main(["interpret", "--labs", str(bad), "-o", str(out)]) == 2
    assert "labs.csv:2" in capsys.readouterr().err
    assert not out.exists()


def test_real_profile_through_the_pipeline(data_dir: Path) -> None:
    from microbiomix.pipeline import interpret_sample

    profile = data_dir / "metaphlan_kefir" / "Subj001_time1_S1.metaphlan3.txt"
    result = interpret_sample(profile, EXAMPLES / "labs.csv", EXAMPLES / "intake.yaml")
    assert result.sample == "Subj001_time1_S1"
    assert {"gmhi", "shannon"} <= set(result.inputs["markers"])
    # marker rules were evaluated against the computed values, not skipped
    evaluated = {n.id for n in result.not_evaluated}
    assert "gmhi_negative" not in evaluated and "low_diversity" not in evaluated


def test_rules_read_the_latest_result_and_every_result_is_listed(tmp_path: Path) -> None:
    labs = make_labs(tmp_path, "ferritin,10,ug/L,2025-01-01,,", "ferritin,60,ug/L,2026-05-01,,",
                     "histamine,3,ng/mL,2026-05-01,,")
    result = interpret({}, labs, None)
    assert "iron_deficiency" not in {f.id for f in result.findings}
    assert [lab.status for lab in result.labs] == ["low", "within limits", "not interpreted"]
    assert result.labs[2].interpreted is False


def test_lab_flags_for_the_report(tmp_path: Path) -> None:
    labs = make_labs(
        tmp_path,
        "active B12,60,pmol/L,2026-05-01,,",  # NG239 indeterminate 25-70 pmol/L
        "active B12,20,pmol/L,2026-06-01,,",  # below 25: deficient
        "magnesium,0.6,mmol/L,2026-05-01,0.7,1.0",  # below the lab's interval
        "CRP,3,mg/L,2026-05-01,0,5",
        "lactoferrin,2,ug/g,2026-05-01,,",
        "FOBT,negative,,2026-05-01,,",
    )
    flags = [(lab.analyte_id, lab.flag) for lab in interpret({}, labs, None).labs]
    assert flags == [("active_b12", "borderline"), ("active_b12", "low"), ("magnesium", "low"),
                     ("crp", "normal"), ("lactoferrin", "no reference"),
                     ("faecal_occult_blood", "negative")]


def test_total_b12_is_read_against_the_laboratory_range_only(tmp_path: Path) -> None:
    # No catalogue cut-off for total B12 (issue 12): 170 ng/L is low against a 197-771 range, and
    # without a printed range the B12 finding is not assessed rather than called normal.
    ranged = interpret({}, make_labs(tmp_path, "vitamin B12,170,ng/L,2026-05-01,197,771"), None)
    assert [(lab.analyte_id, lab.flag) for lab in ranged.labs] == [("vitamin_b12", "low")]
    assert "b12_low_or_indeterminate" in {f.id for f in ranged.findings}
    bare = interpret({}, make_labs(tmp_path, "vitamin B12,170,ng/L,2026-05-01,,"), None)
    assert [(lab.analyte_id, lab.flag) for lab in bare.labs] == [("vitamin_b12", "no reference")]
    assert "b12_low_or_indeterminate" not in {f.id for f in bare.findings}
    assert "b12_low_or_indeterminate" in {n.id for n in bare.not_evaluated}


def test_every_fact_and_plan_exclusion_used_by_the_knowledge_exists() -> None:
    from microbiomix.interpretation.engine import intake_facts

    known = set(intake_facts(make_intake()))
    used: set[str] = set()

    def walk(cond: Any) -> None:
        if isinstance(cond, dict):
            if "fact" in cond:
                used.add(cond["fact"])
            for value in cond.values():
                walk(value)
        elif isinstance(cond, list):
            for value in cond:
                walk(value)

    k = knowledge()
    for rule in [*k.rules["red_flags"], *k.rules["findings"]]:
        walk(rule["when"])
    for item in k.plan.values():
        used.update(item.get("withhold_if", []))
    assert used <= known, used - known
