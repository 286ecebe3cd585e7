"""A durable job queue in the database, with claim/lease semantics, and the worker that runs it.

A worker claims a queued job (or one whose lease has expired because its worker died) with a
conditional UPDATE, so two workers never both own it; while working it renews the lease. The
result is stored only if the worker still owns the job, in the same transaction that marks the
job done, so a job is finished exactly once even when a worker is killed mid-way.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from datetime import timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from microbiomix.errors import MicrobiomixError
from microbiomix.web.limits import storage_fault
from microbiomix.web.models import Job, Sample, utcnow
from microbiomix.web.reports import Generated, ReadsProfiler, generate_report
from microbiomix.web.settings import Settings

LOG = logging.getLogger("microbiomix.web.jobs")
MAX_ATTEMPTS = 3
REPORT_JOB = "report"


def enqueue_report(db: Session, sample: Sample) -> Job:
    job = Job(kind=REPORT_JOB, sample_id=sample.id, state="queued")
    db.add(job)
    return job


def _claimable(now):  # type: ignore[no-untyped-def]
    return or_(Job.state == "queued", (Job.state == "running") & (Job.lease_expires < now))


def claim(factory: sessionmaker[Session], owner: str, lease_seconds: float) -> int | None:
    """Claim one job for ``owner``; returns its id, or None when nothing is waiting."""
    with factory() as db, db.begin():
        now = utcnow()
        candidates = db.scalars(
            select(Job.id).where(_claimable(now)).order_by(Job.id).limit(10)
        ).all()
        for job_id in candidates:
            result = db.execute(
                update(Job)
                .where(Job.id == job_id, _claimable(now))
                .values(
                    state="running",
                    lease_owner=owner,
                    lease_expires=now + timedelta(seconds=lease_seconds),
                    attempts=Job.attempts + 1,
                )
                .execution_options(synchronize_session=False)
            )
            if result.rowcount == 1:  # type: ignore[attr-defined]
                return job_id
    return None


def renew(factory: sessionmaker[Session], job_id: int, owner: str, lease_seconds: float) -> bool:
    with factory() as db, db.begin():
        result = db.execute(
            update(Job)
            .where(Job.id == job_id, Job.lease_owner == owner, Job.state == "running")
            .values(lease_expires=utcnow() + timedelta(seconds=lease_seconds))
        )
        return result.rowcount == 1  # type: ignore[attr-defined]


def _set_progress(factory: sessionmaker[Session], job_id: int, owner: str, percent: int) -> None:
    with factory() as db, db.begin():
        db.execute(
            update(Job).where(Job.id == job_id, Job.lease_owner == owner).values(progress=percent)
        )


def _finish(
    factory: sessionmaker[Session],
    job_id: int,
    owner: str,
    generated: Generated | None,
    error: str | None,
) -> bool:
    """Store the outcome if ``owner`` still holds the job; False when someone else took it over."""
    with factory() as db, db.begin():
        result = db.execute(
            update(Job)
            .where(Job.id == job_id, Job.lease_owner == owner, Job.state == "running")
            .values(
                state="failed" if error else "done",
                progress=100,
                error=error,
                finished_at=utcnow(),
                lease_expires=None,
            )
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            return False
        job = db.get(Job, job_id)
        assert job is not None
        sample = db.get(Sample, job.sample_id)
        if sample is not None:
            sample.status = "failed" if error else "ready"
            sample.error = error
            sample.report_json = generated.report_json if generated else None
            sample.report_at = utcnow() if generated else None
            if generated is not None and generated.profile_from_reads is not None:
                sample.profile_content = generated.profile_from_reads
            if generated is not None:
                sample.labs_document_id = generated.labs_document_id
                sample.intake_document_id = generated.intake_document_id
        return True


def release(factory: sessionmaker[Session], job_id: int, owner: str) -> bool:
    """Give a claimed job back to the queue without counting the attempt (False when that, too,
    could not be written; the lease then expires and the job is claimed again anyway)."""
    try:
        with factory() as db, db.begin():
            result = db.execute(
                update(Job)
                .where(Job.id == job_id, Job.lease_owner == owner, Job.state == "running")
                .values(
                    state="queued",
                    lease_owner=None,
                    lease_expires=None,
                    attempts=Job.attempts - 1,
                )
            )
            job = db.get(Job, job_id)
            sample = db.get(Sample, job.sample_id) if job is not None else None
            if sample is not None and sample.status == "processing":
                sample.status = "queued"
            return result.rowcount == 1  # type: ignore[attr-defined]
    except SQLAlchemyError:
        return False


def run_job(
    factory: sessionmaker[Session],
    job_id: int,
    owner: str,
    lease_seconds: float,
    pause: float = 0,
    profiler: ReadsProfiler | None = None,
) -> None:
    """Run one claimed job, renewing its lease in the background until it is finished."""
    stop = threading.Event()

    def heartbeat() -> None:
        while not stop.wait(max(lease_seconds / 3, 0.05)):
            if not renew(factory, job_id, owner, lease_seconds):
                return

    beat = threading.Thread(target=heartbeat, name=f"lease-{job_id}", daemon=True)
    beat.start()
    try:
        with factory() as db, db.begin():
            job = db.get(Job, job_id)
            assert job is not None
            if job.attempts > MAX_ATTEMPTS:
                error: str | None = f"gave up after {MAX_ATTEMPTS} interrupted attempts"
                generated: Generated | None = None
                sample_id = None
            else:
                sample_id = job.sample_id
                sample = db.get(Sample, sample_id)
                if sample is not None:
                    sample.status = "processing"
        if sample_id is not None:
            _set_progress(factory, job_id, owner, 10)
            if pause:
                time.sleep(pause)  # test hook: a window in which the worker can be killed
            try:
                with factory() as db:
                    generated = generate_report(
                        db,
                        sample_id,
                        profiler,
                        lambda percent: _set_progress(factory, job_id, owner, percent),
                    )
                error = None
            except MicrobiomixError as exc:
                generated, error = None, str(exc)
        if not _finish(factory, job_id, owner, generated, error):
            LOG.warning("job %s was taken over by another worker; result discarded", job_id)
    finally:
        stop.set()
        beat.join()


class Worker:
    """Claims and runs jobs until stopped. Run it in a thread (``serve``) or a process."""

    def __init__(
        self,
        factory: sessionmaker[Session],
        lease_seconds: float,
        poll_seconds: float = 0.5,
        pause_seconds: float = 0.0,
        profiler: ReadsProfiler | None = None,
    ) -> None:
        self.factory = factory
        self.lease_seconds = lease_seconds
        self.poll_seconds = poll_seconds
        self.pause_seconds = pause_seconds
        self.profiler = profiler
        self.fault_pause_seconds = 5.0
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.stopping = threading.Event()

    def run_once(self) -> bool:
        job_id = claim(self.factory, self.owner, self.lease_seconds)
        if job_id is None:
            return False
        LOG.info("job %s claimed by %s", job_id, self.owner)
        try:
            run_job(
                self.factory,
                job_id,
                self.owner,
                self.lease_seconds,
                self.pause_seconds,
                self.profiler,
            )
        except Exception as exc:
            if storage_fault(exc) is None:
                raise
            # Full or read-only storage is no fault of the job: put it back, uncounted, and
            # wait a little; it runs again once space returns.
            LOG.warning("job %s put back: storage is full or read-only", job_id)
            release(self.factory, job_id, self.owner)
            self.stopping.wait(self.fault_pause_seconds)
        return True

    def run_forever(self) -> None:
        while not self.stopping.is_set():
            try:
                worked = self.run_once()
            except Exception:
                LOG.exception("worker error")
                worked = False
            if not worked:
                self.stopping.wait(self.poll_seconds)

    def start_thread(self) -> threading.Thread:
        thread = threading.Thread(target=self.run_forever, name="mmm-worker", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self.stopping.set()


def worker_for(settings: Settings, factory: sessionmaker[Session]) -> Worker:
    """A worker configured from the portal settings."""
    profiler = (
        ReadsProfiler(settings.profiler_db, settings.profiler)
        if settings.profiler_db is not None
        else None
    )
    return Worker(
        factory,
        settings.job_lease_seconds,
        pause_seconds=settings.worker_pause_seconds,
        profiler=profiler,
    )
