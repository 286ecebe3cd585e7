"""Backup and restore of the whole portal database as one gzip-compressed JSON document.

Rows are written table by table in dependency order; bytes are base64, times ISO 8601. A backup
records the schema revision and a SHA-256 checksum of its content; restore refuses a backup from
another revision, one whose checksum does not match, and one whose rows do not fit the tables'
columns (every row is checked before the database is touched). The file is created 0600: it holds
password hashes, the secret key and all client data.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import hashlib
import io
import json
import os
import tempfile
import zlib
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Engine,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    delete,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.exc import IntegrityError

from microbiomix import __version__
from microbiomix.errors import InputError, UsageError
from microbiomix.web.db import current_revision, head_revision, migrate
from microbiomix.web.models import TABLES_IN_ORDER, Base

FORMAT_TAG = "microbiomix-portal-backup"
FORMAT_VERSION = 2  # 2: with "checksum"; version 1 backups (no checksum) are still read
# A backup inflates to at most this many times its file size (JSON of base64 compresses ~2-10x).
INFLATE_FACTOR = 100
_CHUNK = 1 << 20


def _table(model: Any) -> Table:
    return Base.metadata.tables[model.__tablename__]


def _encode(value: Any) -> Any:
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def checksum(document: dict[str, Any]) -> str:
    """SHA-256 of the document without its checksum, as canonical JSON."""
    body = {k: v for k, v in document.items() if k != "checksum"}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return "sha256:" + hashlib.sha256(canonical.encode("ascii")).hexdigest()


def dump(engine: Engine) -> dict[str, Any]:
    """Every row of every table, as plain JSON values."""
    tables: dict[str, list[dict[str, Any]]] = {}
    with engine.connect() as connection:
        for model in TABLES_IN_ORDER:
            table = _table(model)
            primary = list(table.primary_key.columns)
            rows = connection.execute(select(table).order_by(*primary)).mappings()
            tables[table.name] = [{k: _encode(v) for k, v in row.items()} for row in rows]
    document: dict[str, Any] = {
        "tool": FORMAT_TAG,
        "format_version": FORMAT_VERSION,
        "microbiomix_version": __version__,
        "schema_revision": current_revision(engine),
        "tables": tables,
    }
    document["checksum"] = checksum(document)
    return document


def write_backup(engine: Engine, path: str | Path) -> dict[str, int]:
    """Write the backup file atomically and readable by its owner only (0600); returns the row
    count per table."""
    document = dump(engine)
    payload = json.dumps(document, sort_keys=True).encode("utf-8")
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:  # mkstemp creates the file 0600, so it is never readable by others, not even briefly
        with os.fdopen(fd, "wb") as handle:
            handle.write(gzip.compress(payload, mtime=0))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return {name: len(rows) for name, rows in document["tables"].items()}


def _inflate(path: str | Path) -> bytes:
    """The decompressed file, refused once it grows past INFLATE_FACTOR times the file size."""
    compressed = Path(path).read_bytes()
    limit = max(INFLATE_FACTOR * len(compressed), 64 * _CHUNK)
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=io.BytesIO(compressed)) as stream:
        while chunk := stream.read(_CHUNK):
            out.write(chunk)
            if out.tell() > limit:
                raise InputError(
                    path, None, f"inflates to more than {INFLATE_FACTOR} times its size; refused"
                )
    return out.getvalue()


def read_backup(path: str | Path) -> dict[str, Any]:
    """The backup document, its checksum verified and every row checked against the tables."""
    try:
        document = json.loads(_inflate(path))
    except (OSError, EOFError, ValueError, zlib.error):
        raise InputError(
            path, None, "not a microbiomix portal backup (gzip-compressed JSON)"
        ) from None
    if not isinstance(document, dict) or document.get("tool") != FORMAT_TAG:
        raise InputError(path, None, f"not a microbiomix portal backup (no tool {FORMAT_TAG!r})")
    version = document.get("format_version")
    if version not in (1, FORMAT_VERSION):
        raise InputError(path, None, f"backup format version 1 or {FORMAT_VERSION} expected")
    if version == FORMAT_VERSION and document.get("checksum") != checksum(document):
        raise InputError(
            path, None, "checksum does not match the content: the backup is damaged or was edited"
        )
    validate(document, path)
    return document


def _column_problem(column: Any, value: Any) -> str | None:
    """What is wrong with ``value`` for ``column`` (None when it fits)."""
    if value is None:
        nullable = column.nullable and not column.primary_key
        return None if nullable else "a value is required"
    kind = column.type
    if isinstance(kind, Boolean):
        return None if isinstance(value, bool) else "expected true or false"
    if isinstance(kind, Integer):
        if isinstance(value, bool) or not isinstance(value, int):
            return "expected a whole number"
        return None if -(2**63) <= value < 2**63 else "number out of range"
    if isinstance(kind, LargeBinary):
        if not isinstance(value, str):
            return "expected base64 text"
        try:
            base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            return "expected base64 text"
        return None
    if isinstance(kind, DateTime):
        try:
            datetime.fromisoformat(value)
        except (TypeError, ValueError):
            return "expected an ISO 8601 date and time"
        return None
    if isinstance(kind, Date):
        try:
            date.fromisoformat(value)
        except (TypeError, ValueError):
            return "expected an ISO 8601 date"
        return None
    if isinstance(kind, (String, Text)):
        if not isinstance(value, str):
            return "expected text"
        length = getattr(kind, "length", None)
        if length is not None and len(value) > length:
            return f"text longer than {length} characters"
        return None
    return None


def validate(document: dict[str, Any], path: str | Path) -> None:
    """Check the whole document against the tables' columns before anything is written: known
    tables only, each a list of objects with known columns whose values fit (type, length,
    required). Raises InputError naming the first table, row and column that does not fit."""
    tables = document.get("tables")
    if not isinstance(tables, dict):
        raise InputError(path, None, "backup has no tables")
    known = {_table(model).name: _table(model) for model in TABLES_IN_ORDER}
    for name, rows in tables.items():
        table = known.get(name)
        if table is None:
            raise InputError(path, None, f"table {name!r} is not a portal table")
        if not isinstance(rows, list):
            raise InputError(path, None, f"table {name}: expected a list of rows")
        columns = {c.name: c for c in table.columns}
        keys: set[Any] = set()
        for index, row in enumerate(rows, 1):
            where = f"table {name}, row {index}"
            if not isinstance(row, dict):
                raise InputError(path, None, f"{where}: expected an object")
            unknown = sorted(set(row) - set(columns))
            if unknown:
                raise InputError(path, None, f"{where}: unknown column {unknown[0]!r}")
            for column in columns.values():
                problem = _column_problem(column, row.get(column.name))
                if problem is not None:
                    raise InputError(path, None, f"{where}, column {column.name}: {problem}")
            key = tuple(row.get(c.name) for c in table.primary_key.columns)
            if key in keys:
                raise InputError(path, None, f"{where}: duplicate key {key!r}")
            keys.add(key)


def _decode_row(model: Any, row: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for column in _table(model).columns:
        value = row.get(column.name)
        if value is not None and isinstance(column.type, LargeBinary):
            value = base64.b64decode(value)
        elif value is not None and isinstance(column.type, DateTime):
            value = datetime.fromisoformat(value)
        elif value is not None and isinstance(column.type, Date):
            value = date.fromisoformat(value)
        out[column.name] = value
    return out


def restore(
    engine: Engine, document: dict[str, Any], path: str | Path, replace: bool = False
) -> dict[str, int]:
    """Load a backup into the database at ``engine`` (migrated first); it must be empty unless
    ``replace``, in which case everything in it is deleted first, in one transaction. The document
    is checked whole before the database is touched."""
    validate(document, path)
    migrate(engine)
    if document.get("schema_revision") != head_revision():
        raise InputError(
            path,
            None,
            f"backup has schema revision {document.get('schema_revision')!r}; this version "
            f"restores revision {head_revision()!r}",
        )
    tables = document["tables"]
    counts: dict[str, int] = {}
    try:
        _load(engine, tables, replace, counts)
    except IntegrityError as exc:
        reason = str(exc.orig).splitlines()[0] if exc.orig is not None else "constraint failed"
        raise InputError(
            path, None, f"rows do not fit together ({reason}); nothing restored"
        ) from None
    return counts


def _load(engine: Engine, tables: dict[str, Any], replace: bool, counts: dict[str, int]) -> None:
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
