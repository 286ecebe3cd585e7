"""Load test of the practitioner portal: 50 concurrent logged-in sessions for 60 seconds.

For each database (SQLite in WAL mode, and a real PostgreSQL server that this script starts in a
temporary folder), a real server (``mmm portal serve``, one process, its job worker thread running)
is started on loopback with a fresh database; a practitioner is created and the demo profile is
uploaded and processed. Then SESSIONS sessions log in over RAMP seconds (each login timed) and, for DURATION
seconds, each session views in turn the client list, the sample page, the report as JSON and the
rendered report, pausing THINK seconds between views. Afterwards the server is stopped and the
audit table is read: every successful audited view must have its row.

    .venv/bin/python benchmarks/bench_portal_load.py [--database sqlite|postgresql|both]
        [--sessions 50] [--duration 60] [--think 1.0] [--threads 16] [--workers 1]

Prints, per database, latency percentiles of the views and of the logins, errors, throughput,
audit rows found/expected, and the machine (CPU count and model, load average before the run).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import create_engine, func, select, text

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "src" / "microbiomix" / "examples" / "Subj001_time1_S1.metaphlan3.txt"
EMAIL, PASSWORD = "load@clinic.test", "load test password 123"
# Views that write an audit row, by the action they record.
AUDITED = {"sample page": "view", "report.json": "view_report", "report html": "download_html"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(check, timeout: float) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("timed out waiting for the server")


@dataclass
class Results:
    views: list[float] = field(default_factory=list)
    logins: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    ok_by_view: dict[str, int] = field(default_factory=dict)
    view_seconds: float = 0.0


async def session(
    base: str,
    index: int,
    sample_id: int,
    args: argparse.Namespace,
    out: Results,
    logged_in: asyncio.Barrier,
) -> None:
    views = [
        ("client list", "/"),
        ("sample page", f"/samples/{sample_id}"),
        ("report.json", f"/api/samples/{sample_id}/report.json"),
        ("report html", f"/samples/{sample_id}/report"),
    ]
    async with httpx.AsyncClient(
        base_url=base, timeout=30, limits=httpx.Limits(max_connections=1)
    ) as client:
        # Logins ramp up over --ramp seconds (a clinic's staff do not all press "Log in" in the
        # same instant; argon2 is slow on purpose); the views start once all have logged in.
        await asyncio.sleep(args.ramp * index / args.sessions)
        started = time.perf_counter()
        ok = False
        try:
            r = await client.post(
                "/api/auth/login", json={"email": EMAIL, "password": PASSWORD}, timeout=180
            )
            ok = r.status_code == 200
            if not ok:
                out.errors.append(f"login: {r.status_code}")
        except httpx.HTTPError as exc:
            out.errors.append(f"login: {type(exc).__name__}")
        took = time.perf_counter() - started
        await logged_in.wait()  # every session has logged in (or failed) before views start
        if not ok:
            return
        out.logins.append(took)
        view_start = time.perf_counter()
        await asyncio.sleep(args.think * index / args.sessions)  # spread over one think time
        deadline = time.monotonic() + args.duration
        i = index
        while time.monotonic() < deadline:
            name, path = views[i % len(views)]
            i += 1
            started = time.perf_counter()
            try:
                r = await client.get(path)
                ok, what = r.status_code == 200 and len(r.content) > 0, str(r.status_code)
            except httpx.HTTPError as exc:
                ok, what = False, type(exc).__name__
            out.views.append(time.perf_counter() - started)
            if ok:
                out.ok_by_view[name] = out.ok_by_view.get(name, 0) + 1
            else:
                out.errors.append(f"{name}: {what}")
            await asyncio.sleep(args.think)
        out.view_seconds = max(out.view_seconds, time.perf_counter() - view_start)


def start_postgres(folder: Path) -> tuple[str, object]:
    """A PostgreSQL server in ``folder`` on a Unix socket; returns (URL, stop function)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not found:
        raise SystemExit("PostgreSQL is not installed (Debian package postgresql)")
    bindir = found[-1].parent
    data, sock = folder / "pgdata", folder / "pgsock"
    sock.mkdir()
    prefix: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        for path in (folder, sock):
            shutil.chown(path, "postgres")
        folder.chmod(0o755)
        prefix = ["runuser", "-u", "postgres", "--"]

    def run(*command: str) -> None:
        subprocess.run([*prefix, *command], check=True, capture_output=True, text=True)

    run(str(bindir / "initdb"), "-D", str(data), "-U", "portal", "--auth=trust", "-E", "UTF8")
    run(
        str(bindir / "pg_ctl"), "-D", str(data), "-l", str(folder / "pg.log"), "-w",
        "-o", f"-c listen_addresses='' -c unix_socket_directories={sock} -c max_connections=200",
        "start",
    )  # fmt: skip
    return (
        f"postgresql+psycopg2://portal@/postgres?host={sock}",
        lambda: run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"),
    )


def audit_rows(url: str) -> dict[str, int]:
    from microbiomix.web.models import AuditEvent

    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(
            select(AuditEvent.action, func.count()).group_by(AuditEvent.action)
        ).all()
        connection.execute(text("SELECT 1"))
    engine.dispose()
    return {action: count for action, count in rows}


