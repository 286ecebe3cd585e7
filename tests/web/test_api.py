"""The JSON API on SQLite and on a real PostgreSQL server: the whole practitioner flow."""

from __future__ import annotations

import json

from sqlalchemy import select

from microbiomix import pipeline
from microbiomix.report.model import Report
from microbiomix.web.db import make_sessionmaker
from microbiomix.web.models import AuditEvent, Job, Sample

from .conftest import DEMO_PROFILE, DEMO_PROFILE_2, EXAMPLES, Portal


def _new_client(http, name: str = "Ada Client") -> int:  # type: ignore[no-untyped-def]
    response = http.post("/api/clients", json={"name": name})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def _upload(http, client_id: int, path=DEMO_PROFILE) -> int:  # type: ignore[no-untyped-def]
    with open(path, "rb") as handle:
        response = http.post(
            f"/api/clients/{client_id}/samples", files={"file": (path.name, handle, "text/plain")}
        )
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def test_login_sets_httponly_samesite_cookie(portal: Portal) -> None:
    http = portal.client()
    bad = http.post("/api/auth/login", json={"email": "alice@clinic.test", "password": "nope"})
    assert bad.status_code == 401
    assert http.get("/api/clients").status_code == 401
    good = http.post(
        "/api/auth/login",
        json={"email": "alice@clinic.test", "password": "correct horse battery staple"},
    )
    assert good.status_code == 200
    cookie = good.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert http.get("/api/auth/me").json()["email"] == "alice@clinic.test"
    assert http.post("/api/auth/logout").status_code == 204
    assert http.get("/api/clients").status_code == 401


def test_upload_processes_into_the_library_report(portal: Portal) -> None:
    http = portal.login("alice@clinic.test")
    client_id = _new_client(http)
    sample_id = _upload(http, client_id)
    pending = http.get(f"/api/samples/{sample_id}/report.json")
    assert pending.status_code == 202
    assert pending.json()["status"] == "queued"
    assert portal.run_jobs() == 1
    response = http.get(f"/api/samples/{sample_id}/report.json")
    assert response.status_code == 200
    report = Report.from_json(response.content)
    # The portal serves exactly what the library computes for the same file.
    expected = pipeline.build_report(DEMO_PROFILE, sample_id="Subj001_time1_S1")
    assert report.sample.sample_id == "Subj001_time1_S1"
    assert [(m.id, m.value) for m in report.markers] == [(m.id, m.value) for m in expected.markers]
    assert report.markers, "the demo profile has markers"
    listed = http.get(f"/api/clients/{client_id}/samples").json()
    assert [(s["id"], s["status"], s["progress"]) for s in listed] == [(sample_id, "ready", 100)]


def test_retest_compares_with_the_earlier_sample(portal: Portal) -> None:
    http = portal.login("alice@clinic.test")
    client_id = _new_client(http)
    _upload(http, client_id, DEMO_PROFILE)
    second = _upload(http, client_id, DEMO_PROFILE_2)
    assert portal.run_jobs() == 2
    report = http.get(f"/api/samples/{second}/report.json").json()
    assert report["sample"]["sample_id"] == "Subj001_time2_S2"
    assert [t["sample_id"] for t in report["retest"]["timepoints"]] == [
        "Subj001_time1_S1",
        "Subj001_time2_S2",
    ]


def test_bad_upload_is_refused_with_the_readers_message(portal: Portal) -> None:
    http = portal.login("alice@clinic.test")
    client_id = _new_client(http)
    response = http.post(
        f"/api/clients/{client_id}/samples",
        files={"file": ("notes.txt", b"hello\nthis is not a profile\n", "text/plain")},
    )
    assert response.status_code == 422
    assert "notes.txt" in response.json()["detail"]
    assert "/tmp" not in response.json()["detail"]
    empty = http.post(
        f"/api/clients/{client_id}/samples", files={"file": ("e.txt", b"", "text/plain")}
    )
    assert empty.status_code == 422
    with make_sessionmaker(portal.engine)() as db:
        assert db.scalars(select(Sample)).all() == []
        assert db.scalars(select(Job)).all() == []


def test_upload_size_limit(database_url: str) -> None:
    from .conftest import make_portal

    small = make_portal(database_url, max_upload_bytes=1000)
    http = small.login("alice@clinic.test")
    client_id = _new_client(http)
    with open(DEMO_PROFILE, "rb") as handle:
        response = http.post(f"/api/clients/{client_id}/samples", files={"file": ("p.txt", handle)})
    assert response.status_code == 413
    small.engine.dispose()


def test_login_rate_limit(portal: Portal) -> None:
    http = portal.client()
    for _ in range(5):  # login_max_failures=5 in the test settings
        wrong = {"email": "alice@clinic.test", "password": "wrong password"}
        assert http.post("/api/auth/login", json=wrong).status_code == 401
    right = {"email": "alice@clinic.test", "password": "correct horse battery staple"}
    assert http.post("/api/auth/login", json=right).status_code == 429


