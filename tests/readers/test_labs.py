"""Lab-results reader: canonical units, synonyms and LOINC codes, errors naming line and field."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from microbiomix.errors import InputError
from microbiomix.readers.labs import read_labs

HEADER = "analyte,value,unit,date,reference_low,reference_high\n"


def write(tmp_path: Path, body: str, header: str = HEADER, name: str = "labs.csv") -> Path:
    path = tmp_path / name
    path.write_text(header + body, encoding="utf-8")
    return path


def test_example_file_reads_and_converts() -> None:
    path = resources.files("microbiomix.examples").joinpath("labs.csv")
    labs = read_labs(Path(str(path)))
    ferritin = labs.latest("ferritin")
    assert ferritin is not None
    assert ferritin.canonical_unit == "ug/L"
    assert ferritin.canonical_value == pytest.approx(22.0)  # ng/mL == ug/L
    assert ferritin.canonical_reference_low == pytest.approx(30.0)
    vitd = labs.latest("vitamin_d")
    assert vitd is not None and vitd.canonical_value == pytest.approx(16 * 2.496, rel=1e-3)
    hb = labs.latest("haemoglobin")
    assert hb is not None and hb.canonical_value == pytest.approx(126.0)  # 12.6 g/dL


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("haemoglobin", "haemoglobin"),
        ("Hemoglobin", "haemoglobin"),
        ("718-7", "haemoglobin"),
        ("vitamin D", "vitamin_d"),
        ("25-OH vitamin D", "vitamin_d"),
        ("25(OH)D", "vitamin_d"),
        ("62292-8", "vitamin_d"),
        ("Faecal Calprotectin", "calprotectin"),
        ("fecal calprotectin", "calprotectin"),
        ("38445-3", "calprotectin"),
        ("holotranscobalamin", "active_b12"),
        ("72160-5", "active_b12"),
        ("27396-1", "fit"),
        ("β-glucuronidase", "beta_glucuronidase"),
    ],
)
def test_synonyms_and_loinc_resolve(tmp_path: Path, name: str, expected: str) -> None:
    unit = {"haemoglobin": "g/L", "vitamin_d": "nmol/L", "calprotectin": "ug/g",
            "active_b12": "pmol/L", "beta_glucuronidase": "U/g", "fit": "ug/g"}[expected]
    labs = read_labs(write(tmp_path, f'"{name}",10,{unit},2026-01-01,,\n'))
    assert labs.results[0].analyte_id == expected


def test_unknown_analyte_is_kept_not_interpreted(tmp_path: Path) -> None:
    labs = read_labs(write(tmp_path, "histamine,3.2,ng/mL,2026-01-01,,\n"))
    (result,) = labs.results
    assert result.analyte == "histamine"
    assert result.analyte_id is None and result.canonical_value is None


def test_occult_blood_by_loinc(tmp_path: Path) -> None:
    labs = read_labs(write(tmp_path, "2335-8,positive,,2026-01-01,,\n"))
    assert labs.results[0].analyte_id == "faecal_occult_blood"


def test_qualitative_result(tmp_path: Path) -> None:
    labs = read_labs(write(tmp_path, "FOBT,positive,,2026-01-01,,\n"))
    assert labs.results[0].qualitative == "positive"
    assert labs.results[0].analyte_id == "faecal_occult_blood"


def test_json_holds_the_same_fields(tmp_path: Path) -> None:
    rows = [{"analyte": "ferritin", "value": 40, "unit": "ng/mL", "date": "2026-01-02",
             "reference_low": 30, "reference_high": 400}]
    path = tmp_path / "labs.json"
    path.write_text(json.dumps({"results": rows}))
    csv_labs = read_labs(write(tmp_path, "ferritin,40,ng/mL,2026-01-02,30,400\n"))
    json_labs = read_labs(path)
    strip = {"line"}
    assert json_labs.results[0].model_dump(exclude=strip) == csv_labs.results[0].model_dump(exclude=strip)


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        ("ferritin,abc,ug/L,2026-01-01,,\n", 2, "'value' must be a number"),
        ("ferritin,20,ug/L,01/02/2026,,\n", 2, "'date' must be an ISO date"),
        ("ferritin,20,bananas,2026-01-01,,\n", 2, "'unit'"),
        ("ferritin,20,nmol/L,2026-01-01,,\n", 2, "convertible to ug/L"),
        ("ferritin,20,ug/L,2026-01-01,,\ncalprotectin,,ug/g,2026-01-01,,\n", 3, "'value' is empty"),
        ("ferritin,20,ug/L,2026-01-01,400,30\n", 2, "reference_low is above"),
        ("ferritin,20,ug/L\n", 2, "expected 6 comma-separated fields"),
        ("FOBT,12,ug/g,2026-01-01,,\n", 2, "positive or negative"),
        ("ferritin,nan,ug/L,2026-01-01,,\n", 2, "finite"),
    ],
)
def test_bad_rows_name_line_and_field(tmp_path: Path, body: str, line: int, words: str) -> None:
    with pytest.raises(InputError) as info:
        read_labs(write(tmp_path, body))
    assert info.value.line == line
    assert words in str(info.value)


def test_bad_header(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="missing date") as info:
        read_labs(write(tmp_path, "ferritin,20,ug/L\n", header="analyte,value,unit\n"))
    assert info.value.line == 1


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="empty"):
        read_labs(write(tmp_path, "", header=""))
    with pytest.raises(InputError, match="no lab results"):
        read_labs(write(tmp_path, ""))


def test_bad_json(tmp_path: Path) -> None:
    path = tmp_path / "labs.json"
    path.write_text('{"results": [{"analyte": "ferritin", "valu": 3}]}')
    with pytest.raises(InputError, match=r"results\[0\]: unknown field valu"):
        read_labs(path)
