"""Portal fixtures: a throwaway database (SQLite, or a real PostgreSQL server started here), an app
on it, practitioners, and a way to run the queued jobs."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, text

from microbiomix.web.app import create_app
from microbiomix.web.db import make_engine, make_sessionmaker, migrate, transaction
from microbiomix.web.jobs import worker_for
from microbiomix.web.models import User
from microbiomix.web.security import hash_password
from microbiomix.web.settings import Settings

EXAMPLES = Path(__file__).parents[2] / "src" / "microbiomix" / "examples"
DEMO_PROFILE = EXAMPLES / "Subj001_time1_S1.metaphlan3.txt"
DEMO_PROFILE_2 = EXAMPLES / "Subj001_time2_S2.metaphlan3.txt"
PASSWORD = "correct horse battery staple"


def _pg_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return found[-1].parent if found else None


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A PostgreSQL server in a temporary folder, listening on a Unix socket only."""
    bindir = _pg_bin()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries are not installed (Debian package postgresql)")
    folder = Path(tempfile.mkdtemp(prefix="mmm-pg-"))
    data, sock = folder / "data", folder / "sock"
    sock.mkdir()
    prefix: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        shutil.chown(folder, "postgres")
        shutil.chown(sock, "postgres")
        folder.chmod(0o755)
        prefix = ["runuser", "-u", "postgres", "--"]
    run = lambda *args: subprocess.run([*prefix, *args], check=True, capture_output=True, text=True)
    run(str(bindir / "initdb"), "-D", str(data), "-U", "portal", "--auth=trust", "-E", "UTF8")
    run(
        str(bindir / "pg_ctl"),
        "-D",
        str(data),
        "-l",
        str(folder / "log"),
        "-w",
        "-o",
        f"-c listen_addresses='' -c unix_socket_directories={sock} -c fsync=off",
        "start",
    )
    try:
        yield f"postgresql+psycopg2://portal@/postgres?host={sock}"
    finally:
        run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(folder, ignore_errors=True)


def fresh_postgres_database(server_url: str) -> str:
    name = "t_" + uuid.uuid4().hex[:12]
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return server_url.replace("/postgres?", f"/{name}?")


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'portal.db'}"
    return fresh_postgres_database(request.getfixturevalue("postgres_server"))


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'portal.db'}"


def settings_for(url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "database_url": url,
        "secret_key": None,
        "max_upload_bytes": 2 * 1024 * 1024,
        "session_seconds": 3600,
        "cookie_secure": "0",
        "job_lease_seconds": 30.0,
        "login_max_failures": 5,
        "run_worker": False,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def add_user(engine: Engine, email: str, password: str = PASSWORD) -> int:
    with transaction(make_sessionmaker(engine)) as db:
        user = User(email=email, password_hash=hash_password(password))
        db.add(user)
        db.flush()
        return user.id


@dataclass
class Portal:
    app: object
    engine: Engine
    url: str

    def client(self) -> TestClient:
        return TestClient(self.app, base_url="http://testserver")  # type: ignore[arg-type]

    def login(self, email: str) -> TestClient:
        client = self.client()
        response = client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
        assert response.status_code == 200, response.text
        return client

    def run_jobs(self) -> int:
        """Run every queued job to completion in this process; returns how many ran."""
        worker = worker_for(self.app.state.settings, make_sessionmaker(self.engine))  # type: ignore[attr-defined]
        count = 0
        while worker.run_once():
            count += 1
        return count


def make_portal(url: str, **overrides: object) -> Portal:
    app = create_app(settings_for(url, **overrides), run_worker=False)
    engine = app.state.engine
    add_user(engine, "alice@clinic.test")
    add_user(engine, "bob@clinic.test")
    return Portal(app=app, engine=engine, url=url)


@pytest.fixture
def portal(database_url: str) -> Iterator[Portal]:
    built = make_portal(database_url)
    yield built
    built.engine.dispose()


def wait_for(predicate, timeout: float = 30.0, every: float = 0.1):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError("timed out waiting")


__all__ = ["make_engine", "migrate"]


def client_with_sample(
    http: TestClient, name: str = "Client", path: Path = DEMO_PROFILE
) -> tuple[int, int]:
    """Through the API: a new client with one uploaded profile; returns (client id, sample id)."""
    response = http.post("/api/clients", json={"name": name})
    assert response.status_code == 201, response.text
    client_id = int(response.json()["id"])
    with open(path, "rb") as handle:
        upload = http.post(f"/api/clients/{client_id}/samples", files={"file": (path.name, handle)})
    assert upload.status_code == 201, upload.text
    return client_id, int(upload.json()["id"])