def test_audit_log_records_views_and_changes_without_client_data(portal: Portal) -> None:
    http = portal.login("alice@clinic.test")
    client_id = _new_client(http, "Secret Name")
    sample_id = _upload(http, client_id)
    portal.run_jobs()
    http.get(f"/api/samples/{sample_id}/report.json")
    events = http.get("/api/audit").json()
    seen = {(e["action"], e["record_type"], e["record_id"]) for e in events}
    assert ("create", "client", client_id) in seen
    assert ("upload", "sample", sample_id) in seen
    assert ("view_report", "sample", sample_id) in seen
    with make_sessionmaker(portal.engine)() as db:
        dumped = json.dumps(
            [(e.action, e.record_type, e.record_id) for e in db.scalars(select(AuditEvent))]
        )
    assert "Secret Name" not in dumped


def test_security_headers(portal: Portal) -> None:
    response = portal.client().get("/login")
    csp = response.headers["content-security-policy"]
    assert "script-src 'none'" in csp and "unsafe-inline" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"


def test_cross_origin_posts_are_refused(portal: Portal) -> None:
    http = portal.login("alice@clinic.test")
    response = http.post(
        "/api/clients", json={"name": "x"}, headers={"Origin": "https://evil.test"}
    )
    assert response.status_code == 403


def test_labs_and_intake_are_checked_by_their_readers(portal: Portal) -> None:
    http = portal.login("alice@clinic.test")
    client_id = _new_client(http)
    for kind, name in (("labs", "labs.csv"), ("intake", "intake.yaml")):
        path = EXAMPLES / name
        with open(path, "rb") as handle:
            response = http.post(f"/api/clients/{client_id}/{kind}", files={"file": (name, handle)})
        assert response.status_code == 201, response.text
        assert response.json()["kind"] == kind
    bad = http.post(
        f"/api/clients/{client_id}/labs",
        files={"file": ("labs.csv", b"analyte,value,unit,date\nferritin,lots,ug/L,2024-01-01\n")},
    )
    assert bad.status_code == 422
    assert "labs.csv" in bad.json()["detail"] and "/tmp" not in bad.json()["detail"]
    # The report job hands the client's documents to the library with the profile.
    sample_id = _upload(http, client_id)
    assert portal.run_jobs() == 1
    report = http.get(f"/api/samples/{sample_id}/report.json").json()
    expected = pipeline.build_report(
        DEMO_PROFILE,
        labs_path=EXAMPLES / "labs.csv",
        intake_path=EXAMPLES / "intake.yaml",
        sample_id="Subj001_time1_S1",
    )
    assert report["labs"] == json.loads(expected.to_json())["labs"]
    assert report["missing"] == expected.missing


def test_report_from_an_older_schema_is_rebuilt(portal: Portal) -> None:
    from sqlalchemy import update

    from microbiomix.web.db import transaction

    http = portal.login("alice@clinic.test")
    sample_id = _upload(http, _new_client(http))
    portal.run_jobs()
    with transaction(make_sessionmaker(portal.engine)) as db:
        sample = db.get(Sample, sample_id)
        old = json.loads(sample.report_json)  # type: ignore[union-attr, arg-type]
        old["schema_version"] = "0.9"
        db.execute(update(Sample).where(Sample.id == sample_id).values(report_json=json.dumps(old)))
    assert http.get(f"/api/samples/{sample_id}/report.json").status_code == 202
    assert portal.run_jobs() == 1
    report = http.get(f"/api/samples/{sample_id}/report.json")
    assert report.status_code == 200
    assert report.json()["schema_version"] == Report.model_fields["schema_version"].default


def test_client_page_shows_markers_over_time(portal: Portal) -> None:
    from microbiomix.report.html import fmt_number

    http = portal.login("alice@clinic.test")
    client_id = _new_client(http)
    first = _upload(http, client_id, DEMO_PROFILE)
    second = _upload(http, client_id, DEMO_PROFILE_2)
    portal.run_jobs()
    page = http.get(f"/clients/{client_id}").text
    assert 'id="retests"' in page
    assert page.index("Subj001_time1_S1") < page.index("Subj001_time2_S2")
    reports = [http.get(f"/api/samples/{s}/report.json").json() for s in (first, second)]
    marker = next(m for m in reports[1]["markers"] if m["value"] is not None)
    earlier = next(m for m in reports[0]["markers"] if m["id"] == marker["id"])
    row = page[page.index(f"<td>{marker['title']}") :].split("</tr>", 1)[0]
    first_value, second_value = fmt_number(earlier["value"]), fmt_number(marker["value"])
    assert f'<td class="num">{first_value}</td><td class="num">{second_value}</td>' in row
    # Direction from the two values as the reports give them (issue 16: compact table).
    arrow = "&#9650;" if marker["value"] > earlier["value"] else "&#9660;"
    assert arrow in row and "<polyline" in row
