"""FHIR R4 export validates with fhir.resources (R4B models) and carries the report's values."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle
from pydantic import ValidationError
from report_data import LATER

from microbiomix.pipeline import build_report
from microbiomix.report import to_fhir
from microbiomix.report.fhir import LOINC, MARKER_SYSTEM
from microbiomix.report.model import LabResult, Report


def test_bundle_validates_and_links_every_observation(retest_report: Report) -> None:
    bundle = to_fhir(retest_report)
    parsed = Bundle.model_validate(json.loads(json.dumps(bundle)))
    assert parsed.type == "collection"
    report, *observations = [e["resource"] for e in bundle["entry"]]
    assert report["resourceType"] == "DiagnosticReport"
    assert len(observations) == len(retest_report.markers)
    assert [r["reference"] for r in report["result"]] == [e["fullUrl"] for e in bundle["entry"][1:]]
    assert "does not diagnose" in report["conclusion"]


def test_marker_observation_values(retest_report: Report) -> None:
    bundle = to_fhir(retest_report)
    by_code = {e["resource"]["code"]["coding"][0]["code"]: e["resource"]
               for e in bundle["entry"][1:]}
    gmwi2 = retest_report.marker("gmwi2")
    assert gmwi2 is not None
    obs = by_code["gmwi2"]
    assert obs["code"]["coding"][0]["system"] == MARKER_SYSTEM
    assert obs["valueQuantity"]["value"] == gmwi2.value
    assert any("10.1038/s41467-024-51651-9" in n["text"] for n in obs["note"])


def test_bundle_carries_program_and_schema_versions(retest_report: Report) -> None:
    bundle = to_fhir(retest_report)
    tags = {t["system"]: t["code"] for t in bundle["meta"]["tag"]}
    assert tags == {
        "urn:microbiomix:version": retest_report.microbiomix_version,
        "urn:microbiomix:report-schema": retest_report.schema_version,
    }
    assert Bundle.model_validate(json.loads(json.dumps(bundle))).meta.tag[0].code == (
        retest_report.microbiomix_version
    )


def test_same_report_gives_same_bundle(retest_report: Report) -> None:
    assert to_fhir(retest_report) == to_fhir(retest_report)


def test_lab_observation_uses_loinc_and_interpretation(single_report: Report) -> None:
    report = single_report.model_copy(deep=True)
    # 2276-4: the LOINC code the project's analyte catalogue (knowledge/analytes.yaml) gives for
    # serum ferritin; in real reports it comes from there.
    report.labs = [LabResult(analyte="ferritin", value=8.0, unit="ug/L", loinc="2276-4",
                             date=date(2025, 3, 1), reference_low=15, reference_high=150,
                             flag="low"),
                   LabResult(analyte="mystery assay", value="positive")]
    bundle = to_fhir(report)
    Bundle.model_validate(bundle)
    ferritin, mystery = [e["resource"] for e in bundle["entry"][-2:]]
    assert ferritin["code"]["coding"][0] == {"system": LOINC, "code": "2276-4", "display": "ferritin"}
    assert ferritin["effectiveDateTime"] == "2025-03-01"
    assert ferritin["interpretation"][0]["coding"][0]["code"] == "L"
    assert ferritin["referenceRange"][0]["low"]["value"] == 15
    assert "coding" not in mystery["code"] and mystery["valueString"] == "positive"


def test_fhir_library_rejects_a_broken_bundle(retest_report: Report) -> None:
    bundle = to_fhir(retest_report)
    del bundle["entry"][0]["resource"]["status"]  # required in R4
    with pytest.raises(ValidationError):
        Bundle.model_validate(bundle)


def test_percentile_observation_says_how_the_reference_values_were_obtained(
        retest_report: Report) -> None:
    bundle = to_fhir(retest_report)
    richness = next(e["resource"] for e in bundle["entry"]
                    if e["resource"].get("code", {}).get("text") == "Species richness")
    notes = [n["text"] for n in richness["note"]]
    assert any("same definition" in n for n in notes)


def test_conclusion_says_which_red_flag_questions_were_not_asked(tmp_path: Path) -> None:
    intake = tmp_path / "intake.yaml"
    intake.write_text("collected: 2026-10-01\ndemographics: {age: 62, sex: male}\nsymptoms: [diarrhoea]\n")
    bundle = to_fhir(build_report(LATER, intake_path=intake))
    report = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "DiagnosticReport")
    assert "No red flags among the answers given. Not asked:" in report["conclusion"]
    assert "change in bowel habit" in report["conclusion"]


def test_conclusion_starts_with_sample_quality_and_reference(retest_report: Report) -> None:
    bundle = to_fhir(retest_report)
    conclusion = bundle["entry"][0]["resource"]["conclusion"]
    assert retest_report.quality is not None and retest_report.quality.verdict == "fail"
    assert conclusion.startswith("Sample quality: fail (")
    assert "Healthy reference: metaphlan3-hmp2-nonibd" in conclusion
