"""The report document: schema shipped and current, JSON round trip, validation of bad documents."""

from __future__ import annotations

import json

import jsonschema
import pytest
from pydantic import ValidationError

from microbiomix import __version__
from microbiomix.report.model import (
    REPORT_SCHEMA_VERSION,
    Citation,
    PlanItem,
    Report,
    json_schema,
    schema_text,
)


def test_shipped_schema_matches_the_model() -> None:
    # If this fails, regenerate: python -c "from microbiomix.report.model import write_schema; write_schema()"
    shipped = json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"
    assert shipped == schema_text()


def test_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(json_schema())


def test_report_json_validates_against_shipped_schema(retest_report: Report) -> None:
    document = json.loads(retest_report.to_json())
    jsonschema.Draft202012Validator(json_schema()).validate(document)
    assert document["schema_version"] == REPORT_SCHEMA_VERSION
    assert document["microbiomix_version"] == __version__
    assert document["tool"] == "microbiomix"


def test_json_round_trip_is_lossless(retest_report: Report) -> None:
    again = Report.from_json(retest_report.to_json())
    assert again == retest_report
    assert again.to_json() == retest_report.to_json()


def test_schema_rejects_a_document_with_a_wrong_value(retest_report: Report) -> None:
    document = json.loads(retest_report.to_json())
    document["markers"][0]["value"] = "high"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(json_schema()).validate(document)
    document = json.loads(retest_report.to_json())
    document["unexpected"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(json_schema()).validate(document)


def test_plan_item_without_citation_is_refused() -> None:
    with pytest.raises(ValidationError):
        PlanItem(category="food", text="eat more fibre", evidence="B", citations=[])
    item = PlanItem(category="food", text="x", evidence="B", citations=[Citation(text="a", doi="10.1/x")])
    assert item.citations[0].doi == "10.1/x"
