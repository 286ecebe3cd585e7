"""A sample's functional profile: HUMAnN tables uploaded to the portal (API and page), checked by
the library's HUMAnN reader, stored per sample and kind, and read by the report job so the portal's
report measures digestive functions from genes where the tables hold them.

Files: HUMAnN 3.9's own test outputs and our HUMAnN 3.9 run (tests/data/humann/, provenance in
tests/data/README.md). Expected values were read from the files: the demo pathway table has 27
pathways, UNMAPPED 34.9620985021, UNINTEGRATED 778.4041770541, none of the four butyrate
pathways (PWY-5676, CENTFERM-PWY, P162-PWY, PWY-5022); our run's pathway table has only
UNMAPPED 0 and UNINTEGRATED 0 (HUMAnN's PyPI package lacks the gene-to-reaction map).
"""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from microbiomix.web.db import make_sessionmaker, transaction
from microbiomix.web.models import FunctionalTable, Sample

from .conftest import DEMO_PROFILE, Portal, client_with_sample, make_portal
from .test_limits import LiveServer

HUMANN = Path(__file__).parents[1] / "data" / "humann"
DEMO_PATHWAYS = HUMANN / "humann39_tests_demo_pathabundance.tsv"
RUN_PATHWAYS = HUMANN / "run_humann39_demo_pathabundance.tsv"
DEMO_GENES = HUMANN / "humann39_tests_demo_genefamilies.tsv"
JOINED = HUMANN / "humann39_tests_multi_sample_genefamilies.tsv"


def _upload(http: TestClient, sample_id: int, path: Path, name: str | None = None):  # type: ignore[no-untyped-def]
    with open(path, "rb") as handle:
        return http.post(
            f"/api/samples/{sample_id}/functions", files={"file": (name or path.name, handle)}
        )


def _report(http: TestClient, sample_id: int) -> dict:  # type: ignore[type-arg]
    response = http.get(f"/api/samples/{sample_id}/report.json")
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def _guild(report: dict, marker_id: str) -> dict:  # type: ignore[type-arg]
    return next(m for m in report["markers"] if m["id"] == marker_id)


