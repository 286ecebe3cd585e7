"""The job queue survives a worker being killed: the job is finished after restart, once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from microbiomix.web.db import make_sessionmaker
from microbiomix.web.jobs import claim
from microbiomix.web.models import Job, Sample

from .conftest import client_with_sample, make_portal, wait_for


def _start_worker(url: str, log: Path, pause: float) -> subprocess.Popen[bytes]:
    env = dict(
        os.environ,
        DATABASE_URL=url,
        MICROBIOMIX_JOB_LEASE_SECONDS="1.5",
        MICROBIOMIX_WORKER_PAUSE_SECONDS=str(pause),
    )
    with log.open("ab") as stderr:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(
            [sys.executable, "-m", "microbiomix.cli", "portal", "worker"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )


def _state(factory, sample_id: int):  # type: ignore[no-untyped-def]
    with factory() as db:
        jobs = db.scalars(select(Job).where(Job.sample_id == sample_id)).all()
        sample = db.get(Sample, sample_id)
        return [(j.state, j.attempts, j.progress) for j in jobs], sample.status, sample.report_json


@pytest.mark.slow
def test_killed_worker_job_is_finished_after_restart_exactly_once(
    database_url: str, tmp_path: Path
) -> None:
    portal = make_portal(database_url)
    http = portal.login("alice@clinic.test")
    _, sample_id = client_with_sample(http)
    factory = make_sessionmaker(portal.engine)
    log = tmp_path / "worker.log"

    first = _start_worker(database_url, log, pause=120)
    try:
        # Claimed and in progress (the worker pauses inside the job, holding a renewed lease).
        wait_for(lambda: _state(factory, sample_id)[0] == [("running", 1, 10)], timeout=60)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
    jobs, status, report = _state(factory, sample_id)
    assert jobs == [("running", 1, 10)] and status == "processing" and report is None

    second = _start_worker(database_url, log, pause=0)
    try:
        wait_for(lambda: _state(factory, sample_id)[1] == "ready", timeout=60)
    finally:
        second.terminate()
        second.wait(timeout=10)
    jobs, status, report = _state(factory, sample_id)
    assert jobs == [("done", 2, 100)], log.read_text()
    assert report is not None
    response = http.get(f"/api/samples/{sample_id}/report.json")
    assert response.status_code == 200
    assert response.json()["sample"]["sample_id"] == "Subj001_time1_S1"
    with factory() as db:
        assert len(db.scalars(select(Sample)).all()) == 1
    portal.engine.dispose()


def test_a_job_is_claimed_by_one_worker_only(sqlite_url: str) -> None:
    portal = make_portal(sqlite_url)
    http = portal.login("alice@clinic.test")
    client_with_sample(http)
    factory = make_sessionmaker(portal.engine)
    first = claim(factory, "worker-a", 30)
    assert first is not None
    assert claim(factory, "worker-b", 30) is None  # leased to worker-a
    with factory() as db:
        job = db.get(Job, first)
        assert (job.state, job.lease_owner, job.attempts) == ("running", "worker-a", 1)
