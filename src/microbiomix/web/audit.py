"""The audit log: who viewed or changed which record (ids only, never client data).

Changes are recorded in the transaction that makes them (:func:`record`): both or neither. Views
(:func:`viewed`) go to an :class:`AuditWriter` that inserts them in batches from its own thread,
so a page view never waits for a database write lock; every view is written (a failed batch is
kept and retried, e.g. after the disk was full), and :meth:`AuditWriter.flush` waits for them.
"""

from __future__ import annotations

import logging
import queue
import threading
from typing import Any

from sqlalchemy import insert
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from microbiomix.web.models import AuditEvent, utcnow

LOG = logging.getLogger("microbiomix.web.audit")
SESSION_KEY = "audit_writer"
BATCH = 500


def record(
    db: Session, user_id: int | None, action: str, record_type: str, record_id: int | None
) -> None:
    """An audit row in the caller's transaction (for changes)."""
    db.add(AuditEvent(user_id=user_id, action=action, record_type=record_type, record_id=record_id))


def viewed(
    db: Session, user_id: int | None, action: str, record_type: str, record_id: int | None
) -> None:
    """An audit row for a view: queued to the app's writer when the session has one, else added
    to the session (scripts and tests without an app)."""
    writer: AuditWriter | None = db.info.get(SESSION_KEY)
    if writer is None:
        record(db, user_id, action, record_type, record_id)
        return
    writer.add(user_id, action, record_type, record_id)


class AuditWriter:
    """Writes queued audit rows in batches from one background thread."""

    def __init__(self, factory: sessionmaker[Session], retry_seconds: float = 1.0) -> None:
        self.factory = factory
        self.retry_seconds = retry_seconds
        self._queue: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="mmm-audit", daemon=True)
        self._thread.start()

    def add(
        self, user_id: int | None, action: str, record_type: str, record_id: int | None
    ) -> None:
        self._queue.put(
            {
                "user_id": user_id,
                "action": action,
                "record_type": record_type,
                "record_id": record_id,
                "at": utcnow(),
            }
        )

    def flush(self) -> None:
        """Return once every row queued so far is in the database."""
        self._queue.join()

    def stop(self) -> None:
        """Write what is queued (waiting up to 10 s) and end the thread."""
        self._queue.put(None)
        self._thread.join(timeout=10)

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                self._queue.task_done()
                return
            rows = [first]
            while len(rows) < BATCH:
                try:
                    row = self._queue.get_nowait()
                except queue.Empty:
                    break
                if row is None:  # keep the stop signal for after this batch
                    self._queue.task_done()
                    self._queue.put(None)
                    break
                rows.append(row)
            self._write(rows)
            for _ in rows:
                self._queue.task_done()

    def _write(self, rows: list[dict[str, Any]]) -> None:
        warned = False
        while True:
            try:
                with self.factory() as db, db.begin():
                    db.execute(insert(AuditEvent), rows)
                return
            except SQLAlchemyError as exc:
                if not warned:
                    LOG.warning("audit rows not written yet (%s); retrying", type(exc).__name__)
                    warned = True
                threading.Event().wait(self.retry_seconds)
