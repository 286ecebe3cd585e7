"""Reports for samples: built by :func:`microbiomix.pipeline.build_report`, rendered by the
report package's renderers; the portal only adds the practitioner's plan edits on top."""

from __future__ import annotations

import json
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from microbiomix import pipeline
from microbiomix.errors import MicrobiomixError, UsageError
from microbiomix.web.branding import insert_block
from microbiomix.web.models import ClientDocument, FunctionalTable, PlanEdit, Sample
from microbiomix.web.uploads import READS_FORMAT, safe_filename

if TYPE_CHECKING:
    from microbiomix.report.engines import PdfPrinter
    from microbiomix.report.model import PlanItem, Report
    from microbiomix.report.views import View

PLAN_ACTIONS = ("accept", "change", "remove")
# How the portal names a plan item's state to people (the stored actions are verbs).
PLAN_STATES = {
    "proposed": "proposed",
    "accept": "accepted",
    "change": "changed",
    "remove": "removed",
}


def match_rule() -> str:
    """How the portal chooses a sample's labs and intake documents, in words (the windows are the
    library's: knowledge/rules.yaml ``labs_before_sample_days`` / ``labs_after_sample_days``)."""
    from microbiomix.interpretation.engine import knowledge, lab_window

    before, after = lab_window(knowledge())
    return (
        f"Lab results and intake are matched to a sample by date: the newest lab results dated "
        f"from {before} days before to {after} days after the stool was collected (the report "
        f"then reads, of each test, the result nearest the collection), and the newest intake "
        f"dated up to {after} days after it; a correction dated the same day replaces the "
        f"earlier upload."
    )


def sample_date(sample: Sample) -> date:
    """When the stool was collected (the upload date when the collection date is unknown)."""
    return sample.collected_on or sample.uploaded_at.date()


def document_date(document: ClientDocument) -> date:
    """When the labs were taken or the intake answered (else the upload date)."""
    return document.effective_on or document.uploaded_at.date()


def matched_document(db: Session, client_id: int, kind: str, when: date) -> ClientDocument | None:
    """The client's document of ``kind`` that a sample collected on ``when`` uses: labs by the
    library's lab window, intake by :func:`microbiomix.interpretation.engine.intake_for_sample`
    (each intake dated by its own ``collected`` field, else the date it was given here)."""
    from microbiomix.interpretation.engine import intake_for_sample, knowledge, lab_window
    from microbiomix.readers.intake import parse_intake

    documents = db.scalars(
        select(ClientDocument)
        .where(ClientDocument.client_id == client_id, ClientDocument.kind == kind)
        .order_by(ClientDocument.uploaded_at, ClientDocument.id)
    ).all()
    if kind == "labs":
        before, after = lab_window(knowledge())
        fitting = [
            d
            for d in documents
            if when - timedelta(days=before) <= document_date(d) <= when + timedelta(days=after)
        ]
        return max(fitting, key=lambda d: (document_date(d), d.uploaded_at, d.id), default=None)
    # Intake: the library's rule, on each version with its date; the newest upload of a date wins.
    newest_of_date: dict[date, ClientDocument] = {}
    for document in documents:
        newest_of_date[document_date(document)] = document
    versions = []
    for document in newest_of_date.values():
        try:
            intake = parse_intake(document.content.decode("utf-8-sig"), document.filename)
        except (MicrobiomixError, UnicodeDecodeError):
            continue  # (validated on upload; a reader that grew stricter skips it)
        dated = intake.model_copy(update={"collected": document_date(document)})
        versions.append((dated, document))
    chosen = intake_for_sample([intake for intake, _ in versions], when)
    return next((document for intake, document in versions if intake is chosen), None)


def samples_in_order(db: Session, client_id: int) -> list[Sample]:
    """A client's samples by collection date (upload date when unknown), then upload order."""
    samples = db.scalars(select(Sample).where(Sample.client_id == client_id)).all()
    return sorted(samples, key=lambda s: (sample_date(s), s.id))


def latest_document(db: Session, client_id: int, kind: str) -> ClientDocument | None:
    """The client's newest document of a kind (what reports use)."""
    return db.scalars(
        select(ClientDocument)
        .where(ClientDocument.client_id == client_id, ClientDocument.kind == kind)
        .order_by(ClientDocument.id.desc())
        .limit(1)
    ).first()


@dataclass(frozen=True)
class ReadsProfiler:
    """How uploaded reads become a profile: a reference database and a profiler backend."""

    database: Path
    backend: str = "sourmash"


@dataclass
class Generated:
    report_json: str
    profile_from_reads: bytes | None  # set when this job ran the profiler on the sample's reads
    labs_document_id: int | None = None
    intake_document_id: int | None = None


