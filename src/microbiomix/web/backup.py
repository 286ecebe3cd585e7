"""Backup and restore of the whole portal database as one gzip-compressed JSON document.

Rows are written table by table in dependency order; bytes are base64, times ISO 8601. A backup
records the schema revision, and restore refuses a backup from another revision.
"""

from __future__ import annotations

import base64
import gzip
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, Engine, LargeBinary, Table, delete, func, insert, select, text

from microbiomix import __version__
from microbiomix.errors import InputError, UsageError
from microbiomix.outputs import atomic_writer
from microbiomix.web.db import current_revision, head_revision, migrate
from microbiomix.web.models import TABLES_IN_ORDER, Base

FORMAT_TAG = "microbiomix-portal-backup"
FORMAT_VERSION = 1


def _table(model: Any) -> Table:
    return Base.metadata.tables[model.__tablename__]


def _encode(value: Any) -> Any:
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def dump(engine: Engine) -> dict[str, Any]:
    """Every row of every table, as plain JSON values."""
    tables: dict[str, list[dict[str, Any]]] = {}
    with engine.connect() as connection:
        for model in TABLES_IN_ORDER:
            table = _table(model)
            primary = list(table.primary_key.columns)
            rows = connection.execute(select(table).order_by(*primary)).mappings()
            tables[table.name] = [{k: _encode(v) for k, v in row.items()} for row in rows]
    return {
        "tool": FORMAT_TAG,
        "format_version": FORMAT_VERSION,
        "microbiomix_version": __version__,
        "schema_revision": current_revision(engine),
        "tables": tables,
    }


def write_backup(engine: Engine, path: str | Path) -> dict[str, int]:
    """Write the backup file atomically; returns the row count per table."""
    document = dump(engine)
    payload = json.dumps(document, sort_keys=True).encode("utf-8")
    with atomic_writer(path, "wb") as handle:
        handle.write(gzip.compress(payload, mtime=0))
    return {name: len(rows) for name, rows in document["tables"].items()}


def read_backup(path: str | Path) -> dict[str, Any]:
    try:
        raw = gzip.decompress(Path(path).read_bytes())
        document = json.loads(raw)
    except (OSError, EOFError, ValueError):
        raise InputError(
            path, None, "not a microbiomix portal backup (gzip-compressed JSON)"
        ) from None
    if not isinstance(document, dict) or document.get("tool") != FORMAT_TAG:
        raise InputError(path, None, f"not a microbiomix portal backup (no tool {FORMAT_TAG!r})")
    if document.get("format_version") != FORMAT_VERSION:
        raise InputError(path, None, f"backup format version {FORMAT_VERSION} expected")
    return document


def _decode_row(model: Any, row: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for column in _table(model).columns:
        value = row.get(column.name)
        if value is not None and isinstance(column.type, LargeBinary):
            value = base64.b64decode(value)
        elif value is not None and isinstance(column.type, DateTime):
            value = datetime.fromisoformat(value)
        out[column.name] = value
    return out


def restore(
    engine: Engine, document: dict[str, Any], path: str | Path, replace: bool = False
) -> dict[str, int]:
    """Load a backup into the database at ``engine`` (migrated first); it must be empty unless
    ``replace``, in which case everything in it is deleted first, in one transaction."""
    migrate(engine)
    if document.get("schema_revision") != head_revision():
        raise InputError(
            path,
            None,
            f"backup has schema revision {document.get('schema_revision')!r}; this version "
            f"restores revision {head_revision()!r}",
        )
    tables = document.get("tables")
    if not isinstance(tables, dict):
        raise InputError(path, None, "backup has no tables")
    counts = {}
    with engine.begin() as connection:
        existing = sum(
            connection.scalar(select(func.count()).select_from(m.__table__)) or 0
            for m in TABLES_IN_ORDER
        )
        if existing and not replace:
            raise UsageError("the database is not empty; restore with --replace to overwrite it")
        for model in reversed(TABLES_IN_ORDER):
            connection.execute(delete(_table(model)))
        for model in TABLES_IN_ORDER:
            table = _table(model)
            rows = [_decode_row(model, row) for row in tables.get(table.name, [])]
            if rows:
                connection.execute(insert(table), rows)
            counts[table.name] = len(rows)
            if connection.dialect.name == "postgresql" and "id" in table.columns:
                connection.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                    )
                )
    return counts