def test_humann_tables_become_the_samples_functional_profile(portal: Portal) -> None:
    http = portal.login("alice@clinic.test")
    _client_id, sample_id = client_with_sample(http, "Functions")
    assert portal.run_jobs() == 1
    before = _report(http, sample_id)
    assert before["functions"] is None
    assert _guild(before, "guild_butyrate_producers")["superseded_by"] == []
    assert http.get(f"/api/samples/{sample_id}/functions").json() == []

    # A real HUMAnN pathway table: stored, and the report is rebuilt with it.
    added = _upload(http, sample_id, DEMO_PATHWAYS)
    assert added.status_code == 201, added.text
    body = added.json()
    assert body["kind"] == "metacyc_pathway/abundance"
    assert body["label"] == "MetaCyc pathways"
    assert body["sample_column"] == "demo_Abundance"
    assert body["unit"] == "RPK"
    assert body["features"] == 27
    assert body["replaced"] is False and body["rebuild_queued"] is True
    assert any("named 'demo', not 'Subj001_time1_S1'" in n for n in body["notes"])
    assert body["other_sample_name"] == "demo"
    # The old report stays on show, marked outdated, until the new one is built.
    with transaction(make_sessionmaker(portal.engine)) as db:
        sample = db.get(Sample, sample_id)
        assert sample is not None and sample.status == "queued"
        assert sample.report_json is not None
        assert sample.rebuild_reason is not None
        assert sample.rebuild_reason.startswith("HUMAnN table (MetaCyc pathways) added on ")
    assert portal.run_jobs() == 1
    after = _report(http, sample_id)
    section = after["functions"]
    assert [t["source_file"] for t in section["tables"]] == [DEMO_PATHWAYS.name]
    table = section["tables"][0]
    assert table["features"] == 27
    assert table["unmapped"] == 34.9620985021 and table["unintegrated"] == 778.4041770541
    butyrate = next(e for e in section["entries"] if e["id"] == "fn_butyrate_pathways")
    assert butyrate["value"] == 0.0 and butyrate["ids_found"] == []
    assert butyrate["ids_summed"] == ["PWY-5676", "CENTFERM-PWY", "P162-PWY", "PWY-5022"]
    # Gene-based markers replace the guilds they measure; the others stay inferred from species.
    assert _guild(after, "guild_butyrate_producers")["superseded_by"] == [butyrate["title"]]
    assert _guild(after, "guild_butyrate_producers")["basis"] == "inferred from species"
    assert any(
        i["kind"] == "functions" and i["source"] == DEMO_PATHWAYS.name for i in after["inputs"]
    )
    html = http.get(f"/api/samples/{sample_id}/report.html").text
    assert "measured from genes" in html

    # A table of another kind is added beside it; one of the same kind replaces it.
    genes = _upload(http, sample_id, DEMO_GENES)
    assert genes.status_code == 201 and genes.json()["kind"] == "uniref50/abundance"
    assert genes.json()["features"] == 1412
    replaced = _upload(http, sample_id, RUN_PATHWAYS)
    assert replaced.status_code == 201, replaced.text
    assert replaced.json()["replaced"] is True
    assert replaced.json()["features"] == 0
    listed = http.get(f"/api/samples/{sample_id}/functions").json()
    assert sorted((t["kind"], t["filename"]) for t in listed) == [
        ("metacyc_pathway/abundance", RUN_PATHWAYS.name),
        ("uniref50/abundance", DEMO_GENES.name),
    ]
    # Both uploads came before the worker ran: one rebuild, with both tables.
    assert portal.run_jobs() == 1
    rebuilt = _report(http, sample_id)
    assert sorted(t["source_file"] for t in rebuilt["functions"]["tables"]) == sorted(
        [RUN_PATHWAYS.name, DEMO_GENES.name]
    )
    # Our run's pathway table holds no pathway and UniRef50 families are not regrouped: nothing is
    # measured, so no guild is replaced (an empty table is not "not detected").
    assert _guild(rebuilt, "guild_butyrate_producers")["superseded_by"] == []
    assert "humann_regroup_table" in (rebuilt["functions"]["hint"] or "")

    # Removing a table (given by mistake) rebuilds the report without it.
    genes_id = next(t["id"] for t in listed if t["kind"] == "uniref50/abundance")
    pathways_id = next(t["id"] for t in listed if t["kind"] != "uniref50/abundance")
    bob = portal.login("bob@clinic.test")
    assert bob.delete(f"/api/samples/{sample_id}/functions/{genes_id}").status_code == 404
    assert http.delete(f"/api/samples/{sample_id}/functions/999999").status_code == 404
    assert http.delete(f"/api/samples/{sample_id}/functions/{genes_id}").status_code == 204
    assert http.delete(f"/api/samples/{sample_id}/functions/{pathways_id}").status_code == 204
    assert http.get(f"/api/samples/{sample_id}/functions").json() == []
    with transaction(make_sessionmaker(portal.engine)) as db:
        sample = db.get(Sample, sample_id)
        assert sample is not None and sample.status == "queued"
        assert sample.rebuild_reason is not None and "removed on" in sample.rebuild_reason
    assert portal.run_jobs() == 1
    assert _report(http, sample_id)["functions"] is None


def test_bad_tables_are_refused_with_the_readers_one_line_reason(portal: Portal) -> None:
    http = portal.login("alice@clinic.test")
    _client_id, sample_id = client_with_sample(http, "Refused")
    # A taxonomic profile is not a HUMAnN table: the reader names the file and line 1.
    wrong = _upload(http, sample_id, DEMO_PROFILE)
    assert wrong.status_code == 422
    detail = wrong.json()["detail"]
    assert detail.startswith(f"{DEMO_PROFILE.name}:1: expected a HUMAnN header line")
    assert "\n" not in detail and "/tmp" not in detail and "mmm-upload" not in detail
    # A joined table whose columns are other samples: refused, naming them.
    joined = _upload(http, sample_id, JOINED)
    assert joined.status_code == 422
    assert (
        "holds 2 samples (sample1, sample2) and none is named 'Subj001_time1_S1'"
        in (joined.json()["detail"])
    )
    # A row with a word where a number belongs: file and line (line 3 of the demo table, edited).
    lines = DEMO_PATHWAYS.read_text().splitlines()
    lines[2] = lines[2].split("\t")[0] + "\tmany"
    broken = http.post(
        f"/api/samples/{sample_id}/functions",
        files={"file": ("../../broken table.tsv", "\n".join(lines).encode())},
    )
    assert broken.status_code == 422
    assert broken.json()["detail"].startswith("broken_table.tsv:3:")
    # Over the upload limit (2 MB here): 413 before the reader runs.
    big = http.post(
        f"/api/samples/{sample_id}/functions",
        files={"file": ("big.tsv", b"#" * (2 * 1024 * 1024 + 1))},
    )
    assert big.status_code == 413
    # Nothing was stored, and no rebuild was queued by the refusals.
    assert http.get(f"/api/samples/{sample_id}/functions").json() == []
    with transaction(make_sessionmaker(portal.engine)) as db:
        assert db.query(FunctionalTable).count() == 0
    # Another practitioner's sample: 404; no session: 401.
    bob = portal.login("bob@clinic.test")
    assert _upload(bob, sample_id, DEMO_PATHWAYS).status_code == 404
    assert bob.get(f"/api/samples/{sample_id}/functions").status_code == 404
    assert _upload(portal.client(), sample_id, DEMO_PATHWAYS).status_code == 401