def _profile_file(folder: Path, sample: Sample) -> Path | None:
    """The sample's profile as a file: the upload itself, or the profile made from its reads
    (None when the reads have not been profiled yet)."""
    folder.mkdir(parents=True)
    # Every name from the database is sanitised at the join: a restored or edited row must not
    # reach outside ``folder``.
    if sample.input_format != READS_FORMAT:
        path = folder / safe_filename(sample.filename)
        path.write_bytes(sample.content)
        return path
    if sample.profile_content is None:
        return None
    path = folder / safe_filename(f"{sample.sample_label}.profile.txt")
    path.write_bytes(sample.profile_content)
    return path


def generate_report(
    db: Session,
    sample_id: int,
    profiler: ReadsProfiler | None = None,
    progress: Callable[[int], None] = lambda percent: None,
) -> Generated:
    """Build the Report for one stored sample, with the client's earlier samples as re-tests.

    Reads are first profiled with ``profiler`` (:func:`microbiomix.profilers.run.reads_to_profile`).
    """
    build = getattr(pipeline, "build_report", None)
    if build is None:
        raise UsageError("this installation has no report engine (pipeline.build_report)")
    sample = db.get(Sample, sample_id)
    if sample is None:
        raise UsageError(f"sample {sample_id} no longer exists")
    # Re-tests: the client's samples collected before this one, oldest first.
    ordered = samples_in_order(db, sample.client_id)
    earlier = ordered[: next(i for i, s in enumerate(ordered) if s.id == sample.id)]
    with tempfile.TemporaryDirectory(prefix="mmm-report-") as folder:
        root = Path(folder)
        derived = None
        path = _profile_file(root / "sample", sample)
        if path is None:
            if profiler is None:
                raise UsageError("reads need a profiler database (MICROBIOMIX_PROFILER_DB)")
            from microbiomix.profilers.run import reads_to_profile

            progress(20)
            reads = root / "sample" / safe_filename(sample.filename)
            reads.write_bytes(sample.content)
            mate = None
            if sample.mate_filename is not None and sample.mate_content is not None:
                mate = root / "sample" / safe_filename(sample.mate_filename)
                mate.write_bytes(sample.mate_content)
            path = root / "sample" / safe_filename(f"{sample.sample_label}.profile.txt")
            reads_to_profile(
                reads,
                mate,
                profiler.database,
                path,
                sample_id=sample.sample_label,
                profiler=profiler.backend,
                quiet=True,
            )
            derived = path.read_bytes()
        progress(70)
        previous: list[Path] = []
        previous_dates: list[date | None] = []
        for i, old in enumerate(earlier):
            old_path = _profile_file(root / f"previous-{i}", old)
            if old_path is not None:
                previous.append(old_path)
                previous_dates.append(old.collected_on)
        extra: dict[str, Any] = {}
        used: dict[str, ClientDocument | None] = {}
        for kind in ("labs", "intake"):
            document = matched_document(db, sample.client_id, kind, sample_date(sample))
            used[kind] = document
            if document is not None:
                doc_path = root / kind / safe_filename(document.filename)
                doc_path.parent.mkdir()
                doc_path.write_bytes(document.content)
                extra[f"{kind}_path"] = doc_path
        # The sample's HUMAnN tables: gene-based markers replace the guilds they measure.
        functions: list[Path] = []
        for table in db.scalars(
            select(FunctionalTable)
            .where(FunctionalTable.sample_id == sample.id)
            .order_by(FunctionalTable.kind)
        ):
            # One folder per table keeps the file's own name (the report cites it).
            table_path = root / "functions" / str(table.id) / safe_filename(table.filename)
            table_path.parent.mkdir(parents=True)
            table_path.write_bytes(table.content)
            functions.append(table_path)
        # Re-tests by collection date when every sample has one (the library orders and checks).
        dated = sample.collected_on is not None and all(previous_dates)
        versions = {
            kind: f"portal record {document.id}, uploaded {document.uploaded_at:%Y-%m-%d %H:%M}"
            for kind, document in used.items()
            if document is not None
        }
        report: Report = build(
            path,
            previous_paths=tuple(previous),
            sample_id=sample.sample_label,
            collected=sample.collected_on,
            versions=versions,
            previous_collected=tuple(d for d in previous_dates if d is not None) if dated else (),
            functions=tuple(functions),
            **extra,
        )
    labs, intake = used["labs"], used["intake"]
    return Generated(
        report.to_json(),
        derived,
        labs_document_id=labs.id if labs is not None else None,
        intake_document_id=intake.id if intake is not None else None,
    )


