"""Engine, sessions and migrations."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, make_url, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from microbiomix.web.models import PortalSetting


def make_engine(url: str, threads: int = 16) -> Engine:
    """An engine for ``url`` whose pool holds a connection for each of ``threads`` request
    threads plus the job worker and the audit writer. SQLite gets foreign keys, WAL and a busy
    timeout; its database file (and so its WAL files) is private to the owner (0600)."""
    pool: dict[str, int] = {"pool_size": threads + 4, "max_overflow": threads, "pool_timeout": 30}
    if url.startswith("sqlite"):
        if not _private_sqlite_file(url):
            pool = {}  # an in-memory database keeps SQLAlchemy's single-connection pool
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, **pool
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True, **pool)


def _private_sqlite_file(url: str) -> bool:
    """Create the database file 0600 before SQLite does (it would follow the umask, usually
    0644: world-readable password hashes and client data), and tighten an existing one."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return False
    path = Path(database)
    if path.exists():
        for suffix in ("", "-wal", "-shm"):
            sibling = path.with_name(path.name + suffix)
            if sibling.exists() and sibling.stat().st_mode & 0o077:
                sibling.chmod(0o600)
        return True
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    return True


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("microbiomix.web") / "migrations")
    )
    return config


def migrate(engine: Engine) -> None:
    """Bring the database schema to the newest migration."""
    config = _alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def head_revision() -> str:
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    with factory() as session, session.begin():
        yield session


def secret_key(factory: sessionmaker[Session], configured: str | None) -> str:
    """The configured key, or the one stored with the database (generated on first use)."""
    if configured:
        return configured
    with transaction(factory) as session:
        row = session.get(PortalSetting, "secret_key")
        if row is not None:
            return row.value
    try:
        with transaction(factory) as session:
            session.add(PortalSetting(key="secret_key", value=secrets.token_urlsafe(48)))
    except IntegrityError:
        pass  # another process stored one first; read theirs below
    with transaction(factory) as session:
        stored = session.scalar(
            select(PortalSetting.value).where(PortalSetting.key == "secret_key")
        )
        assert stored is not None
        return stored
