"""The clinic's day (issue 16) and the portal side of issue 11: collection dates order re-tests,
labs and intake are matched to samples by date, adding or correcting them rebuilds the reports
they change, and the client sees only a reviewed plan.

Known answers come from the inputs: the two demo profiles' sample ids, the dates given here, and
the matching rule (labs: 90 days before to 30 days after collection)."""

from __future__ import annotations

import re
from pathlib import Path

from microbiomix.web.db import make_sessionmaker, transaction
from microbiomix.web.models import ClientDocument, Sample

from .conftest import DEMO_PROFILE, DEMO_PROFILE_2, Portal

LABS = Path(__file__).parents[2] / "src" / "microbiomix" / "examples" / "labs.csv"


def _client(http, name: str = "Workflow") -> int:  # type: ignore[no-untyped-def]
    response = http.post(
        "/api/clients",
        json={"name": name, "date_of_birth": "1964-05-02", "sex": "male", "contact": "0123 456"},
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["date_of_birth"], body["sex"], body["contact"]) == (
        "1964-05-02",
        "male",
        "0123 456",
    )
    return int(body["id"])


def _upload(http, client_id: int, path: Path, collected: str) -> int:  # type: ignore[no-untyped-def]
    with open(path, "rb") as handle:
        response = http.post(
            f"/api/clients/{client_id}/samples",
            files={"file": (path.name, handle)},
            data={"collected": collected},
        )
    assert response.status_code == 201, response.text
    assert response.json()["collected_on"] == collected
    return int(response.json()["id"])


def _sample(portal: Portal, sample_id: int) -> Sample:
    with transaction(make_sessionmaker(portal.engine)) as db:
        sample = db.get(Sample, sample_id)
        assert sample is not None
        return sample


def test_retests_follow_collection_dates_not_upload_order(portal: Portal) -> None:
    http = portal.login("alice@clinic.test")
    client_id = _client(http)
    later = _upload(http, client_id, DEMO_PROFILE_2, "2026-01-10")
    portal.run_jobs()
    assert http.get(f"/api/samples/{later}/report.json").json()["retest"] is None
    # The baseline, collected earlier, is uploaded afterwards: the later report is rebuilt.
    earlier = _upload(http, client_id, DEMO_PROFILE, "2025-06-01")
    assert "earlier sample (collected 2025-06-01)" in (_sample(portal, later).rebuild_reason or "")
    portal.run_jobs()
    report = http.get(f"/api/samples/{later}/report.json").json()
    points = [(t["sample_id"], t["collected"]) for t in report["retest"]["timepoints"]]
    assert points == [("Subj001_time1_S1", "2025-06-01"), ("Subj001_time2_S2", "2026-01-10")]
    assert report["sample"]["collected"] == "2026-01-10"
    assert http.get(f"/api/samples/{earlier}/report.json").json()["retest"] is None
    listed = [s["id"] for s in http.get(f"/api/clients/{client_id}/samples").json()]
    assert listed == [earlier, later]
    page = http.get(f"/clients/{client_id}").text
    assert page.index("2025-06-01") < page.index("2026-01-10")


def test_labs_are_matched_by_date_and_changes_rebuild_reports(portal: Portal) -> None:
    http = portal.login("alice@clinic.test")
    client_id = _client(http)
    sample_id = _upload(http, client_id, DEMO_PROFILE, "2026-03-01")
    portal.run_jobs()
    assert http.get(f"/api/samples/{sample_id}/report.json").json()["labs"] == []
    http.post(f"/api/samples/{sample_id}/plan-accept-all")
    share_url = http.post(f"/api/samples/{sample_id}/shares", json={"days": 3}).json()["url"]
    anonymous = portal.client()

    def labs_dated(day: str) -> int:
        with open(LABS, "rb") as handle:
            response = http.post(
                f"/api/clients/{client_id}/labs",
                files={"file": ("labs.csv", handle)},
                data={"effective_on": day},
            )
        assert response.status_code == 201, response.text
        return int(response.json()["id"])

    # Dated more than 90 days before collection: not this sample's labs; nothing rebuilt.
    labs_dated("2025-11-01")
    assert _sample(portal, sample_id).status == "ready"
    # Dated 9 days before: the sample's labs now; its report is outdated until rebuilt.
    first = labs_dated("2026-02-20")
    sample = _sample(portal, sample_id)
    assert sample.status == "queued" and sample.report_json is not None
    assert (sample.rebuild_reason or "").startswith("Lab results dated 2026-02-20 added")
    waiting = anonymous.get(share_url)
    assert waiting.status_code == 200 and "being updated" in waiting.text
    assert "Outdated" in http.get(f"/samples/{sample_id}/report").text
    portal.run_jobs()
    report = http.get(f"/api/samples/{sample_id}/report.json").json()
    assert report["labs"] and _sample(portal, sample_id).labs_document_id == first
    # The report records the input version it used (the library's Report.inputs).
    labs_inputs = [i for i in report["inputs"] if i["kind"] == "labs"]
    assert labs_inputs and labs_inputs[0]["version"].startswith(f"portal record {first},")
    # A correction with the same date replaces it and rebuilds again.
    second = labs_dated("2026-02-20")
    assert "corrected" in (_sample(portal, sample_id).rebuild_reason or "")
    portal.run_jobs()
    assert _sample(portal, sample_id).labs_document_id == second
    shared = anonymous.get(share_url)
    assert shared.status_code == 200 and "Updated " in shared.text and "corrected" in shared.text
    # The client page lists the documents with their dates.
    page = http.get(f"/clients/{client_id}").text
    assert page.count("Lab results</td>") == 3 and "2025-11-01" in page


