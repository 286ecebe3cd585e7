"""Each practitioner sees only their own records: another's id answers 404 on every route.

The routes are enumerated from the application itself, so a new route with an id in its path is
tested automatically.
"""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.routing import iter_route_contexts

from microbiomix.web.deps import SESSION_COOKIE
from microbiomix.web.security import csrf_token

from .conftest import DEMO_PROFILE, Portal, client_with_sample
from .test_plan import inject_plan_item

HUMANN_TABLE = Path(__file__).parents[1] / "data" / "humann" / "humann39_tests_demo_pathabundance.tsv"


def _alices_records(portal: Portal) -> dict[str, str]:
    alice = portal.login("alice@clinic.test")
    client_id, sample_id = client_with_sample(alice, "Alice's client")
    portal.run_jobs()
    item_id = inject_plan_item(portal, sample_id)
    alice.post(f"/api/samples/{sample_id}/plan-accept-all")
    share = alice.post(f"/api/samples/{sample_id}/shares", json={"days": 3})
    assert share.status_code == 201, share.text
    with open(HUMANN_TABLE, "rb") as handle:
        table = alice.post(f"/api/samples/{sample_id}/functions", files={"file": handle})
    assert table.status_code == 201, table.text
    return {
        "table_id": str(table.json()["id"]),
        "link_id": str(share.json()["id"]),
        "client_id": str(client_id),
        "sample_id": str(sample_id),
        "item_id": item_id,
        "fmt": "html",
    }


def test_every_route_with_an_id_answers_404_to_another_practitioner(portal: Portal) -> None:
    ids = _alices_records(portal)
    bob = portal.login("bob@clinic.test")
    # Bob's own, valid CSRF token: the refusal must come from ownership, not from a bad form.
    csrf = csrf_token(portal.app.state.secret_key, bob.cookies[SESSION_COOKIE])  # type: ignore[attr-defined]
    checked = []
    for route in iter_route_contexts(portal.app.routes):  # type: ignore[attr-defined]
        params = set(re.findall(r"{(\w+)", route.path or ""))
        if not {"client_id", "sample_id"} & params or not route.methods:
            continue
        path = (route.path_format or "").format(**{name: ids[name] for name in params})
        for method in sorted(route.methods - {"HEAD"}):
            if method == "GET":
                response = bob.get(path)
            elif method == "DELETE":
                response = bob.delete(path)
            elif method == "PATCH":
                response = bob.patch(path, json={"name": "x", "contact": "bob was here"})
            elif path.startswith("/api/"):
                body = {"action": "accept", "days": 3, "name": "x"}
                files = {"file": ("s.txt", DEMO_PROFILE.read_bytes())}
                if path.endswith(("/samples", "/labs", "/intake", "/functions")):
                    response = bob.post(path, files=files)
                else:
                    response = bob.post(path, json=body)
            else:
                form = {"csrf": csrf, "action": "accept", "kind": "labs", "days": "3", "text": ""}
                files = {"file": ("s.txt", DEMO_PROFILE.read_bytes())}
                response = bob.post(path, data=form, files=files, follow_redirects=False)
            assert response.status_code == 404, (method, route.path, response.status_code)
            checked.append((method, route.path))
    # The known routes are all among those checked (guards against the enumeration going empty).
    expected = {
        ("GET", "/api/clients/{client_id}"),
        ("GET", "/api/clients/{client_id}/samples"),
        ("POST", "/api/clients/{client_id}/samples"),
        ("POST", "/api/clients/{client_id}/labs"),
        ("POST", "/api/clients/{client_id}/intake"),
        ("GET", "/api/samples/{sample_id}"),
        ("GET", "/api/samples/{sample_id}/report.json"),
        ("GET", "/api/samples/{sample_id}/report.{fmt}"),
        ("GET", "/api/samples/{sample_id}/plan"),
        ("POST", "/api/samples/{sample_id}/plan/{item_id}"),
        ("POST", "/api/samples/{sample_id}/shares"),
        ("GET", "/api/samples/{sample_id}/shares"),
        ("DELETE", "/api/samples/{sample_id}/shares/{link_id}"),
        ("PATCH", "/api/clients/{client_id}"),
        ("GET", "/api/samples/{sample_id}/functions"),
        ("POST", "/api/samples/{sample_id}/functions"),
        ("DELETE", "/api/samples/{sample_id}/functions/{table_id}"),
        ("GET", "/api/samples/{sample_id}/plan-carry-over"),
        ("POST", "/api/samples/{sample_id}/plan-carry-over"),
        ("POST", "/samples/{sample_id}/functions"),
        ("POST", "/samples/{sample_id}/functions/{table_id}/remove"),
        ("GET", "/clients/{client_id}"),
        ("POST", "/clients/{client_id}/samples"),
        ("POST", "/clients/{client_id}/documents"),
        ("GET", "/clients/{client_id}/intake"),
        ("POST", "/clients/{client_id}/intake"),
        ("GET", "/clients/{client_id}/labs"),
        ("POST", "/clients/{client_id}/labs"),
        ("GET", "/samples/{sample_id}"),
        ("GET", "/samples/{sample_id}/report"),
        ("POST", "/samples/{sample_id}/plan/{item_id}"),
        ("POST", "/samples/{sample_id}/share"),
        ("POST", "/samples/{sample_id}/shares/{link_id}/revoke"),
    }
    assert expected <= set(checked), expected - set(checked)
    # And Alice still sees her own.
    alice = portal.login("alice@clinic.test")
    assert alice.get(f"/api/samples/{ids['sample_id']}/report.json").status_code == 200
    # Alice's link survived Bob's attempts to revoke it.
    links = alice.get(f"/api/samples/{ids['sample_id']}/shares").json()
    assert [(str(link["id"]), link["revoked"]) for link in links] == [(ids["link_id"], False)]
    # ... and her functional table and client details survived Bob's attempts too.
    tables = alice.get(f"/api/samples/{ids['sample_id']}/functions").json()
    assert [str(t["id"]) for t in tables] == [ids["table_id"]]
    assert alice.get(f"/api/clients/{ids['client_id']}").json()["name"] == "Alice's client"
    assert bob.get("/api/clients").json() == []
