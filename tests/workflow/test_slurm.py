"""`mmm batch --executor slurm` on a real single-node SLURM cluster started for these tests.

The cluster (MariaDB + slurmdbd + slurmctld + slurmd, see slurm_cluster.py) runs on this machine;
every sample's steps become SLURM jobs through snakemake-executor-plugin-slurm. The outputs must be
the same files a local run writes, a job killed with scancel must be resubmitted, and a rerun must
submit nothing.
"""

from __future__ import annotations

import csv
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from microbiomix.cli import main

from . import slurm_cluster

# Poll the scheduler every 2 s instead of the plugin's 40 s first wait: these jobs take seconds.
FAST_STATUS = "--slurm-init-seconds-before-status-checks 2 --seconds-between-status-checks 2 --quiet all"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[slurm_cluster.Cluster]:
    why = slurm_cluster.available()
    if why:
        pytest.skip(why)
    started = slurm_cluster.start(tmp_path_factory.mktemp("slurm"))
    try:
        yield started
    finally:
        started.stop()


def _batch(sheet: Path, database: Path, out: Path, *extra: str) -> int:
    return main(
        ["batch", str(sheet), "--db", str(database), "-o", str(out), "--cores", "2",
         "--profile-options", "--threshold-bp 10000", *extra]
    )


def _slurm_batch(sheet: Path, database: Path, out: Path) -> int:
    return _batch(
        sheet, database, out, "--executor", "slurm", "--jobs", "4", "--mem-mb", "1000",
        "--runtime", "10", "--partition", slurm_cluster.PARTITION, "--retries", "2",
        "--snakemake-args", FAST_STATUS,
    )


def _jobs(cluster: slurm_cluster.Cluster) -> list[dict[str, str]]:
    text = cluster.run(
        "sacct", "-X", "--parsable2", "--starttime", "now-1days",
        "--format", "JobID,JobName,State,ReqMem,AllocCPUS,Timelimit,Partition,Comment%200",
    )
    return list(csv.DictReader(text.splitlines(), delimiter="|"))


# A report states when it was made; that minute is the only thing two runs may differ in.
GENERATED_AT = re.compile(rb"\d{4}-\d\d-\d\d \d\d:\d\d UTC")


def _outputs(out: Path) -> dict[str, bytes]:
    """Every result file of a batch folder by relative path (logs and scheduler files left out)."""
    files = {}
    for path in sorted(out.rglob("*")):
        relative = path.relative_to(out)
        if path.is_file() and relative.parts[0] in ("samples", "cohort.tsv"):
            content = path.read_bytes()
            if path.name.endswith(".report.html"):
                assert len(GENERATED_AT.findall(content)) == 1
                content = GENERATED_AT.sub(b"<generated at>", content)
            files[str(relative)] = content
    return files


@pytest.mark.slow
def test_slurm_batch_matches_local_retries_a_killed_job_and_resumes(
    cluster: slurm_cluster.Cluster,
    setup: tuple[Path, Path, dict[str, Path]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sheet, database, _ = setup
    local = tmp_path / "local"
    assert _batch(sheet, database, local, "--snakemake-args", "--quiet all") == 0

    monkeypatch.setenv("SLURM_CONF", cluster.env["SLURM_CONF"])
    before = {job["JobID"] for job in _jobs(cluster)}
    on_slurm = tmp_path / "slurm"
    result: list[int] = []
    runner = threading.Thread(target=lambda: result.append(_slurm_batch(sheet, database, on_slurm)))
    runner.start()
    # Kill the first job that starts running, as a node failure or an operator would.
    killed = None
    deadline = time.monotonic() + 120
    while killed is None and time.monotonic() < deadline:
        running = cluster.run("squeue", "-h", "-t", "RUNNING", "-o", "%i").split()
        if running:
            killed = running[0]
            cluster.run("scancel", killed)
        time.sleep(0.2)
    runner.join(timeout=600)
    assert killed is not None, "no SLURM job ever ran"
    assert result == [0]

    jobs = [job for job in _jobs(cluster) if job["JobID"] not in before]
    states = {job["JobID"]: job["State"] for job in jobs}
    assert states[killed].startswith("CANCELLED")
    completed = [job for job in jobs if job["State"] == "COMPLETED"]
    # Three samples x (profile, markers, report); the cohort table is a local rule.
    assert len(completed) == 9
    for job in completed:
        assert job["Partition"] == slurm_cluster.PARTITION
        assert job["ReqMem"].startswith("1000M")
        assert job["Timelimit"] == "00:10:00"
    assert len(jobs) == 10  # the killed job was resubmitted once, nothing else twice

    # The same files a local run writes, byte for byte.
    local_files, slurm_files = _outputs(local), _outputs(on_slurm)
    assert sorted(slurm_files) == sorted(local_files)
    different = [name for name in local_files if local_files[name] != slurm_files[name]]
    assert different == []

    # A rerun submits nothing and changes nothing.
    assert _slurm_batch(sheet, database, on_slurm) == 0
    assert len([job for job in _jobs(cluster) if job["JobID"] not in before]) == 10
    assert _outputs(on_slurm) == slurm_files


def test_cluster_options_are_checked_before_snakemake(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.fq").write_text("@r\nACGT\n+\nIIII\n")
    (tmp_path / "s.csv").write_text("sample,r1\nS1,a.fq\n")
    (tmp_path / "db").mkdir()
    argv = ["batch", str(tmp_path / "s.csv"), "--db", str(tmp_path / "db"),
            "-o", str(tmp_path / "out"), "--executor", "slurm"]
    assert main([*argv, "--mem-mb", "0"]) == 2
    assert capsys.readouterr().err == "mmm batch: error: --mem-mb must be at least 1 (got 0)\n"
    assert main([*argv, "--cluster-profile", str(tmp_path)]) == 2
    assert "expected a folder with config.yaml" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
