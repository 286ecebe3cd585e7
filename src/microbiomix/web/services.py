"""What the JSON API and the pages both do, in one place (the routes only translate)."""

from __future__ import annotations

import importlib
import json
import re
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session, defer, sessionmaker

from microbiomix.errors import MicrobiomixError
from microbiomix.web import audit, branding
from microbiomix.web.jobs import enqueue_report
from microbiomix.web.models import (
    Client,
    ClientDocument,
    FunctionalTable,
    Job,
    PlanEdit,
    Sample,
    ShareLink,
    User,
    utcnow,
)
from microbiomix.web.reports import (
    PLAN_ACTIONS,
    document_date,
    edits_for,
    item_key,
    latest_document,
    load_report,
    matched_document,
    plan_rows,
    sample_date,
    samples_in_order,
)
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
from microbiomix.web.uploads import (
    UploadRejected,
    check_functions,
    check_profile,
    safe_filename,
)

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


SEXES = ("female", "male", "intersex", "not stated")


def check_client_details(
    date_of_birth: date | None, sex: str | None, contact: str | None
) -> tuple[date | None, str | None, str | None]:
    """Validated client details; Conflict naming the field that is not acceptable."""
    if date_of_birth is not None and not (date(1900, 1, 1) <= date_of_birth <= date.today()):
        raise Conflict("date of birth must be between 1900-01-01 and today")
    sex = (sex or "").strip() or None
    if sex is not None and sex not in SEXES:
        raise Conflict(f"sex must be one of: {', '.join(SEXES)}")
    contact = (contact or "").strip()[:320] or None
    return date_of_birth, sex, contact


def create_client(
    db: Session,
    user: User,
    name: str,
    date_of_birth: date | None = None,
    sex: str | None = None,
    contact: str | None = None,
) -> Client:
    date_of_birth, sex, contact = check_client_details(date_of_birth, sex, contact)
    client = Client(
        owner_id=user.id,
        name=name.strip(),
        date_of_birth=date_of_birth,
        sex=sex,
        contact=contact,
    )
    db.add(client)
    db.flush()
    audit.record(db, user.id, "create", "client", client.id)
    return client


def update_client(
    db: Session,
    user: User,
    client: Client,
    name: str,
    date_of_birth: date | None,
    sex: str | None,
    contact: str | None,
) -> Client:
    if not name.strip():
        raise Conflict("the client needs a name")
    client.date_of_birth, client.sex, client.contact = check_client_details(
        date_of_birth, sex, contact
    )
    client.name = name.strip()[:200]
    db.flush()
    audit.record(db, user.id, "update", "client", client.id)
    return client


def check_collection_date(collected: date | None) -> date | None:
    if collected is not None and not (date(1990, 1, 1) <= collected <= date.today()):
        raise Conflict("the collection date must be between 1990-01-01 and today")
    return collected


def clients_of(db: Session, user: User) -> list[Client]:
    return list(db.scalars(select(Client).where(Client.owner_id == user.id).order_by(Client.id)))


def samples_of(db: Session, client: Client) -> list[Sample]:
    """The client's samples by collection date (re-tests in the order they were taken)."""
    return samples_in_order(db, client.id)


def documents_of(db: Session, client: Client) -> list[ClientDocument]:
    """The client's labs and intake documents, newest date first (content not loaded)."""
    documents = db.scalars(
        select(ClientDocument)
        .options(defer(ClientDocument.content))
        .where(ClientDocument.client_id == client.id)
    ).all()
    return sorted(documents, key=lambda d: (document_date(d), d.id), reverse=True)


