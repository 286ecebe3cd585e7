"""Portal workers as a pool: three `mmm portal worker` processes share one real PostgreSQL queue.

One worker is killed in the middle of a job; every sample's job must still be finished exactly once
(by a surviving worker, after the dead worker's lease expired), and no result may be written twice.
"""

from __future__ import annotations

import signal
import socket
from pathlib import Path

import pytest
from sqlalchemy import select

from microbiomix.web.db import make_sessionmaker
from microbiomix.web.models import Job, Sample

from .conftest import client_with_sample, fresh_postgres_database, make_portal, wait_for
from .test_jobs import _start_worker

SAMPLES = 30


@pytest.mark.slow
def test_three_workers_finish_every_job_once_when_one_is_killed(
    postgres_server: object, tmp_path: Path
) -> None:
    url = fresh_postgres_database(postgres_server)
    portal = make_portal(url)
    http = portal.login("alice@clinic.test")
    sample_ids = [client_with_sample(http, name=f"Client {i}")[1] for i in range(SAMPLES)]
    factory = make_sessionmaker(portal.engine)

    def jobs() -> list[Job]:
        with factory() as db:
            return list(db.scalars(select(Job).order_by(Job.id)).all())

    assert [job.state for job in jobs()] == ["queued"] * SAMPLES
    logs = [tmp_path / f"worker{i}.log" for i in range(3)]
    # Each job pauses 0.3 s after claiming it: a window in which a worker can die mid-job.
    workers = [_start_worker(url, log, pause=0.3) for log in logs]
    victim = workers[0]
    victim_owner = f"{socket.gethostname()}:{victim.pid}:"
    try:
        def victim_is_mid_job() -> bool:
            return any(
                job.state == "running" and (job.lease_owner or "").startswith(victim_owner)
                for job in jobs()
            )

        wait_for(victim_is_mid_job, timeout=120)
        interrupted = [
            job.id for job in jobs()
            if job.state == "running" and (job.lease_owner or "").startswith(victim_owner)
        ]
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=10)

        wait_for(lambda: all(job.state == "done" for job in jobs()), timeout=300)
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.terminate()
                worker.wait(timeout=20)

    finished = jobs()
    assert len(finished) == SAMPLES and len(interrupted) == 1
    for job in finished:
        assert job.state == "done" and job.progress == 100 and job.error is None
        assert not (job.lease_owner or "").startswith(victim_owner)  # the dead worker finished none
        # Claimed once, or twice for the job whose first worker was killed.
        assert job.attempts == (2 if job.id == interrupted[0] else 1)
    survivors = {(job.lease_owner or "").rsplit(":", 1)[0] for job in finished}
    assert survivors == {f"{socket.gethostname()}:{w.pid}" for w in workers[1:]}
    # No worker ever finished a job someone else had taken over (each result written once).
    for log in logs:
        assert "taken over by another worker" not in log.read_text()
    with factory() as db:
        samples = db.scalars(select(Sample).where(Sample.id.in_(sample_ids))).all()
        assert len(samples) == SAMPLES
        assert all(s.status == "ready" and s.report_json for s in samples)
    portal.engine.dispose()
