"""Backup then restore gives identical data; the command line creates users and runs both."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from microbiomix.cli import main
from microbiomix.web.backup import dump, read_backup, restore, write_backup
from microbiomix.web.db import make_engine

from .conftest import client_with_sample, make_portal


def _populate(url: str) -> None:
    portal = make_portal(url)
    http = portal.login("alice@clinic.test")
    _, sample_id = client_with_sample(http, "Zoë Ünicode")
    portal.run_jobs()
    humann = Path(__file__).parents[1] / "data" / "humann" / "humann39_tests_demo_pathabundance.tsv"
    with open(humann, "rb") as handle:  # a functional profile (binary content in the backup)
        added = http.post(f"/api/samples/{sample_id}/functions", files={"file": handle})
    assert added.status_code == 201, added.text
    portal.run_jobs()
    http.post(f"/api/samples/{sample_id}/plan-accept-all")
    assert http.post(f"/api/samples/{sample_id}/shares", json={"days": 2}).status_code == 201
    portal.engine.dispose()


def test_backup_then_restore_gives_identical_data(database_url: str, tmp_path: Path) -> None:
    _populate(database_url)
    source = make_engine(database_url)
    before = dump(source)
    assert len(before["tables"]["samples"]) == 1
    assert before["tables"]["samples"][0]["report_json"]
    assert len(before["tables"]["functional_tables"]) == 1
    path = tmp_path / "portal.backup"
    write_backup(source, path)
    # Restore into a brand-new, empty SQLite database ...
    target = make_engine(f"sqlite:///{tmp_path / 'restored.db'}")
    restore(target, read_backup(path), path)
    assert dump(target)["tables"] == before["tables"]
    # ... and over the original database itself (which must be asked for).
    from microbiomix.errors import UsageError

    with pytest.raises(UsageError, match="not empty"):
        restore(source, read_backup(path), path)
    restore(source, read_backup(path), path, replace=True)
    assert dump(source)["tables"] == before["tables"]
    source.dispose()
    target.dispose()


def test_portal_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough password\n"))
    assert main(["portal", "create-user", "Carol@Clinic.test", "--password-stdin"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough password\n"))
    assert main(["portal", "create-user", "carol@clinic.test", "--password-stdin"]) == 2
    assert "exists already" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["portal", "create-user", "dan@clinic.test", "--password-stdin"]) == 2

    backup = tmp_path / "b.json.gz"
    assert main(["portal", "backup", str(backup)]) == 0
    users = read_backup(backup)["tables"]["users"]
    assert [u["email"] for u in users] == ["carol@clinic.test"]
    assert users[0]["password_hash"].startswith("$argon2id$")

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'other.db'}")
    assert main(["portal", "restore", str(backup)]) == 0
    assert main(["portal", "restore", str(backup)]) == 2  # not empty any more
    again = tmp_path / "again.json.gz"
    assert main(["portal", "backup", str(again)]) == 0
    assert read_backup(again)["tables"] == read_backup(backup)["tables"]

    bad = tmp_path / "bad.gz"
    bad.write_text("not a backup")
    assert main(["portal", "restore", str(bad)]) == 2
    assert "not a microbiomix portal backup" in capsys.readouterr().err
    json.dumps(read_backup(backup))  # plain JSON all the way down
