"""Plan edits are stored beside the generated plan (who, when), and shape every download and the
shared client view; share links expire."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from microbiomix.report.model import Citation, PlanItem
from microbiomix.web.db import make_sessionmaker, transaction
from microbiomix.web.models import AuditEvent, Sample, ShareLink, utcnow
from microbiomix.web.reports import load_report

from .conftest import Portal, client_with_sample, make_portal

TEST_ITEM_ID = "test-item-fibre"


def inject_plan_item(portal: Portal, sample_id: int) -> str:
    """Give a processed sample's report one plan item (test data; generated plans depend on the
    interpretation rules and inputs), so editing can be tested on a known item."""
    with transaction(make_sessionmaker(portal.engine)) as db:
        sample = db.get(Sample, sample_id)
        assert sample is not None
        report = load_report(sample)
        item = PlanItem(
            id=TEST_ITEM_ID,
            category="food",
            text="Test item: generated practitioner text",
            client_text="Test item: generated client text",
            evidence="test",
            citations=[Citation(text="test fixture, not a recommendation")],
        )
        report = report.model_copy(update={"plan": [*report.plan, item]})
        sample.report_json = report.to_json()
    return TEST_ITEM_ID


def _processed_sample(portal: Portal):  # type: ignore[no-untyped-def]
    http = portal.login("alice@clinic.test")
    _, sample_id = client_with_sample(http)
    portal.run_jobs()
    return http, sample_id


def test_plan_edits_are_layered_and_kept_as_history(portal: Portal) -> None:
    http, sample_id = _processed_sample(portal)
    item = inject_plan_item(portal, sample_id)
    plan = http.get(f"/api/samples/{sample_id}/plan").json()
    row = next(r for r in plan["items"] if r["item_id"] == item)
    assert row["status"] == "proposed" and plan["history"] == []

    changed = http.post(
        f"/api/samples/{sample_id}/plan/{item}", json={"action": "change", "text": "Edited text"}
    )
    assert changed.status_code == 201
    assert (
        http.post(f"/api/samples/{sample_id}/plan/{item}", json={"action": "change"}).status_code
        == 409
    )
    assert (
        http.post(f"/api/samples/{sample_id}/plan/nope", json={"action": "accept"}).status_code
        == 404
    )

    plan = http.get(f"/api/samples/{sample_id}/plan").json()
    row = next(r for r in plan["items"] if r["item_id"] == item)
    assert (row["status"], row["text"], row["generated_text"]) == (
        "change",
        "Edited text",
        "Test item: generated practitioner text",
    )
    assert row["edited_by"] == plan["history"][0]["user_id"]
    report = http.get(f"/api/samples/{sample_id}/report.json").json()
    assert [p["text"] for p in report["plan"] if p["id"] == item] == ["Edited text"]
    original = http.get(f"/api/samples/{sample_id}/report.json?original=true").json()
    assert [p["text"] for p in original["plan"] if p["id"] == item] == [
        "Test item: generated practitioner text"
    ]

    assert (
        http.post(f"/api/samples/{sample_id}/plan/{item}", json={"action": "remove"}).status_code
        == 201
    )
    report = http.get(f"/api/samples/{sample_id}/report.json").json()
    assert item not in [p["id"] for p in report["plan"]]
    history = http.get(f"/api/samples/{sample_id}/plan").json()["history"]
    assert [h["action"] for h in history] == ["change", "remove"]
    page = http.get(f"/samples/{sample_id}").text
    history_html = page[page.index("Edit history") :]
    assert history_html.count("alice@clinic.test") == 2  # who made each edit


def test_share_link_shows_client_view_and_expires(portal: Portal) -> None:
    http, sample_id = _processed_sample(portal)
    item = inject_plan_item(portal, sample_id)
    http.post(
        f"/api/samples/{sample_id}/plan/{item}", json={"action": "change", "text": "Eat oats"}
    )
    generated = [p["id"] for p in http.get(f"/api/samples/{sample_id}/report.json").json()["plan"]]
    if len(generated) > 1:
        # Issue 11/16: no share link while any item is unreviewed.
        refused = http.post(f"/api/samples/{sample_id}/shares", json={"days": 7})
        assert refused.status_code == 409 and "review the plan first" in refused.text
    removed = next((g for g in generated if g != item), None)
    if removed is not None:
        http.post(f"/api/samples/{sample_id}/plan/{removed}", json={"action": "remove"})
    accepted = http.post(f"/api/samples/{sample_id}/plan-accept-all").json()
    states = {i["item_id"]: i["status"] for i in accepted["items"]}
    assert states[item] == "change" and "proposed" not in states.values()
    share = http.post(f"/api/samples/{sample_id}/shares", json={"days": 7})
    assert share.status_code == 201
    url = share.json()["url"]
    anonymous = portal.client()
    page = anonymous.get(url)
    assert page.status_code == 200
    assert "Eat oats" in page.text
    # The share page says what was reviewed, by whom and when, and offers the client PDF.
    assert "Plan reviewed by alice@clinic.test" in page.text
    assert f"{sum(v == 'accept' for v in states.values())} accepted, 1 changed" in page.text
    pdf = anonymous.get(url + "/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "<script" not in page.text.lower()
    assert "script-src 'none'" in page.headers["content-security-policy"]
    with transaction(make_sessionmaker(portal.engine)) as db:
        db.execute(update(ShareLink).values(expires_at=utcnow() - timedelta(seconds=1)))
    assert anonymous.get(url).status_code == 404
    assert anonymous.get(url[:-3] + "abc").status_code == 404


def test_share_link_can_be_revoked_before_it_expires(portal: Portal) -> None:
    http, sample_id = _processed_sample(portal)
    http.post(f"/api/samples/{sample_id}/plan-accept-all")
    first = http.post(f"/api/samples/{sample_id}/shares", json={"days": 7}).json()
    second = http.post(f"/api/samples/{sample_id}/shares", json={"days": 7}).json()
    anonymous = portal.client()
    assert anonymous.get(first["url"]).status_code == 200
    # Revoked through the API: gone at once; the other link still works.
    assert http.delete(f"/api/samples/{sample_id}/shares/{first['id']}").status_code == 204
    assert anonymous.get(first["url"]).status_code == 404
    assert anonymous.get(second["url"]).status_code == 200
    assert http.delete(f"/api/samples/{sample_id}/shares/{first['id']}").status_code == 204
    links = http.get(f"/api/samples/{sample_id}/shares").json()
    assert [(link["id"], link["revoked"]) for link in links] == [
        (first["id"], True),
        (second["id"], False),
    ]
    # Revoked through the page's form (CSRF checked), listed as revoked afterwards.
    page = http.get(f"/samples/{sample_id}").text
    assert f"Revoke link #{second['id']}" in page and f"Revoke link #{first['id']}" not in page
    csrf = page.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    revoke = f"/samples/{sample_id}/shares/{second['id']}/revoke"
    assert http.post(revoke, data={"csrf": "forged"}).status_code == 403
    assert anonymous.get(second["url"]).status_code == 200
    done = http.post(revoke, data={"csrf": csrf}, follow_redirects=False)
    assert done.status_code == 303
    assert anonymous.get(second["url"]).status_code == 404
    assert "Revoke link #" not in http.get(f"/samples/{sample_id}").text
    # Each revocation is audited once (the repeated DELETE changed nothing).
    with transaction(make_sessionmaker(portal.engine)) as db:
        revoked = db.scalars(
            select(AuditEvent.record_id).where(AuditEvent.action == "revoke_share")
        ).all()
    assert sorted(revoked) == [first["id"], second["id"]]
    # A link id of another sample, even one's own, is not found under this sample.
    _client, other_sample = client_with_sample(http, "Other")
    portal.run_jobs()
    http.post(f"/api/samples/{other_sample}/plan-accept-all")
    other = http.post(f"/api/samples/{other_sample}/shares", json={"days": 1}).json()
    assert http.delete(f"/api/samples/{sample_id}/shares/{other['id']}").status_code == 404
    assert anonymous.get(other["url"]).status_code == 200


def test_downloads(sqlite_url: str) -> None:
    # Rendering does not depend on the database, so SQLite only (PDF rendering takes a while).
    portal = make_portal(sqlite_url)
    http, sample_id = _processed_sample(portal)
    html = http.get(f"/api/samples/{sample_id}/report.html")
    assert html.status_code == 200 and "Subj001_time1_S1" in html.text
    client_view = http.get(f"/api/samples/{sample_id}/report.html?view=client")
    assert client_view.status_code == 200 and client_view.text != html.text
    pdf = http.get(f"/api/samples/{sample_id}/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf.headers["content-disposition"]
    fhir = http.get(f"/api/samples/{sample_id}/report.fhir.json")
    assert fhir.status_code == 200
    assert fhir.json()["resourceType"] in ("Bundle", "DiagnosticReport")