def add_sample(
    db: Session,
    settings: Settings,
    user: User,
    client: Client,
    filename: str,
    content: bytes,
    mate: tuple[str, bytes] | None = None,
    collected: date | None = None,
) -> Sample:
    """Store a checked upload and queue its report; ``mate`` is (name, content) of R2 for pairs;
    ``collected`` is when the stool was collected (re-tests and labs are matched by it)."""
    try:
        collected = check_collection_date(collected)
    except Conflict as exc:
        raise UploadRejected(str(exc)) from None
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
        collected_on=collected,
    )
    db.add(sample)
    db.flush()
    enqueue_report(db, sample)
    audit.record(db, user.id, "upload", "sample", sample.id)
    # Reports of samples collected later compare with this one now (re-tests by collection date).
    reason = (
        f"an earlier sample (collected {sample_date(sample).isoformat()}) was added on "
        f"{utcnow():%Y-%m-%d %H:%M} UTC"
    )
    for later in samples_of(db, client):
        collected_later = sample_date(later) > sample_date(sample)
        if later.id != sample.id and later.report_json is not None and collected_later:
            _queue_rebuild(db, later, reason)
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
    effective_on: date | None = None,
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
    return store_document(db, user, client, kind, name, content, effective_on)


def store_document(
    db: Session,
    user: User,
    client: Client,
    kind: str,
    filename: str,
    content: bytes,
    effective_on: date | None = None,
) -> ClientDocument:
    """Keep an already validated document dated ``effective_on`` (default today), and queue a
    rebuild of every report whose matching labs or intake this changes."""
    effective_on = effective_on or date.today()
    if not (date(1990, 1, 1) <= effective_on <= date.today() + timedelta(days=1)):
        raise UploadRejected("the date must be between 1990-01-01 and today")
    corrected = (
        db.scalar(
            select(ClientDocument.id).where(
                ClientDocument.client_id == client.id,
                ClientDocument.kind == kind,
                ClientDocument.effective_on == effective_on,
            )
        )
        is not None
    )
    document = ClientDocument(
        client_id=client.id,
        kind=kind,
        filename=filename,
        content=content,
        uploaded_by=user.id,
        effective_on=effective_on,
    )
    db.add(document)
    db.flush()
    audit.record(db, user.id, "upload", kind, document.id)
    label = "Lab results" if kind == "labs" else "Intake"
    what = "corrected" if corrected else "added"
    reason = f"{label} dated {effective_on.isoformat()} {what} on {utcnow():%Y-%m-%d %H:%M} UTC"
    db.info[_REBUILDS] = len(queue_affected_rebuilds(db, client, kind, reason))
    return document


_REBUILDS = "rebuilds_queued"


def rebuilds_queued_by(db: Session, client: Client, document: ClientDocument) -> int:
    """How many reports the document just stored sent to be rebuilt."""
    count: int = db.info.pop(_REBUILDS, 0)
    return count


def queue_affected_rebuilds(db: Session, client: Client, kind: str, reason: str) -> list[Sample]:
    """Mark outdated, and queue a rebuild for, every sample whose report was built from another
    document of ``kind`` than the one now matching it (or is being built). The old report stays
    visible to the practitioner with the reason; share links wait for the new one."""
    affected = []
    for sample in samples_of(db, client):
        if sample.report_json is None:
            # Not built yet: a job still waiting will read the new document; one already running
            # may have read the old one, so another is queued behind it.
            if sample.status == "failed" or _has_waiting_job(db, sample):
                continue
        else:
            matched = matched_document(db, client.id, kind, sample_date(sample))
            recorded = sample.labs_document_id if kind == "labs" else sample.intake_document_id
            if (matched.id if matched is not None else None) == recorded:
                continue
        _queue_rebuild(db, sample, reason)
        affected.append(sample)
    db.flush()
    return affected


def functions_label(kind: str) -> str:
    """What a functional table holds, in words ("EC numbers", "MetaCyc pathways, coverage")."""
    from microbiomix.functional import NAMESPACES

    namespace, _, measure = kind.partition("/")
    words = NAMESPACES.get(namespace, namespace)
    return f"{words}, coverage" if measure == "coverage" else words


