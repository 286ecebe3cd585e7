"""Limits before work, login abuse and storage faults (issue 16), against real servers/databases.

Expected values come from the limits themselves (test settings: 2 MB uploads, 5 free login
failures), never from running the code first.
"""

from __future__ import annotations

import gzip
import json
import socket
import stat
import threading
import time
import tracemalloc
import uuid
import zlib
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Self

import pytest
import uvicorn
from sqlalchemy import event, select, text, update

from microbiomix.cli import main
from microbiomix.errors import InputError
from microbiomix.web.api.routes.auth import client_address
from microbiomix.web.backup import read_backup, restore, write_backup
from microbiomix.web.db import make_engine, make_sessionmaker, transaction
from microbiomix.web.models import AuditEvent, Job, LoginThrottle, Sample, utcnow
from microbiomix.web.security import MAX_DELAY_SECONDS, delay_after
from microbiomix.web.uploads import UploadRejected, check_profile

from .conftest import DEMO_PROFILE, PASSWORD, Portal, client_with_sample, make_portal

WRONG = {"email": "alice@clinic.test", "password": "not the password"}
RIGHT = {"email": "alice@clinic.test", "password": PASSWORD}


# --- limits before work ------------------------------------------------------------------------


class LiveServer:
    """The app on a real loopback socket (uvicorn in a thread), for raw HTTP."""

    def __init__(self, app: object) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")  # type: ignore[arg-type]
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Self:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)

    def raw(self, head: str, body: bytes = b"", timeout: float = 5.0) -> tuple[int, float]:
        """Send the request head (and ``body``), then only wait: (status, seconds to answer)."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as sock:
            started = time.monotonic()
            sock.sendall(head.replace("\n", "\r\n").encode() + b"\r\n" + body)
            answer = sock.recv(4096)
            return int(answer.split(b" ")[1]), time.monotonic() - started


def test_multipart_without_login_is_refused_before_its_body_is_read(sqlite_url: str) -> None:
    portal = make_portal(sqlite_url)
    with LiveServer(portal.app) as live:
        # Announce 4 MB (under the 2 x 2 MB + 64 KiB cap) and send none of it: the answer must
        # come without waiting for the body.
        status, seconds = live.raw(
            "POST /api/clients/1/samples HTTP/1.1\nHost: x\n"
            "Content-Type: multipart/form-data; boundary=b\nContent-Length: 4000000\n"
        )
        assert status == 401 and seconds < 3
        status, _ = live.raw(
            "POST /clients/1/samples HTTP/1.1\nHost: x\n"
            "Content-Type: multipart/form-data; boundary=b\nContent-Length: 4000000\n"
        )
        assert status == 303  # pages send the visitor to the login form
        # 1.5 GB is refused from its Content-Length alone, logged in or not.
        status, seconds = live.raw(
            "POST /api/clients/1/samples HTTP/1.1\nHost: x\n"
            "Content-Type: multipart/form-data; boundary=b\nContent-Length: 1610612736\n"
        )
        assert status in (401, 413) and seconds < 3
        # Logged in, a body beyond 2 x 2 MB + 64 KiB is refused from its Content-Length alone.
        http = portal.login("alice@clinic.test")
        cookie = f"mmm_session={http.cookies['mmm_session']}"
        status, seconds = live.raw(
            "POST /api/clients/1/samples HTTP/1.1\nHost: x\nCookie: " + cookie + "\n"
            "Content-Type: multipart/form-data; boundary=b\nContent-Length: 1610612736\n"
        )
        assert status == 413 and seconds < 3
        # A JSON or form body over 1 MiB is refused before parsing, even when logged in.
        status, _ = live.raw(
            "POST /api/clients HTTP/1.1\nHost: x\nCookie: " + cookie + "\n"
            "Content-Type: application/json\nContent-Length: 2000000\n"
        )
        assert status == 413
    portal.engine.dispose()


def test_chunked_body_over_the_cap_is_cut_off(portal: Portal) -> None:
    http = portal.login("alice@clinic.test")

    def chunks():  # type: ignore[no-untyped-def]
        yield b'{"name": "'
        for _ in range(3):
            yield b"x" * 512 * 1024  # no Content-Length: counted as it arrives
        yield b'"}'

    response = http.post(
        "/api/clients", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert http.get("/api/clients").json() == []


def _gzip_of_zeros(megabytes: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: gzip wrapper
    block = bytes(1024 * 1024)
    parts = [packer.compress(block) for _ in range(megabytes)]
    return b"".join(parts) + packer.flush()


def test_gzip_bomb_is_refused_with_bounded_memory() -> None:
    bomb = _gzip_of_zeros(1024)  # 1 GiB of zeros in about 1 MB
    assert len(bomb) < 1_100_000
    tracemalloc.start()
    with pytest.raises(UploadRejected, match="decompresses to more than 20 MB"):
        check_profile("profile.txt.gz", bomb, max_bytes=2 * 1024 * 1024)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 40 * 1024 * 1024


def _deep_json(levels: int) -> bytes:
    return ('{"demographics": ' + '{"a": ' * levels + "1" + "}" * levels + "}").encode()


def test_deeply_nested_intake_is_422_and_cli_exit_2(portal: Portal, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    http = portal.login("alice@clinic.test")
    client_id = http.post("/api/clients", json={"name": "N"}).json()["id"]
    response = http.post(
        f"/api/clients/{client_id}/intake", files={"file": ("intake.json", _deep_json(5000))}
    )
    assert response.status_code == 422
    assert "more than 20 levels deep" in response.json()["detail"]
    huge = b'{"demographics": {"age": 40}, "notes": "' + b"x" * 1_100_000 + b'"}'
    response = http.post(f"/api/clients/{client_id}/intake", files={"file": ("i.json", huge)})
    assert response.status_code == 422 and "larger than" in response.json()["detail"]

    deep = tmp_path / "deep.json"
    deep.write_bytes(_deep_json(5000))
    assert main(["interpret", "--intake", str(deep)]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "more than 20 levels deep" in err and "deep.json" in err
    # YAML nested by indentation gets the same answer.
    nested = tmp_path / "deep.yaml"
    nested.write_text(
        "demographics:\n"
        + "".join("  " * i + f"k{i}:\n" for i in range(1, 40))
        + "  " * 40
        + "x: 1\n"
    )
    assert main(["interpret", "--intake", str(nested)]) == 2
    assert "more than 20 levels deep" in capsys.readouterr().err


# --- login abuse -------------------------------------------------------------------------------


def test_parallel_wrong_passwords_are_counted_atomically(portal: Portal) -> None:
    def attempt(_: int) -> int:
        return portal.client().post("/api/auth/login", json=WRONG).status_code

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(attempt, range(60)))
    # login_max_failures=5: exactly five passwords are checked (401), the rest wait (429).
    assert statuses.count(401) == 5, statuses
    assert statuses.count(429) == 55


def test_a_stranger_slows_an_account_down_but_cannot_lock_it_out(portal: Portal) -> None:
    assert [delay_after(n, 5) for n in (0, 4, 5, 6, 7, 20)] == [0, 0, 1, 2, 4, 60]
    stranger = portal.client()
    for _ in range(30):
        response = stranger.post("/api/auth/login", json=WRONG)
        if response.status_code == 429:
            assert 1 <= int(response.headers["Retry-After"]) <= MAX_DELAY_SECONDS
        with transaction(make_sessionmaker(portal.engine)) as db:  # the wait passes
            db.execute(update(LoginThrottle).values(not_before=utcnow() - timedelta(hours=1)))
    assert stranger.post("/api/auth/login", json=WRONG).status_code == 401  # the last was checked
    # However long the stranger went on, the owner waits at most a minute, then gets in.
    owner = portal.client()
    response = owner.post("/api/auth/login", json=RIGHT)
    assert response.status_code == 429 and int(response.headers["Retry-After"]) <= 60
    with transaction(make_sessionmaker(portal.engine)) as db:
        db.execute(update(LoginThrottle).values(not_before=utcnow() - timedelta(hours=1)))
    assert owner.post("/api/auth/login", json=RIGHT).status_code == 200
    # ... and the account starts afresh.
    with transaction(make_sessionmaker(portal.engine)) as db:
        rows = db.scalars(select(LoginThrottle.failures)).all()
    assert 0 in rows


def _scope(peer: str, forwarded: str | None, trusted: str) -> object:
    from starlette.requests import Request

    from microbiomix.web.settings import parse_networks

    from .conftest import settings_for

    class _State:
        settings = settings_for("sqlite://", trusted_proxies=parse_networks(trusted))

    class _App:
        state = _State()

    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    return Request({"type": "http", "client": (peer, 5000), "headers": headers, "app": _App()})


def test_forwarded_for_is_believed_only_from_trusted_proxies() -> None:
    # No trusted proxy configured: the header is anyone's to write, so it is ignored.
    assert client_address(_scope("203.0.113.9", "198.51.100.1", "")) == "203.0.113.9"  # type: ignore[arg-type]
    # Behind 10.0.0.0/8: the nearest address that is not a proxy.
    trusted = "10.0.0.0/8"
    assert client_address(_scope("10.0.0.2", "198.51.100.1, 10.0.0.7", trusted)) == "198.51.100.1"  # type: ignore[arg-type]
    # A client prepending a fake address cannot choose its key: the proxy appends the real one.
    assert client_address(_scope("10.0.0.2", "1.1.1.1, 198.51.100.1", trusted)) == "198.51.100.1"  # type: ignore[arg-type]
    # A peer outside the trusted networks is used as is.
    assert client_address(_scope("192.0.2.5", "198.51.100.1", trusted)) == "192.0.2.5"  # type: ignore[arg-type]


# --- storage faults ----------------------------------------------------------------------------


def _limit_pages(portal: Portal, pragma: str | None) -> None:
    """Every new connection runs ``pragma`` (None: none); existing ones are dropped."""
    engine = portal.engine
    for listener in getattr(portal, "_listeners", []):
        event.remove(engine, "connect", listener)
    portal._listeners = []  # type: ignore[attr-defined]
    if pragma is not None:

        def _apply(connection, _record) -> None:  # type: ignore[no-untyped-def]
            connection.execute(pragma)

        event.listen(engine, "connect", _apply)
        portal._listeners.append(_apply)  # type: ignore[attr-defined]
    engine.dispose()


def test_full_disk_gives_507_reads_keep_working_and_queued_work_resumes(sqlite_url: str) -> None:
    portal = make_portal(sqlite_url)
    http = portal.login("alice@clinic.test")
    client_id, sample_id = client_with_sample(http, "Full Disk")
    with portal.engine.connect() as connection:
        pages = connection.execute(text("PRAGMA page_count")).scalar()
    _limit_pages(portal, f"PRAGMA max_page_count={pages}")  # SQLite's own "disk is full"

    with open(DEMO_PROFILE, "rb") as handle:
        response = http.post(
            f"/clients/{client_id}/samples",
            files={"file": ("p.txt", handle)},
            data={"csrf": _csrf(http, client_id)},
        )
    assert response.status_code == 507
    assert "Storage is full" in response.text and "nothing was saved" in response.text
    api = http.post("/api/clients", json={"name": "x" * 150 * 1000})
    assert api.status_code in (422, 507)
    # Read-only pages keep working (their audit rows wait in the writer).
    assert http.get(f"/clients/{client_id}").status_code == 200
    assert http.get("/").status_code == 200
    # The queued report cannot be stored: the job goes back to the queue, uncounted.
    from microbiomix.web.jobs import worker_for

    worker = worker_for(portal.app.state.settings, make_sessionmaker(portal.engine))  # type: ignore[attr-defined]
    worker.fault_pause_seconds = 0
    assert worker.run_once()
    with transaction(make_sessionmaker(portal.engine)) as db:
        job = db.scalars(select(Job).where(Job.sample_id == sample_id)).one()
        assert (job.state, job.attempts) == ("queued", 0)
        assert db.get(Sample, sample_id).report_json is None  # type: ignore[union-attr]
        assert (
            db.scalar(select(Sample).where(Sample.client_id == client_id, Sample.id != sample_id))
            is None
        )

    _limit_pages(portal, None)  # space returns
    assert portal.run_jobs() == 1
    with transaction(make_sessionmaker(portal.engine)) as db:
        assert db.get(Sample, sample_id).status == "ready"  # type: ignore[union-attr]
    portal.app.state.audit.flush()  # type: ignore[attr-defined]
    with transaction(make_sessionmaker(portal.engine)) as db:
        views = db.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "view", AuditEvent.record_type == "client"
            )
        ).all()
    assert len(views) >= 1  # the view made while the disk was full was written afterwards
    portal.engine.dispose()


def _csrf(http, client_id: int) -> str:  # type: ignore[no-untyped-def]
    import re

    page = http.get(f"/clients/{client_id}").text
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found
    return found.group(1)


def test_read_only_storage_gives_503_and_reads_keep_working(sqlite_url: str) -> None:
    portal = make_portal(sqlite_url)
    http = portal.login("alice@clinic.test")
    client_id, _ = client_with_sample(http, "Read Only")
    _limit_pages(portal, "PRAGMA query_only=ON")
    response = http.post("/clients", data={"name": "New", "csrf": _csrf(http, client_id)})
    assert response.status_code == 503 and "read-only" in response.text
    assert http.post("/api/clients", json={"name": "New"}).status_code == 503
    assert http.get(f"/clients/{client_id}").status_code == 200
    _limit_pages(portal, None)
    portal.engine.dispose()


# --- backup and restore ------------------------------------------------------------------------


def _backup_of_a_portal(url: str, folder: Path) -> Path:
    portal = make_portal(url)
    http = portal.login("alice@clinic.test")
    client_with_sample(http, "Backed Up")
    portal.run_jobs()
    portal.engine.dispose()
    path = folder / "portal.backup"
    write_backup(make_engine(url), path)
    return path


def _rewrite(path: Path, change, keep_checksum: bool = False) -> Path:  # type: ignore[no-untyped-def]
    from microbiomix.web.backup import checksum

    document = json.loads(gzip.decompress(path.read_bytes()))
    change(document)
    if not keep_checksum:
        document["checksum"] = checksum(document)
    out = path.with_name(f"edited-{uuid.uuid4().hex[:6]}.backup")
    out.write_bytes(gzip.compress(json.dumps(document).encode()))
    return out


def test_backup_is_private_and_restore_checks_everything_first(
    sqlite_url: str, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    path = _backup_of_a_portal(sqlite_url, tmp_path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "portal.db").stat().st_mode) == 0o600
    document = read_backup(path)
    assert document["checksum"].startswith("sha256:") and document["format_version"] == 2

    def bad_type(d):  # type: ignore[no-untyped-def]
        d["tables"]["samples"][0]["client_id"] = "one"

    def unknown(d):  # type: ignore[no-untyped-def]
        d["tables"]["clients"][0]["shoe_size"] = 43

    def dangling(d):  # type: ignore[no-untyped-def]
        d["tables"]["samples"][0]["client_id"] = 999

    target_url = f"sqlite:///{tmp_path / 'target.db'}"
    for change, message in (
        (bad_type, "table samples, row 1, column client_id: expected a whole number"),
        (unknown, "table clients, row 1: unknown column 'shoe_size'"),
    ):
        edited = _rewrite(path, change)
        with pytest.raises(InputError, match=message):
            read_backup(edited)
    # A valid backup whose rows do not fit together is refused whole, nothing half-restored.
    target = make_engine(target_url)
    with pytest.raises(InputError, match="rows do not fit together"):
        restore(target, read_backup(_rewrite(path, dangling)), "x")
    with target.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM users")).scalar() == 0
    # An edit that keeps the old checksum is caught.
    tampered = _rewrite(path, bad_type, keep_checksum=True)
    with pytest.raises(InputError, match="checksum does not match"):
        read_backup(tampered)
    # The command line: exit 2 and one line.
    import os

    os.environ["DATABASE_URL"] = target_url
    try:
        assert main(["portal", "restore", str(_rewrite(path, unknown))]) == 2
    finally:
        del os.environ["DATABASE_URL"]
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "unknown column 'shoe_size'" in err
    target.dispose()


def test_file_names_from_the_database_are_sanitised_at_every_join(
    sqlite_url: str, tmp_path: Path
) -> None:
    import tempfile

    portal = make_portal(sqlite_url)
    http = portal.login("alice@clinic.test")
    _client_id, sample_id = client_with_sample(http, "Crafted")
    escape = f"escape-{uuid.uuid4().hex}.txt"
    with transaction(make_sessionmaker(portal.engine)) as db:
        db.execute(update(Sample).where(Sample.id == sample_id).values(filename=f"../../{escape}"))
    assert portal.run_jobs() == 1
    with transaction(make_sessionmaker(portal.engine)) as db:
        assert db.get(Sample, sample_id).status == "ready"  # type: ignore[union-attr]
    temp = Path(tempfile.gettempdir())
    assert not (temp / escape).exists() and not (temp.parent / escape).exists()
    portal.engine.dispose()


def test_database_file_is_created_private(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new' / 'portal.db'}"
    portal = make_portal(url)
    assert stat.S_IMODE((tmp_path / "new" / "portal.db").stat().st_mode) == 0o600
    portal.engine.dispose()