def test_pages_confirm_with_messages_and_redirect_after_post(portal: Portal) -> None:
    http = portal.login("alice@clinic.test")
    csrf = re.search(r'name="csrf" value="([^"]+)"', http.get("/").text).group(1)  # type: ignore[union-attr]
    made = http.post(
        "/clients",
        data={"csrf": csrf, "name": "Dana", "date_of_birth": "1990-02-03", "sex": "female"},
        follow_redirects=False,
    )
    assert made.status_code == 303 and "done=client-added" in made.headers["location"]
    page = http.get(made.headers["location"])
    assert "Client added." in page.text and "Born 1990-02-03" in page.text
    client_id = int(made.headers["location"].split("/clients/")[1].split("?")[0])
    with open(LABS, "rb") as handle:
        saved = http.post(
            f"/clients/{client_id}/documents",
            data={"csrf": csrf, "kind": "labs", "effective_on": "2026-01-05"},
            files={"file": ("labs.csv", handle)},
        )
    assert saved.status_code == 200 and "Lab results saved." in saved.text
    assert "2026-01-05" in saved.text  # listed with its date
    # An unknown code says nothing; a bad date is refused with the field named.
    assert (
        "done" not in http.get(f"/clients/{client_id}?done=<script>").text.split("<main>")[1][:40]
    )
    bad = http.post("/clients", data={"csrf": csrf, "name": "X", "date_of_birth": "1800-01-01"})
    assert bad.status_code == 422 and "date of birth must be between" in bad.text


def test_clinic_settings_head_reports_and_share_pages(portal: Portal, tmp_path: Path) -> None:
    import zlib

    http = portal.login("alice@clinic.test")
    csrf = re.search(r'name="csrf" value="([^"]+)"', http.get("/settings").text).group(1)  # type: ignore[union-attr]

    # A 1x1 PNG, built by hand (signature, IHDR, IDAT, IEND).
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")
        )

    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", (1).to_bytes(4, "big") * 2 + b"\x08\x02\x00\x00\x00")
        + chunk(b"IDAT", zlib.compress(b"\x00\x1f\x4e\x46"))
        + chunk(b"IEND", b"")
    )
    saved = http.post(
        "/settings",
        data={"csrf": csrf, "clinic_name": "Gut Clinic Leeds", "display_name": "Dr A. Smith",
              "contact": "clinic@example.org"},
        files={"logo": ("logo.png", png, "image/png")},
    )  # fmt: skip
    assert saved.status_code == 200 and "Settings saved." in saved.text
    refused = http.post(
        "/settings", data={"csrf": csrf}, files={"logo": ("x.gif", b"GIF89a....", "image/gif")}
    )
    assert refused.status_code == 422 and "PNG or JPEG" in refused.text
    client_id = _client(http)
    sample_id = _upload(http, client_id, DEMO_PROFILE, "2026-02-01")
    portal.run_jobs()
    report = http.get(f"/samples/{sample_id}/report").text
    assert "Gut Clinic Leeds" in report and "Dr A. Smith · clinic@example.org" in report
    assert 'src="data:image/png;base64,' in report
    http.post(f"/api/samples/{sample_id}/plan-accept-all")
    url = http.post(f"/api/samples/{sample_id}/shares", json={"days": 2}).json()["url"]
    shared = portal.client().get(url).text
    assert "Gut Clinic Leeds" in shared and "Practitioner: Dr A. Smith" in shared
    assert "Download this report as PDF" in shared
    with transaction(make_sessionmaker(portal.engine)) as db:
        assert db.query(ClientDocument).count() == 0