def functional_tables_of(db: Session, sample: Sample) -> list[FunctionalTable]:
    """The sample's HUMAnN tables, by kind (content not loaded)."""
    return list(
        db.scalars(
            select(FunctionalTable)
            .options(defer(FunctionalTable.content))
            .where(FunctionalTable.sample_id == sample.id)
            .order_by(FunctionalTable.kind)
        )
    )


def functional_kinds(db: Session, samples: list[Sample]) -> dict[int, list[str]]:
    """Per sample id, the kinds of HUMAnN tables it has, in words (one query for a client page)."""
    rows = db.execute(
        select(FunctionalTable.sample_id, FunctionalTable.kind)
        .where(FunctionalTable.sample_id.in_([s.id for s in samples]))
        .order_by(FunctionalTable.kind)
    ).tuples()
    kinds: dict[int, list[str]] = {}
    for sample_id, kind in rows:
        kinds.setdefault(sample_id, []).append(functions_label(kind))
    return kinds


@dataclass
class StoredFunctions:
    table: FunctionalTable
    replaced: bool  # a table of the same kind was there before
    rebuild_queued: bool  # the sample's report is rebuilt with it (a queued job)
    notes: tuple[str, ...]  # what the reader noticed (unit from the sums, another sample name)
    other_name: str | None  # the table's own sample name, when it is not this sample's


def add_functions(
    db: Session, settings: Settings, user: User, sample: Sample, filename: str, content: bytes
) -> StoredFunctions:
    """Store a HUMAnN table as the sample's functional profile after the library's reader has
    accepted it for this sample; a table of the same kind replaces the old one. The sample's
    report is rebuilt with it (the old report stays on show, marked outdated, meanwhile)."""
    checked = check_functions(filename, content, settings.max_upload_bytes, sample.sample_label)
    old = db.scalar(
        select(FunctionalTable).where(
            FunctionalTable.sample_id == sample.id, FunctionalTable.kind == checked.kind
        )
    )
    if old is not None:
        db.delete(old)
        db.flush()
    table = FunctionalTable(
        sample_id=sample.id,
        kind=checked.kind,
        filename=checked.filename,
        content=content,
        sample_column=checked.sample_column,
        unit=checked.unit,
        features=checked.features,
        uploaded_by=user.id,
    )
    db.add(table)
    db.flush()
    audit.record(db, user.id, "upload", "functions", table.id)
    what = "replaced" if old is not None else "added"
    reason = (
        f"HUMAnN table ({functions_label(checked.kind)}) {what} on {utcnow():%Y-%m-%d %H:%M} UTC"
    )
    queued = _rebuild_for_functions(db, sample, reason)
    return StoredFunctions(table, old is not None, queued, checked.notes, checked.other_name)


def remove_functions(db: Session, user: User, sample: Sample, table_id: int) -> bool:
    """Delete one of the sample's HUMAnN tables (e.g. given by mistake) and rebuild the report
    without it; True when a rebuild was queued.

    Raises:
        LookupError: no table ``table_id`` belongs to this sample.
    """
    table = db.get(FunctionalTable, table_id)
    if table is None or table.sample_id != sample.id:
        raise LookupError(table_id)
    label = functions_label(table.kind)
    db.delete(table)
    db.flush()
    audit.record(db, user.id, "delete", "functions", table_id)
    reason = f"HUMAnN table ({label}) removed on {utcnow():%Y-%m-%d %H:%M} UTC"
    return _rebuild_for_functions(db, sample, reason)


def _rebuild_for_functions(db: Session, sample: Sample, reason: str) -> bool:
    """As for labs and intake: a built report is rebuilt; a job still waiting will read the
    tables as they are now; one already running may have read the old ones, so another is queued
    behind it. True when a rebuild was queued."""
    queued = False
    if sample.report_json is not None or (
        sample.status == "processing" and not _has_waiting_job(db, sample)
    ):
        _queue_rebuild(db, sample, reason)
        queued = True
    db.flush()
    return queued


