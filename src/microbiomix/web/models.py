"""Database tables (SQLAlchemy 2). Schema changes go through Alembic migrations in ``migrations/``.

Times are stored as naive UTC (the same on SQLite and PostgreSQL). Uploaded files are stored in the
database itself, so one backup holds everything.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    """Declarative base of the portal's tables."""


class PortalSetting(Base):
    """Key/value settings that live with the database (the generated secret key)."""

    __tablename__ = "portal_settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    display_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    contact: Mapped[str | None] = mapped_column(String(320), nullable=True)


class SessionRecord(Base):
    """A login session; the cookie holds a random token, the table only its SHA-256."""

    __tablename__ = "sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)


class LoginAttempt(Base):
    """Failed logins, keyed by a hash of the address or e-mail (no personal data stored)."""

    __tablename__ = "login_attempts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)


class LoginThrottle(Base):
    """Failed logins per hashed e-mail or address, and when the next attempt may be checked.

    An attempt claims the row with one conditional UPDATE (``not_before <= now``), so parallel
    attempts cannot all pass; each failure pushes ``not_before`` further out (progressive delay).
    """

    __tablename__ = "login_throttle"
    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    not_before: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_failure: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class Client(Base):
    __tablename__ = "clients"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    date_of_birth: Mapped[date | None] = mapped_column(Date, nullable=True)
    sex: Mapped[str | None] = mapped_column(String(16), nullable=True)
    contact: Mapped[str | None] = mapped_column(String(320), nullable=True)


class ClientDocument(Base):
    """Lab results or an intake questionnaire for a client, as uploaded (validated on upload)."""

    __tablename__ = "client_documents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # "labs" or "intake"
    filename: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # When the labs were taken or the intake answered (matched to samples by date).
    effective_on: Mapped[date | None] = mapped_column(Date, nullable=True)


class Sample(Base):
    __tablename__ = "samples"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    input_format: Mapped[str] = mapped_column(String(64))
    sample_label: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    # For paired reads: the second file (R2); ``filename``/``content`` hold R1.
    mate_filename: Mapped[str | None] = mapped_column(String(255), nullable=True)
    mate_content: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    # For reads (input_format "fastq"): the profile the profiler made from them, once it has run.
    profile_content: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    uploaded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    status: Mapped[str] = mapped_column(
        String(16), default="queued"
    )  # queued/processing/ready/failed
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    report_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    report_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    collected_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # The client documents the current report was built from (None: none matched).
    labs_document_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    intake_document_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    rebuild_reason: Mapped[str | None] = mapped_column(Text, nullable=True)


class FunctionalTable(Base):
    """A HUMAnN table (gene families, pathway abundance or coverage, or a regrouped EC / KO /
    MetaCyc-reaction table) given as a sample's functional profile; validated by the library's
    HUMAnN reader on upload. One per sample and kind: a new table of the same kind replaces it."""

    __tablename__ = "functional_tables"
    __table_args__ = (UniqueConstraint("sample_id", "kind"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sample_id: Mapped[int] = mapped_column(ForeignKey("samples.id", ondelete="CASCADE"), index=True)
    # What the rows are, as the reader names it: "<namespace>/<measure>" (e.g. "ec/abundance").
    kind: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    sample_column: Mapped[str] = mapped_column(String(255))  # the table's column used
    unit: Mapped[str] = mapped_column(String(32))
    features: Mapped[int] = mapped_column(Integer)  # community rows (special rows excluded)
    uploaded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Job(Base):
    """A durable background job. A worker claims it with a lease; an expired lease is re-claimed."""

    __tablename__ = "jobs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    sample_id: Mapped[int] = mapped_column(ForeignKey("samples.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lease_owner: Mapped[str | None] = mapped_column(String(64), nullable=True)
    lease_expires: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    progress: Mapped[int] = mapped_column(Integer, default=0)  # percent
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class PlanEdit(Base):
    """A practitioner's edit of one generated plan item, kept as history (never overwritten)."""

    __tablename__ = "plan_edits"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sample_id: Mapped[int] = mapped_column(ForeignKey("samples.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(16))  # accept / change / remove
    text: Mapped[str | None] = mapped_column(Text, nullable=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ShareLink(Base):
    """An expiring read-only link to a sample's client view; the URL token is stored hashed."""

    __tablename__ = "share_links"
    __table_args__ = (UniqueConstraint("token_hash"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sample_id: Mapped[int] = mapped_column(ForeignKey("samples.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64))
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class AuditEvent(Base):
    """Who viewed or changed which record, and when (ids only, never client data)."""

    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True, index=True)
    action: Mapped[str] = mapped_column(String(32))
    record_type: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


# Dependency order, for backup and restore.
TABLES_IN_ORDER = [
    PortalSetting,
    User,
    SessionRecord,
    LoginAttempt,
    LoginThrottle,
    Client,
    ClientDocument,
    Sample,
    FunctionalTable,
    Job,
    PlanEdit,
    ShareLink,
    AuditEvent,
]
