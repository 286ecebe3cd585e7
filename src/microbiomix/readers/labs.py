"""Laboratory results: CSV (``analyte,value,unit,date`` [+ ``reference_low,reference_high``]) or JSON.

Not a profile format (it is not registered with the profile readers). Each row's analyte is
resolved against the analyte catalogue by name, synonym or LOINC code and its value converted to
the catalogue's canonical unit with :mod:`microbiomix.units`. An analyte the catalogue does not
know is kept as given and marked not interpreted; a value, unit or date that cannot be read is an
:class:`~microbiomix.errors.InputError` naming the line and field.
"""

from __future__ import annotations

import csv
import io
import json
import math
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from microbiomix.analytes import Catalogue, catalogue
from microbiomix.errors import InputError
from microbiomix.units import UnitError, convert

REQUIRED = ("analyte", "value", "unit", "date")
OPTIONAL = ("reference_low", "reference_high")
POSITIVE = {"positive", "pos", "detected", "present", "+"}
NEGATIVE = {"negative", "neg", "not detected", "absent", "-"}


class LabResult(BaseModel):
    """One measured value, as reported and in the catalogue's canonical unit."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    analyte: str  # as written in the file
    analyte_id: str | None  # catalogue id; None: not in the catalogue (kept, not interpreted)
    value: float | None  # numeric value as reported (None for qualitative results)
    qualitative: str | None  # "positive" / "negative" for qualitative tests
    unit: str
    date: date
    reference_low: float | None = None  # the laboratory's own interval, in `unit`
    reference_high: float | None = None
    canonical_value: float | None = None
    canonical_unit: str | None = None
    canonical_reference_low: float | None = None
    canonical_reference_high: float | None = None
    line: int | None = None  # where it came from (1-based line; JSON: None)


class Labs(BaseModel):
    """All lab results of one client."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str
    results: tuple[LabResult, ...]

    def latest(self, analyte_id: str) -> LabResult | None:
        """The most recent result for a catalogue analyte."""
        matching = [r for r in self.results if r.analyte_id == analyte_id]
        return max(matching, key=lambda r: r.date) if matching else None