def test_sample_page_takes_a_humann_table_and_confirms(portal: Portal) -> None:
    http = portal.login("alice@clinic.test")
    client_id, sample_id = client_with_sample(http, "Page")
    assert portal.run_jobs() == 1
    assert "none: inferred from species" in http.get(f"/clients/{client_id}").text
    page = http.get(f"/samples/{sample_id}").text
    assert "None given: digestive function in the report is inferred from species." in page
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    with open(DEMO_PATHWAYS, "rb") as handle:
        saved = http.post(
            f"/samples/{sample_id}/functions",
            data={"csrf": csrf},
            files={"file": (DEMO_PATHWAYS.name, handle)},
            follow_redirects=False,
        )
    assert saved.status_code == 303
    # The demo table names its sample 'demo': used (single-sample table), with a warning.
    assert saved.headers["location"] == (
        f"/samples/{sample_id}?done=functions,functions-other-name,rebuild-one#functions"
    )
    shown = http.get(saved.headers["location"]).text
    client_page = http.get(f"/clients/{client_id}").text
    assert "<td>MetaCyc pathways</td>" in client_page
    assert "Functional profile (HUMAnN table) saved. Note: the table names another sample" in shown
    assert "The report will be rebuilt with it (queued)." in shown
    assert "This report is outdated: HUMAnN table (MetaCyc pathways) added on" in shown
    assert f"<td>{DEMO_PATHWAYS.name}</td><td>demo_Abundance</td><td>RPK</td><td>27</td>" in shown
    with open(DEMO_PROFILE, "rb") as handle:
        refused = http.post(
            f"/samples/{sample_id}/functions",
            data={"csrf": csrf},
            files={"file": (DEMO_PROFILE.name, handle)},
        )
    assert refused.status_code == 422
    assert f"{DEMO_PROFILE.name}:1: expected a HUMAnN header line" in refused.text
    # Without the form's CSRF token nothing is stored.
    with open(DEMO_GENES, "rb") as handle:
        forged = http.post(
            f"/samples/{sample_id}/functions", files={"file": (DEMO_GENES.name, handle)}
        )
    assert forged.status_code == 403
    assert [t["kind"] for t in http.get(f"/api/samples/{sample_id}/functions").json()] == [
        "metacyc_pathway/abundance"
    ]
    # Remove it from the page: the form names the table; a forged form removes nothing.
    table_id = http.get(f"/api/samples/{sample_id}/functions").json()[0]["id"]
    action = f"/samples/{sample_id}/functions/{table_id}/remove"
    assert f'action="{action}"' in shown
    assert http.post(action, follow_redirects=False).status_code == 403
    removed = http.post(action, data={"csrf": csrf}, follow_redirects=False)
    assert removed.status_code == 303
    assert removed.headers["location"] == (
        f"/samples/{sample_id}?done=functions-removed,rebuild-without#functions"
    )
    assert http.get(f"/api/samples/{sample_id}/functions").json() == []


def test_functional_upload_without_login_is_refused_before_its_body(sqlite_url: str) -> None:
    portal = make_portal(sqlite_url)
    with LiveServer(portal.app) as live:
        status, seconds = live.raw(
            "POST /api/samples/1/functions HTTP/1.1\nHost: x\n"
            "Content-Type: multipart/form-data; boundary=b\nContent-Length: 4000000\n"
        )
        assert status == 401 and seconds < 3
        status, _ = live.raw(
            "POST /samples/1/functions HTTP/1.1\nHost: x\n"
            "Content-Type: multipart/form-data; boundary=b\nContent-Length: 4000000\n"
        )
        assert status == 303
    portal.engine.dispose()


def test_migration_0005_upgrades_an_0004_database_and_downgrades(database_url: str) -> None:
    from alembic import command
    from sqlalchemy import inspect

    from microbiomix.web.db import _alembic_config, current_revision, make_engine

    engine = make_engine(database_url)

    def to(revision: str, down: bool = False) -> None:
        config = _alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            (command.downgrade if down else command.upgrade)(config, revision)

    to("0004")
    assert "functional_tables" not in inspect(engine).get_table_names()
    to("0005")
    assert current_revision(engine) == "0005"
    columns = {c["name"] for c in inspect(engine).get_columns("functional_tables")}
    assert {"sample_id", "kind", "content", "sample_column", "unit", "features"} <= columns
    to("0004", down=True)
    assert "functional_tables" not in inspect(engine).get_table_names()
    assert current_revision(engine) == "0004"
    engine.dispose()
