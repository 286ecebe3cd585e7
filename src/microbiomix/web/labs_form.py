"""Lab results entered in a web form (one row per result), checked by the library's lab reader.

The rows are written as the reader's own CSV layout (:mod:`microbiomix.readers.labs`) and read back
with :func:`~microbiomix.readers.labs.read_labs`, so units, synonyms and reference intervals are
handled exactly as for an uploaded file.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Mapping
from pathlib import Path

from microbiomix.errors import InputError
from microbiomix.readers.labs import OPTIONAL, REQUIRED, read_labs

COLUMNS: tuple[str, ...] = (*REQUIRED, *OPTIONAL)
FILENAME = "lab-results-form.csv"
BLANK_ROWS = 5


def csv_from_form(form: Mapping[str, str]) -> str:
    """The form's non-empty rows (fields ``<column>_<row>``) as lab-results CSV."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    rows = sorted({int(k.rsplit("_", 1)[1]) for k in form if k.rsplit("_", 1)[-1].isdigit()})
    for row in rows:
        values = [str(form.get(f"{column}_{row}", "")).strip() for column in COLUMNS]
        if any(values):
            writer.writerow(values)
    return out.getvalue()


def check(text: str) -> None:
    """Read the CSV with the library's reader; errors name the form row (1-based) and field."""
    with tempfile.TemporaryDirectory(prefix="mmm-labs-") as folder:
        path = Path(folder) / FILENAME
        path.write_text(text, encoding="utf-8")
        try:
            read_labs(path)
        except InputError as exc:
            where = f"row {exc.line - 1}" if exc.line and exc.line > 1 else "lab results"
            raise InputError("lab results form", None, f"{where}: {exc.expectation}") from None


def rows_from_csv(text: str) -> list[dict[str, str]]:
    """Rows of a stored CSV lab file, for showing it in the form (JSON files show no rows)."""
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    if not lines or lines[0].lstrip().startswith(("{", "[")):
        return []
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    return [{c: (row.get(c) or "") for c in COLUMNS} for row in reader]
