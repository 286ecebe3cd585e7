"""What the JSON API and the pages both do, in one place (the routes only translate)."""

from __future__ import annotations

import importlib
import json
import re
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from microbiomix.errors import MicrobiomixError
from microbiomix.web import audit
from microbiomix.web.jobs import enqueue_report
from microbiomix.web.models import (
    Client,
    ClientDocument,
    Job,
    PlanEdit,
    Sample,
    ShareLink,
    User,
    utcnow,
)
from microbiomix.web.reports import PLAN_ACTIONS, item_key, latest_document, load_report
from microbiomix.web.security import (
    claim_login_attempt,
    login_failed,
    login_succeeded,
    new_token,
    sha256,
    start_session,
    verify_password,
)
from microbiomix.web.settings import Settings
from microbiomix.web.uploads import UploadRejected, check_profile, safe_filename

if TYPE_CHECKING:
    from microbiomix.readers.intake import Intake


class LoginFailed(Exception):
    """Wrong e-mail or password (the caller does not say which)."""


class LoginThrottled(Exception):
    """Too many failed logins for this e-mail or address: the next attempt waits ``seconds``."""

    def __init__(self, seconds: int) -> None:
        super().__init__(f"too many failed logins; try again in {seconds} s")
        self.seconds = seconds


class Conflict(Exception):
    """The request cannot be done in the record's current state (e.g. report not ready yet)."""


def login(db: Session, settings: Settings, email: str, password: str, address: str) -> str:
    """Check the password and start a session; returns the session token.

    The attempt is counted (atomically, in its own transaction) before the password is checked;
    after ``settings.login_max_failures`` failures each attempt waits longer (1 s, 2 s, ... 60 s).
    """
    factory = sessionmaker(bind=db.get_bind(), expire_on_commit=False)
    free, window = settings.login_max_failures, settings.login_window_seconds
    wait = claim_login_attempt(factory, email, address, free, window)
    if wait:
        raise LoginThrottled(wait)
    user = db.scalar(select(User).where(User.email == email.strip().lower()))
    if not verify_password(user.password_hash if user else None, password) or user is None:
        login_failed(factory, email, address, free)
        audit.record(db, None, "login_failed", "user", user.id if user else None)
        db.commit()
        raise LoginFailed()
    login_succeeded(factory, email, address)
    token = start_session(db, user, settings.session_seconds)
    audit.record(db, user.id, "login", "user", user.id)
    return token


def create_client(db: Session, user: User, name: str) -> Client:
    client = Client(owner_id=user.id, name=name.strip())
    db.add(client)
    db.flush()
    audit.record(db, user.id, "create", "client", client.id)
    return client


def clients_of(db: Session, user: User) -> list[Client]:
    return list(db.scalars(select(Client).where(Client.owner_id == user.id).order_by(Client.id)))


def samples_of(db: Session, client: Client) -> list[Sample]:
    return list(db.scalars(select(Sample).where(Sample.client_id == client.id).order_by(Sample.id)))


def add_sample(
    db: Session,
    settings: Settings,
    user: User,
    client: Client,
    filename: str,
    content: bytes,
    mate: tuple[str, bytes] | None = None,
) -> Sample:
    """Store a checked upload and queue its report; ``mate`` is (name, content) of R2 for pairs."""
    checked = check_profile(
        filename,
        content,
        settings.max_upload_bytes,
        reads_allowed=settings.profiler_db is not None,
        mate=mate,
    )
    sample = Sample(
        client_id=client.id,
        filename=checked.filename,
        input_format=checked.input_format,
        sample_label=checked.sample_label,
        mate_filename=checked.mate_filename,
        mate_content=mate[1] if mate is not None else None,
        content=content,
        uploaded_by=user.id,
        status="queued",
    )
    db.add(sample)
    db.flush()
    enqueue_report(db, sample)
    audit.record(db, user.id, "upload", "sample", sample.id)
    return sample


# Readers for client documents (lab results, intake), looked up in the library at upload time.
_DOCUMENT_READERS = {
    "labs": ("microbiomix.readers.labs", "read_labs"),
    "intake": ("microbiomix.readers.intake", "read_intake"),
}