def read_labs(path: str | Path, cat: Catalogue | None = None) -> Labs:
    """Read a CSV or JSON lab-results file (JSON when the content starts with ``{`` or ``[``)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(path, None, "lab results must be UTF-8 text") from exc
    cat = cat or catalogue()
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        rows = _json_rows(path, stripped)
    else:
        rows = _csv_rows(path, text)
    results = tuple(_result(path, line, row, cat) for line, row in rows)
    if not results:
        raise InputError(path, None, "no lab results found (expected at least one row)")
    return Labs(source=str(path), results=results)


def _csv_rows(path: Path, text: str) -> list[tuple[int | None, dict[str, str]]]:
    lines = [(n, ln) for n, ln in enumerate(text.splitlines(), 1) if ln.strip() and not ln.startswith("#")]
    if not lines:
        raise InputError(path, None, "empty lab results file (expected a header analyte,value,unit,date)")
    header_line, header_text = lines[0]
    header = [h.strip().lower() for h in next(csv.reader([header_text]))]
    missing = [h for h in REQUIRED if h not in header]
    unknown = [h for h in header if h not in REQUIRED + OPTIONAL]
    if missing or unknown:
        raise InputError(
            path, header_line,
            f"header must contain {','.join(REQUIRED)} (optionally {','.join(OPTIONAL)})"
            + (f"; missing {', '.join(missing)}" if missing else "")
            + (f"; unknown column {', '.join(unknown)}" if unknown else ""),
            header_text,
        )
    rows: list[tuple[int | None, dict[str, str]]] = []
    for number, line in lines[1:]:
        fields = next(csv.reader(io.StringIO(line)))
        if len(fields) != len(header):
            raise InputError(path, number, f"expected {len(header)} comma-separated fields", line)
        rows.append((number, dict(zip(header, (f.strip() for f in fields), strict=True))))
    return rows


def _json_rows(path: Path, text: str) -> list[tuple[int | None, dict[str, str]]]:
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(path, exc.lineno, f"not valid JSON ({exc.msg})") from exc
    if isinstance(data, dict):
        data = data.get("results")
    if not isinstance(data, list):
        raise InputError(path, None, 'JSON lab results must be a list or {"results": [...]}')
    rows: list[tuple[int | None, dict[str, str]]] = []
    for i, item in enumerate(data):
        if not isinstance(item, dict):
            raise InputError(path, None, f"results[{i}]: expected an object with analyte, value, unit, date")
        unknown = sorted(set(item) - set(REQUIRED + OPTIONAL))
        if unknown:
            raise InputError(path, None, f"results[{i}]: unknown field {', '.join(unknown)}")
        rows.append((None, {k: "" if v is None else str(v) for k, v in item.items()}))
    return rows


def _where(line: int | None, field: str, index: str = "") -> str:
    return f"field {field!r}" if line is not None else f"{index}field {field!r}"


def _number(path: Path, line: int | None, row: dict[str, str], field: str) -> float | None:
    text = row.get(field, "")
    if text == "":
        return None
    try:
        value = float(text)
    except ValueError:
        raise InputError(path, line, f"{_where(line, field)} must be a number", text) from None
    if not math.isfinite(value):
        raise InputError(path, line, f"{_where(line, field)} must be a finite number", text)
    return value


def _result(path: Path, line: int | None, row: dict[str, str], cat: Catalogue) -> LabResult:
    for field in REQUIRED:
        if not row.get(field, "").strip():
            if field == "unit" and row.get("value", "").strip().lower() in POSITIVE | NEGATIVE:
                continue  # qualitative results may have no unit
            raise InputError(path, line, f"field {field!r} is empty (required)")
    analyte = cat.resolve(row["analyte"])
    try:
        when = date.fromisoformat(row["date"])
    except ValueError:
        raise InputError(path, line, "field 'date' must be an ISO date (YYYY-MM-DD)", row["date"]) from None
    unit = row.get("unit", "").strip()
    raw_value = row["value"].strip()
    qualitative = None
    value: float | None
    if raw_value.lower() in POSITIVE | NEGATIVE:
        qualitative = "positive" if raw_value.lower() in POSITIVE else "negative"
        value = None
    else:
        value = _number(path, line, row, "value")
    low = _number(path, line, row, "reference_low")
    high = _number(path, line, row, "reference_high")
    if low is not None and high is not None and low > high:
        raise InputError(path, line, "reference_low is above reference_high", f"{low} > {high}")
    if analyte is not None and analyte.kind == "qualitative" and qualitative is None:
        raise InputError(
            path, line, f"field 'value' for {analyte.name} must be positive or negative", raw_value
        )
    canonical: dict[str, float | str | None] = {}
    if analyte is not None and value is not None and analyte.canonical_unit is not None:
        try:
            factor_args = (unit, analyte.canonical_unit, analyte.molar_mass_g_per_mol)
            canonical = {
                "canonical_value": convert(value, *factor_args),
                "canonical_unit": analyte.canonical_unit,
                "canonical_reference_low": None if low is None else convert(low, *factor_args),
                "canonical_reference_high": None if high is None else convert(high, *factor_args),
            }
        except UnitError as exc:
            raise InputError(
                path, line,
                f"field 'unit': {exc}; {analyte.name} is expected in a unit convertible to "
                f"{analyte.canonical_unit}",
                unit,
            ) from None
    return LabResult(
        analyte=row["analyte"],
        analyte_id=None if analyte is None else analyte.id,
        value=value,
        qualitative=qualitative,
        unit=unit,
        date=when,
        reference_low=low,
        reference_high=high,
        line=line,
        **canonical,  # type: ignore[arg-type]
    )
