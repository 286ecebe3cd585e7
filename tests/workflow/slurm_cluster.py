"""A real single-node SLURM cluster on this machine, for tests and benchmarks.

Debian's slurm-wlm, slurmdbd, munge and mariadb-server (installed by `make test`'s system-deps
step) run as root from a private folder: a MariaDB server for accounting (so `sacct` works, as
Snakemake's SLURM executor needs), slurmdbd, slurmctld and slurmd on 127.0.0.1 with free ports and
one partition holding this machine's cores and memory. `stop()` ends every daemon it started.

Munge has one well-known socket that every Slurm command uses; if a working munged already
listens there it is reused, otherwise one is started with a fresh key.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

MUNGE_SOCKET = Path("/run/munge/munge.socket.2")
DAEMONS = ("munged", "slurmctld", "slurmd", "slurmdbd", "mariadbd")
CLUSTER = "microbiomix"
PARTITION = "batch"


def available() -> str | None:
    """None when a cluster can be started here, else why not."""
    if os.geteuid() != 0:
        return "the test cluster runs its daemons as root"
    missing = [d for d in DAEMONS if shutil.which(d) is None and not Path("/usr/sbin", d).exists()]
    if missing:
        return f"not installed: {', '.join(missing)} (make test installs slurm-wlm, munge, ...)"
    return None


def _free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def _wait(check, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise RuntimeError(f"SLURM test cluster: {what} did not come up within {timeout:.0f} s")


def _ok(*command: str, env: dict[str, str] | None = None) -> bool:
    return subprocess.run(command, capture_output=True, env=env, check=False).returncode == 0


def _memory_mb() -> int:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) // 1024 - 1024  # leave 1 GiB to the system
    raise RuntimeError("no MemTotal in /proc/meminfo")


@dataclass
class Cluster:
    root: Path
    cores: int
    memory_mb: int
    env: dict[str, str] = field(default_factory=dict)
    pid_files: list[Path] = field(default_factory=list)
    children: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def run(self, *command: str) -> str:
        """A Slurm client command (sacct, squeue, scancel ...) against this cluster; its stdout."""
        done = subprocess.run(command, capture_output=True, text=True, env=self.env, check=True)
        return done.stdout

    def stop(self) -> None:
        for pid_file in reversed(self.pid_files):
            try:
                os.kill(int(pid_file.read_text().split()[0]), signal.SIGTERM)
            except (FileNotFoundError, ProcessLookupError, ValueError):
                continue
        deadline = time.monotonic() + 20
        for pid_file in self.pid_files:
            while pid_file.exists() and time.monotonic() < deadline:
                try:
                    os.kill(int(pid_file.read_text().split()[0]), 0)
                except (ProcessLookupError, ValueError, FileNotFoundError):
                    break
                time.sleep(0.1)
        for child in self.children:
            child.terminate()
            child.wait(timeout=30)


def _start_munge(root: Path, cluster: Cluster) -> None:
    if MUNGE_SOCKET.exists() and _ok("sh", "-c", "munge -n | unmunge"):
        return
    MUNGE_SOCKET.parent.mkdir(parents=True, exist_ok=True)
    key = root / "munge.key"
    key.write_bytes(os.urandom(1024))
    key.chmod(0o600)
    pid = root / "munged.pid"
    subprocess.run(
        ["munged", "--force", f"--key-file={key}", f"--socket={MUNGE_SOCKET}",
         f"--pid-file={pid}", f"--log-file={root / 'log' / 'munged.log'}",
         f"--seed-file={root / 'munged.seed'}"],
        check=True, capture_output=True,
    )
    cluster.pid_files.append(pid)
    _wait(lambda: _ok("sh", "-c", "munge -n | unmunge"), 20, "munged")


def _start_mariadb(root: Path, port: int, cluster: Cluster) -> None:
    data = root / "mysql"
    subprocess.run(
        ["mariadb-install-db", "--user=root", f"--datadir={data}", "--skip-test-db",
         "--auth-root-authentication-method=normal"],
        check=True, capture_output=True,
    )
    sock = root / "mysql.sock"
    pid = root / "mariadb.pid"
    log = (root / "log" / "mariadb.out").open("wb")
    server = subprocess.Popen(
        ["mariadbd", "--user=root", f"--datadir={data}", f"--socket={sock}", f"--port={port}",
         "--bind-address=127.0.0.1", f"--pid-file={pid}",
         f"--log-error={root / 'log' / 'mariadb.err'}"],
        stdout=log, stderr=log, start_new_session=True,
    )
    log.close()
    cluster.children.append(server)
    _wait(lambda: _ok("mariadb", f"--socket={sock}", "-uroot", "-e", "SELECT 1"), 60, "MariaDB")
    grants = "; ".join(
        f"CREATE USER 'slurm'@'{host}' IDENTIFIED BY 'slurm'; "
        f"GRANT ALL ON slurm_acct_db.* TO 'slurm'@'{host}'"
        for host in ("127.0.0.1", "localhost")
    )
    subprocess.run(["mariadb", f"--socket={sock}", "-uroot", "-e", grants], check=True)


def start(root: Path, cores: int | None = None, memory_mb: int | None = None) -> Cluster:
    """Start MariaDB, slurmdbd, slurmctld and slurmd under ``root``; the caller must stop() it."""
    why = available()
    if why:
        raise RuntimeError(why)
    root = root.resolve()
    for sub in ("log", "state", "spool"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    cluster = Cluster(root, cores or os.cpu_count() or 1, memory_mb or _memory_mb())
    try:
        _start(root, cluster)
    except BaseException:
        cluster.stop()
        raise
    return cluster


def _start(root: Path, cluster: Cluster) -> None:
    mysql_port, dbd_port, ctld_port, slurmd_port = _free_ports(4)
    host = socket.gethostname().split(".")[0]
    conf = root / "slurm.conf"
    conf.write_text(
        "\n".join([
            f"ClusterName={CLUSTER}",
            f"SlurmctldHost={host}(127.0.0.1)",
            "SlurmUser=root",
            "SlurmdUser=root",
            f"SlurmctldPort={ctld_port}",
            f"SlurmdPort={slurmd_port}",
            "AuthType=auth/munge",
            "CredType=cred/munge",
            f"StateSaveLocation={root / 'state'}",
            f"SlurmdSpoolDir={root / 'spool'}",
            f"SlurmctldPidFile={root / 'slurmctld.pid'}",
            f"SlurmdPidFile={root / 'slurmd.pid'}",
            f"SlurmctldLogFile={root / 'log' / 'slurmctld.log'}",
            f"SlurmdLogFile={root / 'log' / 'slurmd.log'}",
            # No cgroups inside a container: track processes by /proc, bind no tasks.
            "ProctrackType=proctrack/linuxproc",
            "TaskPlugin=task/none",
            "JobAcctGatherType=jobacct_gather/none",
            "AccountingStorageType=accounting_storage/slurmdbd",
            "AccountingStorageHost=127.0.0.1",
            f"AccountingStoragePort={dbd_port}",
            "JobCompType=jobcomp/none",
            "AccountingStoreFlags=job_comment",  # sacct shows the rule and sample of each job
            "MpiDefault=none",
            "SelectType=select/cons_tres",
            "SelectTypeParameters=CR_Core_Memory",
            "ReturnToService=2",
            "MinJobAge=86400",
            "SchedulerType=sched/backfill",
            "SchedulerParameters=sched_interval=2",
            (
                f"NodeName={host} NodeAddr=127.0.0.1 CPUs={cluster.cores} "
                f"RealMemory={cluster.memory_mb} State=UNKNOWN"
            ),
            f"PartitionName={PARTITION} Nodes=ALL Default=YES MaxTime=INFINITE State=UP",
            "",
        ])
    )
    dbd = root / "slurmdbd.conf"  # slurmdbd reads it from SLURM_CONF's folder
    dbd.write_text(
        "\n".join([
            "AuthType=auth/munge",
            "DbdHost=localhost",
            "DbdAddr=127.0.0.1",
            f"DbdPort={dbd_port}",
            "SlurmUser=root",
            f"PidFile={root / 'slurmdbd.pid'}",
            f"LogFile={root / 'log' / 'slurmdbd.log'}",
            "StorageType=accounting_storage/mysql",
            "StorageHost=127.0.0.1",
            f"StoragePort={mysql_port}",
            "StorageUser=slurm",
            "StoragePass=slurm",
            "StorageLoc=slurm_acct_db",
            "",
        ])
    )
    dbd.chmod(0o600)
    cluster.env = dict(os.environ, SLURM_CONF=str(conf))
    env = cluster.env
    _start_munge(root, cluster)
    _start_mariadb(root, mysql_port, cluster)
    subprocess.run(["slurmdbd"], env=env, check=True)
    cluster.pid_files.append(root / "slurmdbd.pid")
    _wait(lambda: _ok("sacctmgr", "-n", "list", "cluster", env=env), 60, "slurmdbd")
    subprocess.run(["sacctmgr", "-i", "add", "cluster", CLUSTER], env=env, check=True,
                   capture_output=True)
    subprocess.run(["slurmctld", "-f", str(conf)], env=env, check=True)
    cluster.pid_files.append(root / "slurmctld.pid")
    subprocess.run(["slurmd", "-f", str(conf)], env=env, check=True)
    cluster.pid_files.append(root / "slurmd.pid")

    def idle() -> bool:
        done = subprocess.run(["sinfo", "-h", "-o", "%t"], capture_output=True, text=True,
                              env=env, check=False)
        return done.stdout.strip() == "idle"

    _wait(idle, 60, "the node")
