"""Reports for samples: built by :func:`microbiomix.pipeline.build_report`, rendered by the
report package's renderers; the portal only adds the practitioner's plan edits on top."""

from __future__ import annotations

import json
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from microbiomix import pipeline
from microbiomix.errors import UsageError
from microbiomix.web.models import ClientDocument, PlanEdit, Sample
from microbiomix.web.uploads import READS_FORMAT

if TYPE_CHECKING:
    from microbiomix.report.model import PlanItem, Report, View

PLAN_ACTIONS = ("accept", "change", "remove")


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


def _profile_file(folder: Path, sample: Sample) -> Path | None:
    """The sample's profile as a file: the upload itself, or the profile made from its reads
    (None when the reads have not been profiled yet)."""
    folder.mkdir(parents=True)
    if sample.input_format != READS_FORMAT:
        path = folder / sample.filename
        path.write_bytes(sample.content)
        return path
    if sample.profile_content is None:
        return None
    path = folder / f"{sample.sample_label}.profile.txt"
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
    earlier = db.scalars(
        select(Sample)
        .where(Sample.client_id == sample.client_id, Sample.id < sample.id)
        .order_by(Sample.id)
    ).all()
    with tempfile.TemporaryDirectory(prefix="mmm-report-") as folder:
        root = Path(folder)
        derived = None
        path = _profile_file(root / "sample", sample)
        if path is None:
            if profiler is None:
                raise UsageError("reads need a profiler database (MICROBIOMIX_PROFILER_DB)")
            from microbiomix.profilers.run import reads_to_profile

            progress(20)
            reads = root / "sample" / sample.filename
            reads.write_bytes(sample.content)
            mate = None
            if sample.mate_filename is not None and sample.mate_content is not None:
                mate = root / "sample" / sample.mate_filename
                mate.write_bytes(sample.mate_content)
            path = root / "sample" / f"{sample.sample_label}.profile.txt"
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
        previous = [
            p
            for i, old in enumerate(earlier)
            if (p := _profile_file(root / f"previous-{i}", old)) is not None
        ]
        extra: dict[str, Any] = {}
        for kind in ("labs", "intake"):
            document = latest_document(db, sample.client_id, kind)
            if document is not None:
                doc_path = root / kind / document.filename
                doc_path.parent.mkdir()
                doc_path.write_bytes(document.content)
                extra[f"{kind}_path"] = doc_path
        report: Report = build(
            path, previous_paths=tuple(previous), sample_id=sample.sample_label, **extra
        )
    return Generated(report.to_json(), derived)


def load_report(sample: Sample) -> Report:
    from microbiomix.report.model import Report

    assert sample.report_json is not None
    return Report.from_json(sample.report_json)


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


def edited_report(report: Report, edits: list[PlanEdit]) -> Report:
    """A copy of the report whose plan is the practitioner's: removed items dropped, changed
    items carry the new text (for both views), and every item carries its review decision
    (the library's :func:`microbiomix.report.review.apply_review`), so the client view shows
    only accepted or changed items and says the plan awaits review until there is an edit."""
    from microbiomix.report.review import ItemDecision, apply_review

    rows = plan_rows(report, edits)
    decided = [row for row in rows if row.status != "proposed" and row.item.id]
    if decided:
        newest = max(decided, key=lambda row: row.edited_at or datetime.min)
        report = apply_review(
            report,
            {row.key: ItemDecision(decision=row.status,  # type: ignore[arg-type]
                                   client_text=row.text if row.status == "change" else None)
             for row in decided},
            reviewed_by=f"practitioner (user {newest.edited_by})",
            reviewed_on=(newest.edited_at or datetime.now()).date(),
        )
    plan = []
    for item, row in zip(report.plan, rows, strict=True):
        if row.status == "remove":
            continue
        if row.status == "change":
            plan.append(item.model_copy(update={"text": row.text, "client_text": row.text}))
        else:
            plan.append(item)
    return report.model_copy(update={"plan": plan})


def render(report: Report, fmt: str, view: View = "practitioner") -> bytes:
    """HTML, PDF or FHIR JSON through the report package's renderers."""
    from microbiomix import report as report_package

    if fmt == "html":
        return str(report_package.render_html(report, view)).encode("utf-8")
    if fmt == "pdf":
        return bytes(report_package.render_pdf(report, view))
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
    """

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._entries: OrderedDict[tuple[object, ...], bytes] = OrderedDict()
        self._lock = threading.Lock()

    def document(self, db: Session, sample: Sample, fmt: str, view: View = "practitioner") -> bytes:
        """The sample's report (plan as edited) as ``json``, ``html``, ``pdf`` or ``fhir``."""
        edits = edits_for(db, sample.id)
        key = (sample.id, sample.report_at, edits[-1].id if edits else 0, fmt, view)
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        report = edited_report(load_report(sample), edits)
        body = report.to_json().encode("utf-8") if fmt == "json" else render(report, fmt, view)
        with self._lock:
            self._entries[key] = body
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return body


@dataclass
class TrendRow:
    """One marker's values across a client's samples (oldest first), as their reports give them."""

    id: str
    title: str
    unit: str
    values: list[str]


def marker_trends(reports: list[Report]) -> list[TrendRow]:
    """Markers of several reports side by side, in the newest report's order; values formatted by
    the report package (no computing here: what each report says, nothing more)."""
    from microbiomix.report.html import fmt_number

    order: dict[str, tuple[str, str]] = {}
    for report in reversed(reports):
        for marker in report.markers:
            order.setdefault(marker.id, (marker.title, marker.unit))
    rows = []
    for marker_id, (title, unit) in order.items():
        values = []
        for report in reports:
            entry = report.marker(marker_id)
            values.append(fmt_number(entry.value) if entry is not None else "")
        rows.append(TrendRow(marker_id, title, unit, values))
    return rows