def test_client_details_are_edited_through_the_api(portal: Portal) -> None:
    http = portal.login("alice@clinic.test")
    client_id = _client(http, "Details")
    url = f"/api/clients/{client_id}"
    # Only the fields given change.
    changed = http.patch(url, json={"contact": "dana@example.org"})
    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert (body["name"], body["date_of_birth"], body["sex"], body["contact"]) == (
        "Details",
        "1964-05-02",
        "male",
        "dana@example.org",
    )
    # null clears a detail; the name is trimmed.
    cleared = http.patch(url, json={"date_of_birth": None, "sex": "not stated", "name": " Dana "})
    assert cleared.status_code == 200, cleared.text
    assert (cleared.json()["name"], cleared.json()["date_of_birth"], cleared.json()["sex"]) == (
        "Dana",
        None,
        "not stated",
    )
    # Refused, each with the field named, and nothing changed.
    for bad in ({"date_of_birth": "1800-01-01"}, {"sex": "robot"}, {"name": None}, {"name": " "}):
        refused = http.patch(url, json=bad)
        assert refused.status_code == 422, bad
        assert next(iter(bad)) in str(refused.json()["detail"])
    assert http.get(url).json()["contact"] == "dana@example.org"
    assert http.get(url).json()["name"] == "Dana"
    # Another practitioner's client: 404; no session: 401.
    assert portal.login("bob@clinic.test").patch(url, json={"contact": "x"}).status_code == 404
    assert portal.client().patch(url, json={"contact": "x"}).status_code == 401
    audit = http.get("/api/audit").json()
    assert sum(1 for e in audit if e["action"] == "update" and e["record_id"] == client_id) == 2


def test_plan_decisions_carry_over_to_the_retest_through_the_api(portal: Portal) -> None:
    from .test_plan import TEST_ITEM_ID, inject_plan_item

    http = portal.login("alice@clinic.test")
    client_id = _client(http, "Carry")
    first = _upload(http, client_id, DEMO_PROFILE, "2026-09-30")
    second = _upload(http, client_id, DEMO_PROFILE_2, "2026-10-20")
    portal.run_jobs()
    for sample_id in (first, second):  # one item known to be in both plans
        inject_plan_item(portal, sample_id)
    # No decisions yet: nothing to offer; the first sample has no earlier one.
    empty = {"previous_sample_id": None, "decisions": []}
    assert http.get(f"/api/samples/{second}/plan-carry-over").json() == empty
    assert http.get(f"/api/samples/{first}/plan-carry-over").json() == empty

    # Decisions on the first sample: change the known item, then remove / accept the other items
    # the two plans share, alternately.
    plans = {s: http.get(f"/api/samples/{s}/plan").json()["items"] for s in (first, second)}
    shared = [i["item_id"] for i in plans[first] if i["item_id"] in
              {j["item_id"] for j in plans[second]}]  # fmt: skip
    assert TEST_ITEM_ID in shared
    decided = {TEST_ITEM_ID: ("change", "Walk thirty minutes daily")}
    for n, key in enumerate(k for k in shared if k != TEST_ITEM_ID):
        decided[key] = ("remove" if n % 2 == 0 else "accept", None)
    for key, (action, text) in decided.items():
        edit = http.post(f"/api/samples/{first}/plan/{key}", json={"action": action, "text": text})
        assert edit.status_code == 201, edit.text
    offer = http.get(f"/api/samples/{second}/plan-carry-over").json()
    assert offer["previous_sample_id"] == first
    assert {d["item_id"]: (d["action"], d["text"]) for d in offer["decisions"]} == decided

    # A decision already made on the re-test stays; the others are copied.
    own = http.post(f"/api/samples/{second}/plan/{TEST_ITEM_ID}", json={"action": "remove"})
    assert own.status_code == 201
    carried = http.post(f"/api/samples/{second}/plan-carry-over")
    assert carried.status_code == 200, carried.text
    assert carried.json()["carried"] == len(decided) - 1
    items = {i["item_id"]: i for i in carried.json()["plan"]["items"]}
    assert items[TEST_ITEM_ID]["status"] == "remove"
    for key, (action, _text) in decided.items():
        if key != TEST_ITEM_ID:
            assert items[key]["status"] == action
    # Carrying over again copies nothing; the offer is empty.
    assert http.post(f"/api/samples/{second}/plan-carry-over").json()["carried"] == 0
    assert http.get(f"/api/samples/{second}/plan-carry-over").json() == empty
    # Not ready: 409; another practitioner's sample: 404.
    third = _upload(http, client_id, DEMO_PROFILE_2, "2026-11-20")
    assert http.post(f"/api/samples/{third}/plan-carry-over").status_code == 409
    bob = portal.login("bob@clinic.test")
    assert bob.post(f"/api/samples/{second}/plan-carry-over").status_code == 404