def _queue_rebuild(db: Session, sample: Sample, reason: str) -> None:
    sample.rebuild_reason = reason
    sample.status = "queued"
    sample.error = None
    if not _has_waiting_job(db, sample):
        enqueue_report(db, sample)
    audit.record(db, None, "rebuild_report", "sample", sample.id)


def _has_waiting_job(db: Session, sample: Sample) -> bool:
    return (
        db.scalar(select(Job.id).where(Job.sample_id == sample.id, Job.state == "queued"))
        is not None
    )


def is_outdated(sample: Sample) -> bool:
    """A report is on show while its replacement is being built (inputs changed)."""
    return (
        sample.report_json is not None
        and sample.rebuild_reason is not None
        and sample.status in ("queued", "processing")
    )


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


@dataclass
class Review:
    """Where the practitioner's review of a sample's plan stands."""

    proposed: int  # items nobody has accepted, changed or removed yet
    accepted: int
    changed: int
    removed: int
    last_at: datetime | None  # the newest decision
    reviewers: list[str]  # who decided (e-mail or display name)

    @property
    def complete(self) -> bool:
        return self.proposed == 0

    def summary(self) -> str:
        """One sentence for the share page: what was reviewed, by whom and when."""
        if self.last_at is None:
            return "The plan has no items to review."
        who = ", ".join(self.reviewers)
        return (
            f"Plan reviewed by {who}, last decision {self.last_at:%Y-%m-%d %H:%M} UTC: "
            f"{self.accepted} accepted, {self.changed} changed, {self.removed} removed"
            + (
                f"; {self.proposed} new item(s) await review and are not shown."
                if self.proposed
                else "."
            )
        )


def review_of(db: Session, sample: Sample) -> Review:
    edits = edits_for(db, sample.id)
    rows = plan_rows(load_report(sample), edits)
    counts = {
        state: sum(1 for r in rows if r.status == state) for state in ("proposed", *PLAN_ACTIONS)
    }
    decided = [r for r in rows if r.edited_at is not None]
    names = _display_names(db, {r.edited_by for r in decided if r.edited_by is not None})
    return Review(
        proposed=counts["proposed"],
        accepted=counts["accept"],
        changed=counts["change"],
        removed=counts["remove"],
        last_at=max((r.edited_at for r in decided if r.edited_at), default=None),
        reviewers=sorted(set(names.values())),
    )


