"""The intake questionnaire and health timeline filled in as a web form: validated by the
library's intake reader, stored, shown again for editing, and used by the report."""

from __future__ import annotations

from microbiomix.readers.intake import read_intake
from microbiomix.web.db import make_sessionmaker
from microbiomix.web.deps import SESSION_COOKIE
from microbiomix.web.intake_form import form_from_intake
from microbiomix.web.models import Client
from microbiomix.web.security import csrf_token
from microbiomix.web.services import latest_intake

from .conftest import EXAMPLES, Portal


def _csrf(portal: Portal, http) -> str:  # type: ignore[no-untyped-def]
    return csrf_token(portal.app.state.secret_key, http.cookies[SESSION_COOKIE])  # type: ignore[attr-defined]


def test_intake_form_round_trip(portal: Portal) -> None:
    http = portal.login("alice@clinic.test")
    client_id = http.post("/api/clients", json={"name": "Form"}).json()["id"]
    example = read_intake(EXAMPLES / "intake.yaml")
    form = {**form_from_intake(example), "csrf": _csrf(portal, http)}
    response = http.post(f"/clients/{client_id}/intake", data=form, follow_redirects=False)
    assert response.status_code == 303, response.text
    with make_sessionmaker(portal.engine)() as db:
        stored = latest_intake(db, db.get(Client, client_id))  # type: ignore[arg-type]
    assert stored is not None
    expected = example.model_copy(update={"client_id": None})
    assert stored.model_dump(exclude={"symptoms"}) == expected.model_dump(exclude={"symptoms"})
    assert set(stored.symptoms) == set(expected.symptoms)
    again = http.get(f"/clients/{client_id}/intake")
    assert "omeprazole 20 mg" in again.text and "food poisoning on holiday" in again.text


def test_intake_form_errors_name_the_field(portal: Portal) -> None:
    http = portal.login("alice@clinic.test")
    client_id = http.post("/api/clients", json={"name": "Form"}).json()["id"]
    form = {"csrf": _csrf(portal, http), "age": "40", "gsrs_1": "9"}
    response = http.post(f"/clients/{client_id}/intake", data=form)
    assert response.status_code == 422
    assert "field questionnaires.gsrs" in response.text
    assert 'value="9"' in response.text  # what was typed is kept for correcting
    no_csrf = http.post(f"/clients/{client_id}/intake", data={"age": "40"})
    assert no_csrf.status_code == 403
