"""Intake reader: validation errors name the field and line; the published schema is current."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
import yaml

from microbiomix.errors import InputError
from microbiomix.readers.intake import intake_json_schema, parse_intake, read_intake

EXAMPLE = Path(str(resources.files("microbiomix.examples").joinpath("intake.yaml")))
SCHEMA = Path(str(resources.files("microbiomix.knowledge").joinpath("schemas/intake.schema.json")))


def test_published_schema_is_up_to_date() -> None:
    published = json.loads(SCHEMA.read_text())
    assert published == json.loads(json.dumps(intake_json_schema())), (
        "regenerate src/microbiomix/knowledge/schemas/intake.schema.json from "
        "microbiomix.readers.intake.intake_json_schema()"
    )


def test_example_validates_with_pydantic_and_json_schema() -> None:
    intake = read_intake(EXAMPLE)
    assert intake.demographics.age == 42
    assert intake.questionnaires.gsrs is not None
    document = json.loads(json.dumps(yaml.safe_load(EXAMPLE.read_text()), default=str))
    jsonschema.validate(document, json.loads(SCHEMA.read_text()))


def test_json_intake(tmp_path: Path) -> None:
    path = tmp_path / "intake.json"
    path.write_text(json.dumps({"demographics": {"age": 30, "sex": "male"}}))
    assert read_intake(path).demographics.sex == "male"


@pytest.mark.parametrize(
    ("text", "field", "line"),
    [
        ("demographics:\n  age: 30\n  sexx: male\n", "demographics.sexx: unknown field", 3),
        ("symptoms: [bloating]\n", "demographics: required field is missing", 1),
        (("demographics:\n  age: 30\nquestionnaires:\n  ibs_sss:\n    pain_severity: 120\n"
         "    pain_days: 3\n    distension_severity: 0\n    bowel_dissatisfaction: 0\n"
         "    life_interference: 0\n"), "questionnaires.ibs_sss.pain_severity", 5),
        ("demographics:\n  age: 30\nquestionnaires:\n  pss10:\n    items: [0, 1, 2, 3, 5, 0, 0, 0, 0, 0]\n",
         "questionnaires.pss10.items", 5),
        ("demographics:\n  age: 30\nquestionnaires:\n  gsrs:\n    items: {1: 1}\n",
         "questionnaires.gsrs", 5),
        ("demographics:\n  age: 30\nmedications:\n  - {name: x, kind: statin}\n",
         "medications.0.kind", 4),
        ("demographics:\n  age: -1\n", "demographics.age", 2),
    ],
)
def test_errors_name_the_field(tmp_path: Path, text: str, field: str, line: int | None) -> None:
    path = tmp_path / "intake.yaml"
    path.write_text(text)
    with pytest.raises(InputError) as info:
        read_intake(path)
    assert field in str(info.value)
    assert info.value.line == line


def test_gsrs_ranges_depend_on_version() -> None:
    items = {i: 7 for i in range(1, 16)}
    ok = {"demographics": {"age": 30}, "questionnaires": {"gsrs": {"items": items}}}
    parse_intake(json.dumps(ok))
    bad = {"demographics": {"age": 30},
           "questionnaires": {"gsrs": {"version": "interview", "items": items}}}
    with pytest.raises(InputError, match="outside 0-3"):
        parse_intake(json.dumps(bad))


def test_not_yaml(tmp_path: Path) -> None:
    path = tmp_path / "intake.yaml"
    path.write_text("demographics: [unclosed\n")
    with pytest.raises(InputError, match="not valid YAML"):
        read_intake(path)