def add_document(
    db: Session,
    settings: Settings,
    user: User,
    client: Client,
    kind: str,
    filename: str,
    content: bytes,
) -> ClientDocument:
    """Store lab results or an intake file after the library's reader has accepted it."""
    if len(content) > settings.max_upload_bytes:
        raise UploadRejected("file is larger than the upload limit")
    module_name, function = _DOCUMENT_READERS[kind]
    try:
        reader = getattr(importlib.import_module(module_name), function)
    except (ImportError, AttributeError):
        raise UploadRejected(f"this installation cannot read {kind} files yet") from None
    name = safe_filename(filename)
    with tempfile.TemporaryDirectory(prefix="mmm-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        try:
            reader(path)
        except MicrobiomixError as exc:
            raise UploadRejected(str(exc).replace(folder + "/", "")) from None
        except UnicodeDecodeError:
            raise UploadRejected(f"{name}: not a text file") from None
    return store_document(db, user, client, kind, name, content)


def store_document(
    db: Session, user: User, client: Client, kind: str, filename: str, content: bytes
) -> ClientDocument:
    """Keep an already validated document; the newest of each kind is what reports use."""
    document = ClientDocument(
        client_id=client.id, kind=kind, filename=filename, content=content, uploaded_by=user.id
    )
    db.add(document)
    db.flush()
    audit.record(db, user.id, "upload", kind, document.id)
    return document


def latest_intake(db: Session, client: Client) -> Intake | None:
    """The client's newest intake, as the library reads it (None when there is none)."""
    from microbiomix.readers.intake import parse_intake

    document = latest_document(db, client.id, "intake")
    if document is None:
        return None
    return parse_intake(document.content.decode("utf-8-sig"), document.filename)


def progress(db: Session, sample: Sample) -> int:
    job = db.scalars(
        select(Job).where(Job.sample_id == sample.id).order_by(Job.id.desc()).limit(1)
    ).first()
    return job.progress if job else 0


def edit_plan(
    db: Session, user: User, sample: Sample, item_id: str, action: str, text: str | None
) -> PlanEdit:
    if sample.report_json is None:
        raise Conflict("the report is not ready yet")
    if action not in PLAN_ACTIONS:
        raise Conflict(f"action must be one of {', '.join(PLAN_ACTIONS)}")
    text = (text or "").strip() or None
    if action == "change" and not text:
        raise Conflict("a change needs the new text")
    report = load_report(sample)
    keys = {item_key(item, i) for i, item in enumerate(report.plan)}
    if item_id not in keys:
        raise LookupError(item_id)
    edit = PlanEdit(
        sample_id=sample.id,
        item_id=item_id,
        action=action,
        text=text if action == "change" else None,
        user_id=user.id,
    )
    db.add(edit)
    db.flush()
    audit.record(db, user.id, f"plan_{action}", "sample", sample.id)
    return edit


def create_share(db: Session, user: User, sample: Sample, days: int) -> tuple[ShareLink, str]:
    if sample.report_json is None:
        raise Conflict("the report is not ready yet")
    token = new_token()
    link = ShareLink(
        sample_id=sample.id,
        token_hash=sha256(token),
        created_by=user.id,
        expires_at=utcnow() + timedelta(days=days),
    )
    db.add(link)
    db.flush()
    audit.record(db, user.id, "share", "sample", sample.id)
    return link, token


def share_links(db: Session, sample: Sample) -> list[ShareLink]:
    """Every share link made for ``sample``, oldest first (revoked and expired ones too)."""
    return list(
        db.scalars(select(ShareLink).where(ShareLink.sample_id == sample.id).order_by(ShareLink.id))
    )


def revoke_share(db: Session, user: User, sample: Sample, link_id: int) -> ShareLink:
    """Revoke one of ``sample``'s share links now; revoking it again changes nothing.

    Raises:
        LookupError: no link ``link_id`` belongs to this sample.
    """
    link = db.get(ShareLink, link_id)
    if link is None or link.sample_id != sample.id:
        raise LookupError(link_id)
    if not link.revoked:
        link.revoked = True
        db.flush()
        audit.record(db, user.id, "revoke_share", "share_link", link.id)
    return link


def shared_sample(db: Session, token: str) -> Sample | None:
    """The sample behind a share token, if the link exists, is not revoked and has not expired."""
    link = db.scalar(select(ShareLink).where(ShareLink.token_hash == sha256(token)))
    if link is None or link.revoked or link.expires_at <= utcnow():
        return None
    sample = db.get(Sample, link.sample_id)
    if sample is None or rebuild_if_outdated(db, sample) or sample.report_json is None:
        return None  # (a report being rebuilt after an upgrade is back shortly)
    audit.viewed(db, None, "view_shared", "sample", sample.id)
    return sample


def user_by_email(db: Session, email: str) -> User | None:
    return db.scalar(select(User).where(User.email == email.strip().lower()))


def rebuild_if_outdated(db: Session, sample: Sample) -> bool:
    """Queue a new report when the stored one was made for another report schema version (after
    an upgrade); plan edits stay, keyed by the plan items' stable ids. True when queued."""
    from microbiomix.report.model import REPORT_SCHEMA_VERSION

    if sample.report_json is None:
        return False
    version = report_schema_version(sample.report_json)
    if version == REPORT_SCHEMA_VERSION:
        return False
    sample.report_json = None
    sample.report_at = None
    sample.status = "queued"
    sample.error = None
    enqueue_report(db, sample)
    db.flush()
    audit.record(db, None, "rebuild_report", "sample", sample.id)
    return True


_VERSION = re.compile(r'"schema_version":\s*"([^"]+)"')


def report_schema_version(report_json: str) -> str | None:
    """The report's schema version, read from the head of the JSON (the model writes it among
    the first fields), so a page view does not parse the whole report to check it."""
    found = _VERSION.search(report_json, 0, 2000)
    if found is not None:
        return found.group(1)
    try:
        version = json.loads(report_json).get("schema_version")
    except (ValueError, AttributeError):
        return None
    return version if isinstance(version, str) else None


def emails(db: Session, user_ids: set[int]) -> dict[int, str]:
    """Practitioners' e-mail addresses by id (to say who edited what)."""
    if not user_ids:
        return {}
    rows = db.execute(select(User.id, User.email).where(User.id.in_(user_ids))).tuples()
    return {user_id: email for user_id, email in rows}