_PARSED: OrderedDict[tuple[int, datetime | None, int], Report] = OrderedDict()
_PARSED_LOCK = threading.Lock()
_PARSED_SIZE = 64


def load_report(sample: Sample) -> Report:
    """The sample's Report, parsed once per stored version (a page view reuses it; callers make
    copies with ``model_copy`` and never change it in place)."""
    from microbiomix.report.model import Report

    assert sample.report_json is not None
    key = (sample.id, sample.report_at, len(sample.report_json))
    with _PARSED_LOCK:
        if key in _PARSED:
            _PARSED.move_to_end(key)
            return _PARSED[key]
    report = Report.from_json(sample.report_json)
    with _PARSED_LOCK:
        _PARSED[key] = report
        while len(_PARSED) > _PARSED_SIZE:
            _PARSED.popitem(last=False)
    return report


def item_key(item: PlanItem, index: int) -> str:
    """A plan item's stable id (the interpretation's id; position only when it has none)."""
    return item.id or f"item-{index + 1}"


@dataclass
class PlanRow:
    key: str
    item: PlanItem
    status: str  # "proposed", "accept", "change" or "remove"
    text: str
    edited_by: int | None
    edited_at: datetime | None


def plan_rows(report: Report, edits: list[PlanEdit]) -> list[PlanRow]:
    """The generated plan with the newest edit of each item laid over it."""
    latest: dict[str, PlanEdit] = {}
    for edit in sorted(edits, key=lambda e: (e.created_at, e.id)):
        latest[edit.item_id] = edit
    rows = []
    for index, item in enumerate(report.plan):
        key = item_key(item, index)
        found = latest.get(key)
        text = (
            found.text
            if found is not None and found.action == "change" and found.text
            else item.text
        )
        rows.append(
            PlanRow(
                key=key,
                item=item,
                status=found.action if found is not None else "proposed",
                text=text,
                edited_by=found.user_id if found else None,
                edited_at=found.created_at if found else None,
            )
        )
    return rows


def edits_for(db: Session, sample_id: int) -> list[PlanEdit]:
    return list(
        db.scalars(select(PlanEdit).where(PlanEdit.sample_id == sample_id).order_by(PlanEdit.id))
    )


def edited_report(report: Report, edits: list[PlanEdit], view: View = "practitioner") -> Report:
    """A copy of the report whose plan is the practitioner's: removed items dropped, changed
    items carry the new text, and every item carries its review decision (the library's
    :func:`microbiomix.report.review.apply_review`), so the client view shows only accepted or
    changed items and says the plan awaits review until there is an edit. The client view's
    plan also holds nothing unreviewed (nothing proposed reaches a client)."""
    from microbiomix.report.review import ItemDecision, apply_review

    rows = plan_rows(report, edits)
    decided = [row for row in rows if row.status != "proposed" and row.item.id]
    if decided:
        newest = max(decided, key=lambda row: row.edited_at or datetime.min)
        report = apply_review(
            report,
            {
                row.key: ItemDecision(
                    decision=row.status,  # type: ignore[arg-type]
                    client_text=row.text if row.status == "change" else None,
                )
                for row in decided
            },
            reviewed_by=f"practitioner (user {newest.edited_by})",
            reviewed_on=(newest.edited_at or datetime.now()).date(),
        )
    plan = []
    for item, row in zip(report.plan, rows, strict=True):
        if row.status == "remove" or (view == "client" and row.status == "proposed"):
            continue
        if row.status == "change":
            plan.append(item.model_copy(update={"text": row.text, "client_text": row.text}))
        else:
            plan.append(item)
    return report.model_copy(update={"plan": plan})


def render(
    report: Report,
    fmt: str,
    view: View = "practitioner",
    brand: str = "",
    printer: PdfPrinter | None = None,
) -> bytes:
    """HTML, PDF or FHIR JSON through the report package's renderers; ``brand`` (the clinic
    block, see :mod:`microbiomix.web.branding`) heads the HTML and the PDF. The PDF is the
    report package's print HTML laid out by ``printer`` (the portal's PDF engine, started by the
    application; default WeasyPrint)."""
    from microbiomix import report as report_package

    if fmt == "html":
        page = str(report_package.render_html(report, view)).encode("utf-8")
        return insert_block(page, brand)
    if fmt == "pdf":
        from microbiomix.report.engines import WeasyPrintPrinter

        printed = str(report_package.render_html(report, view, for_print=True)).encode("utf-8")
        html = insert_block(printed, brand).decode("utf-8")
        return (printer or WeasyPrintPrinter()).pdf_from_html(html)
    if fmt == "fhir":
        fhir = report_package.to_fhir(report)
        if isinstance(fhir, dict):
            return json.dumps(fhir, indent=2).encode("utf-8")
        if isinstance(fhir, str):
            return fhir.encode("utf-8")
        return str(fhir.model_dump_json(indent=2)).encode("utf-8")
    raise ValueError(fmt)