def run_one(database: str, args: argparse.Namespace) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="mmm-load-") as name:
        folder = Path(name)
        stop_db = None
        if database == "postgresql":
            url, stop_db = start_postgres(folder)
        else:
            url = f"sqlite:///{folder}/portal.db"
        env = dict(
            os.environ,
            DATABASE_URL=url,
            MICROBIOMIX_COOKIE_SECURE="0",
            MICROBIOMIX_LOGIN_MAX_FAILURES="1000",
            MICROBIOMIX_THREADS=str(args.threads),
            PYTHONPATH=str(ROOT / "src"),
        )
        cli = [sys.executable, "-m", "microbiomix.cli", "portal"]
        try:
            subprocess.run(
                [*cli, "create-user", EMAIL, "--password-stdin"],
                input=PASSWORD + "\n", text=True, env=env, check=True, capture_output=True,
            )  # fmt: skip
            port = free_port()
            base = f"http://127.0.0.1:{port}"
            with open(folder / "server.log", "wb") as log:
                server = subprocess.Popen(
                    [*cli, "serve", "--port", str(port), "--workers", str(args.workers)],
                    env=env,
                    stdout=log,
                    stderr=log,
                )
            try:
                wait_until(lambda: httpx.get(f"{base}/login").status_code == 200, 60)
                with httpx.Client(base_url=base, timeout=60) as http:
                    http.post(
                        "/api/auth/login", json={"email": EMAIL, "password": PASSWORD}
                    ).raise_for_status()
                    client_id = http.post("/api/clients", json={"name": "Load"}).json()["id"]
                    with DEMO.open("rb") as handle:
                        sample = http.post(
                            f"/api/clients/{client_id}/samples",
                            files={"file": (DEMO.name, handle)},
                        )
                    sample_id = sample.json()["id"]
                    wait_until(
                        lambda: (
                            http.get(f"/api/samples/{sample_id}/report.json").status_code == 200
                        ),
                        180,
                    )
                before = audit_rows(url)
                out = Results()
                load = os.getloadavg()[0]
                started = time.perf_counter()

                async def everyone() -> None:
                    barrier = asyncio.Barrier(args.sessions)
                    await asyncio.gather(
                        *(
                            session(base, i, sample_id, args, out, barrier)
                            for i in range(args.sessions)
                        )
                    )

                asyncio.run(everyone())
                wall = time.perf_counter() - started
            finally:
                server.terminate()  # a graceful stop: the audit writer empties its queue
                try:
                    server.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait()
                    tail = (folder / "server.log").read_text(errors="replace")[-3000:]
                    raise SystemExit(f"the server did not stop within 60 s; log:\n{tail}")
            after = audit_rows(url)
        finally:
            if stop_db is not None:
                stop_db()  # type: ignore[operator]
    expected = sum(out.ok_by_view.get(view, 0) for view in AUDITED)
    written = sum(after.get(a, 0) - before.get(a, 0) for a in set(AUDITED.values()))
    return {"database": database, "out": out, "wall": out.view_seconds or wall, "load": load,
            "audit": (written, expected), "load_after": os.getloadavg()[0]}  # fmt: skip


def percentiles(values: list[float]) -> tuple[float, float, float, float]:
    ms = sorted(v * 1000 for v in values)
    if len(ms) < 2:
        return (ms[0], ms[0], ms[0], ms[0]) if ms else (0, 0, 0, 0)
    q = statistics.quantiles(ms, n=100)
    return q[49], q[94], q[98], ms[-1]


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of viewing")
    parser.add_argument("--think", type=float, default=1.0, help="seconds between views")
    parser.add_argument("--threads", type=int, default=16, help="server request threads")
    parser.add_argument("--ramp", type=float, default=10.0, help="seconds over which to log in")
    parser.add_argument(
        "--workers", type=int, default=1, help="server processes (`mmm portal serve --workers`)"
    )
    args = parser.parse_args()
    databases = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    print(f"machine: {os.cpu_count()} CPUs, {cpu_model()}, Python {platform.python_version()}")
    print(
        f"sessions={args.sessions} duration={args.duration:.0f}s think={args.think}s "
        f"threads={args.threads} workers={args.workers} login ramp={args.ramp:.0f}s"
    )
    failed = False
    for database in databases:
        result = run_one(database, args)
        out: Results = result["out"]  # type: ignore[assignment]
        p50, p95, p99, top = percentiles(out.views)
        l50, l95, _, ltop = percentiles(out.logins)
        written, expected = result["audit"]  # type: ignore[misc]
        print(
            f"{database}: views={len(out.views)} ({len(out.views) / result['wall']:.1f}/s) "  # type: ignore[operator]
            f"p50={p50:.1f}ms p95={p95:.1f}ms p99={p99:.1f}ms max={top:.1f}ms "
            f"errors={len(out.errors)} logins={len(out.logins)} login p50={l50:.0f}ms "
            f"p95={l95:.0f}ms max={ltop:.0f}ms audit rows={written}/{expected} "
            f"load average before/after={result['load']:.1f}/{result['load_after']:.1f}"
        )
        if out.errors:
            print(f"  first errors: {out.errors[:5]}")
        failed |= bool(out.errors) or p95 >= 300 or written != expected
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