def _display_names(db: Session, user_ids: set[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    rows = db.execute(
        select(User.id, User.display_name, User.email).where(User.id.in_(user_ids))
    ).tuples()
    return {user_id: name or email for user_id, name, email in rows}


def accept_all(db: Session, user: User, sample: Sample) -> int:
    """Accept every item still proposed (changed and removed ones stay); returns how many."""
    if sample.report_json is None:
        raise Conflict("the report is not ready yet")
    rows = plan_rows(load_report(sample), edits_for(db, sample.id))
    proposed = [r for r in rows if r.status == "proposed"]
    for row in proposed:
        db.add(PlanEdit(sample_id=sample.id, item_id=row.key, action="accept", user_id=user.id))
    db.flush()
    if proposed:
        audit.record(db, user.id, "plan_accept_all", "sample", sample.id)
    return len(proposed)


def previous_sample(db: Session, sample: Sample) -> Sample | None:
    """The client's sample collected just before this one (its re-test baseline)."""
    ordered = samples_in_order(db, sample.client_id)
    index = next(i for i, s in enumerate(ordered) if s.id == sample.id)
    return ordered[index - 1] if index > 0 else None


def carry_over_offer(db: Session, sample: Sample) -> tuple[Sample, list[PlanEdit]] | None:
    """The previous sample and its newest decisions on items this report proposes too and that
    nobody has decided here yet; None when there is nothing to carry over."""
    if sample.report_json is None:
        return None
    previous = previous_sample(db, sample)
    if previous is None:
        return None
    here = plan_rows(load_report(sample), edits_for(db, sample.id))
    open_keys = {r.key for r in here if r.status == "proposed"}
    latest: dict[str, PlanEdit] = {}
    for edit in edits_for(db, previous.id):
        latest[edit.item_id] = edit
    offered = [e for key, e in latest.items() if key in open_keys]
    return (previous, offered) if offered else None


def carry_over(db: Session, user: User, sample: Sample) -> int:
    """Copy the previous sample's decisions (accept, changed text, remove) onto this one's
    undecided items; returns how many. Each copy is a new edit by ``user`` (history kept)."""
    offer = carry_over_offer(db, sample)
    if offer is None:
        return 0
    _previous, edits = offer
    for edit in edits:
        db.add(
            PlanEdit(
                sample_id=sample.id,
                item_id=edit.item_id,
                action=edit.action,
                text=edit.text,
                user_id=user.id,
            )
        )
    db.flush()
    audit.record(db, user.id, "plan_carry_over", "sample", sample.id)
    return len(edits)


def create_share(db: Session, user: User, sample: Sample, days: int) -> tuple[ShareLink, str]:
    """A share link to the client view; only once every plan item has been reviewed."""
    if sample.report_json is None:
        raise Conflict("the report is not ready yet")
    review = review_of(db, sample)
    if not review.complete:
        raise Conflict(
            f"review the plan first: {review.proposed} item(s) are still proposed "
            "(accept, change or remove each; the client sees only accepted and changed items)"
        )
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


def shared_link(db: Session, token: str) -> tuple[ShareLink, Sample] | None:
    """The link and sample behind a share token, if the link exists, is not revoked and has not
    expired (the report may be being rebuilt: the page then says so)."""
    link = db.scalar(select(ShareLink).where(ShareLink.token_hash == sha256(token)))
    if link is None or link.revoked or link.expires_at <= utcnow():
        return None
    sample = db.get(Sample, link.sample_id)
    if sample is None:
        return None
    rebuild_if_outdated(db, sample)
    audit.viewed(db, None, "view_shared", "sample", sample.id)
    return link, sample


def report_brand(
    db: Session,
    sample: Sample,
    practitioner: User | None,
    view: str = "practitioner",
    link: ShareLink | None = None,
    token: str | None = None,
    with_links: bool = True,
) -> str:
    """The clinic block over a report: clinic, practitioner (the viewer, or who made the share
    link), the sample and report dates, why it was rebuilt, the review (client view) and links."""
    if practitioner is None and link is not None:
        practitioner = db.get(User, link.created_by)
    lines = []
    collected = sample.collected_on
    lines.append(
        f"Sample {sample.sample_label}"
        + (f", collected {collected.isoformat()}" if collected else ", collection date not given")
        + (f"; report built {sample.report_at:%Y-%m-%d %H:%M} UTC" if sample.report_at else "")
    )
    notice = None
    if is_outdated(sample):
        notice = f"Outdated: {sample.rebuild_reason}. A new report is being prepared."
    elif sample.rebuild_reason and sample.report_at:
        lines.append(f"Updated {sample.report_at:%Y-%m-%d %H:%M} UTC: {sample.rebuild_reason}.")
    if view == "client" and sample.report_json is not None:
        lines.append(review_of(db, sample).summary())
    links: list[tuple[str, str]] = []
    if with_links and token is not None:  # a PDF (with_links False) has no links to follow
        links.append(("Download this report as PDF", f"/share/{token}/report.pdf"))
    elif with_links:
        links.append(("Back to the sample", f"/samples/{sample.id}"))
        links.append(("PDF", f"/api/samples/{sample.id}/report.pdf?view={view}"))
    return branding.block(branding.clinic(db), practitioner, lines, links, notice)


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
