"""Lab results entered in the web form are read by the library's lab reader like a file."""

from __future__ import annotations

from microbiomix.readers.labs import read_labs
from microbiomix.web.db import make_sessionmaker
from microbiomix.web.labs_form import COLUMNS, FILENAME, rows_from_csv
from microbiomix.web.reports import latest_document

from .conftest import EXAMPLES, Portal
from .test_intake_form import _csrf


def test_labs_form_round_trip_and_errors(portal: Portal, tmp_path) -> None:  # type: ignore[no-untyped-def]
    http = portal.login("alice@clinic.test")
    client_id = http.post("/api/clients", json={"name": "Labs"}).json()["id"]
    example = EXAMPLES / "labs.csv"
    rows = rows_from_csv(example.read_text(encoding="utf-8"))
    assert len(rows) >= 3
    form = {f"{c}_{n}": row[c] for n, row in enumerate(rows, 1) for c in COLUMNS}
    form["csrf"] = _csrf(portal, http)
    response = http.post(f"/clients/{client_id}/labs", data=form, follow_redirects=False)
    assert response.status_code == 303, response.text
    with make_sessionmaker(portal.engine)() as db:
        document = latest_document(db, client_id, "labs")
    assert document is not None and document.filename == FILENAME
    stored = tmp_path / FILENAME
    stored.write_bytes(document.content)

    # Equal except for the line each came from (the example file starts with a comment).
    def fields(path):  # type: ignore[no-untyped-def]
        return [r.model_dump(exclude={"line"}) for r in read_labs(path).results]

    assert fields(stored) == fields(example)
    page = http.get(f"/clients/{client_id}/labs")
    assert f'value="{rows[0]["analyte"]}"' in page.text

    bad = {
        "csrf": form["csrf"],
        "analyte_1": "ferritin",
        "value_1": "lots",
        "unit_1": "ug/L",
        "date_1": "2026-01-02",
    }
    response = http.post(f"/clients/{client_id}/labs", data=bad)
    assert response.status_code == 422
    assert "row 1" in response.text and "value" in response.text