class RenderCache:
    """Rendered documents, keyed by sample, report time, newest plan edit, format and view.

    A key changes whenever what it renders changes (a new report or a new edit), so entries never
    go stale; the oldest entries are dropped beyond ``size``. One per application (``app.state``).
    PDFs are laid out by ``printer`` (the application's PDF engine, which the application's
    lifespan starts and closes; None: WeasyPrint). Requests for a document being rendered wait
    for that rendering instead of starting their own (a double click, a shared link opened by
    several people): ``renders`` counts the renderings done.
    """

    def __init__(self, size: int = 256, printer: PdfPrinter | None = None) -> None:
        self.size = size
        self.printer = printer
        self.renders = 0
        self._entries: OrderedDict[tuple[object, ...], bytes] = OrderedDict()
        self._rendering: dict[tuple[object, ...], Future[bytes]] = {}
        self._lock = threading.Lock()

    def document(
        self,
        db: Session,
        sample: Sample,
        fmt: str,
        view: View = "practitioner",
        brand: str = "",
    ) -> bytes:
        """The sample's report (plan as edited) as ``json``, ``html``, ``pdf`` or ``fhir``, with
        the clinic block ``brand`` on HTML and PDF."""
        edits = edits_for(db, sample.id)
        key = (sample.id, sample.report_at, edits[-1].id if edits else 0, fmt, view, brand)
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
            underway = self._rendering.get(key)
            if underway is None:
                mine: Future[bytes] = Future()
                self._rendering[key] = mine
        if underway is not None:
            return underway.result()
        try:
            report = edited_report(load_report(sample), edits, view)
            body = (
                report.to_json().encode("utf-8")
                if fmt == "json"
                else render(report, fmt, view, brand, self.printer)
            )
        except BaseException as error:
            with self._lock:
                del self._rendering[key]
            mine.set_exception(error)
            raise
        with self._lock:
            self.renders += 1
            self._entries[key] = body
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
            del self._rendering[key]
        mine.set_result(body)
        return body


@dataclass
class TrendRow:
    """One marker across a client's samples, oldest first, as the newest report compares them."""

    title: str
    unit: str
    values: list[str]
    change: str  # the last change, formatted with its sign
    direction: str  # up / down / unchanged / unknown
    meaningful: bool | None  # beyond the report's stated threshold (None: no threshold)
    threshold_basis: str
    points: str  # SVG polyline points of the small trend plot ("" when fewer than 2 values)


@dataclass
class TrendTable:
    columns: list[tuple[str, str]]  # (sample label, collection date or "")
    rows: list[TrendRow]  # markers with a value other than zero in some sample
    rule: str
    all_zero: list[str]  # titles of markers at zero (or not measured) in every sample


def _spark(values: list[float | None], width: int = 96, height: int = 22) -> str:
    known = [(i, v) for i, v in enumerate(values) if v is not None]
    if len(known) < 2:
        return ""
    low, high = min(v for _, v in known), max(v for _, v in known)
    span = (high - low) or 1.0
    step = width / max(len(values) - 1, 1)
    return " ".join(
        f"{i * step:.1f},{height - 2 - (v - low) / span * (height - 4):.1f}" for i, v in known
    )


def marker_trends(report: Report) -> TrendTable | None:
    """Markers over time from the newest report's re-test comparison (values, units, direction,
    the meaningful-change call and its threshold are the report's; nothing is recomputed)."""
    from microbiomix.report.html import fmt_number

    retest = report.retest
    if retest is None or len(retest.timepoints) < 2:
        return None
    columns = [
        (t.label or t.sample_id, t.collected.isoformat() if t.collected else "")
        for t in retest.timepoints
    ]
    rows = []
    all_zero = []
    for change in retest.changes:
        if not any(v for v in change.values):
            all_zero.append(change.title)
            continue
        values = [fmt_number(v) if v is not None else "" for v in change.values]
        delta = "" if change.change is None else f"{change.change:+.3g}"
        rows.append(
            TrendRow(
                title=change.title,
                unit=change.unit,
                values=values,
                change=delta,
                direction=change.direction,
                meaningful=change.meaningful,
                threshold_basis=change.threshold_basis,
                points=_spark(change.values),
            )
        )
    return TrendTable(columns=columns, rows=rows, rule=retest.rule, all_zero=all_zero)
