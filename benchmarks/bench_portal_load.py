"""Load test of the practitioner portal on loopback: concurrent sessions viewing a report.

Starts a real server (``mmm portal serve``) on a fresh database, creates a practitioner, uploads the
demo profile, waits for its report, logs in SESSIONS separate sessions, then each session views the
report REQUESTS times (in turn: the sample page, the rendered practitioner report, report.json),
pausing THINK seconds between views. Prints latency percentiles and the error count.

    .venv/bin/python benchmarks/bench_portal_load.py [--sessions 50] [--requests 20] [--think 1.0]
        [--database-url URL] [--timeout 300]

Bounded: at most SESSIONS x REQUESTS requests, and the run is abandoned after --timeout seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "src" / "microbiomix" / "examples" / "Subj001_time1_S1.metaphlan3.txt"
EMAIL, PASSWORD = "load@clinic.test", "load test password 123"


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


async def login(client: httpx.AsyncClient, gate: asyncio.Semaphore) -> None:
    async with gate:  # argon2 is deliberately slow; log in a few at a time, before timing
        r = await client.post("/api/auth/login", json={"email": EMAIL, "password": PASSWORD})
        r.raise_for_status()


async def views(
    client: httpx.AsyncClient,
    index: int,
    sample_id: int,
    args: argparse.Namespace,
    out: list,
    errors: list,
) -> None:
    paths = [
        f"/samples/{sample_id}",
        f"/samples/{sample_id}/report",
        f"/api/samples/{sample_id}/report.json",
    ]
    await asyncio.sleep(args.think * index / args.sessions)  # spread the starts over one think time
    for i in range(args.requests):
        path = paths[(i + index) % len(paths)]
        started = time.perf_counter()
        try:
            r = await client.get(path)
            ok, what = r.status_code == 200 and len(r.content) > 0, r.status_code
        except httpx.HTTPError as exc:
            ok, what = False, type(exc).__name__
        out.append(time.perf_counter() - started)
        if not ok:
            errors.append(f"{path}: {what}")
        await asyncio.sleep(args.think)


async def run_sessions(
    base: str, sample_id: int, args: argparse.Namespace
) -> tuple[list, list, float]:
    latencies: list[float] = []
    errors: list[str] = []
    limits = httpx.Limits(max_connections=1)
    clients = [
        httpx.AsyncClient(base_url=base, timeout=30, limits=limits) for _ in range(args.sessions)
    ]
    try:
        gate = asyncio.Semaphore(4)
        await asyncio.gather(*(login(c, gate) for c in clients))
        started = time.perf_counter()
        await asyncio.wait_for(
            asyncio.gather(
                *(views(c, i, sample_id, args, latencies, errors) for i, c in enumerate(clients))
            ),
            timeout=args.timeout,
        )
        return latencies, errors, time.perf_counter() - started
    finally:
        for c in clients:
            await c.aclose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--requests", type=int, default=20, help="report views per session")
    parser.add_argument(
        "--think", type=float, default=1.0, help="seconds between a session's views"
    )
    parser.add_argument("--database-url", help="default: a SQLite file in a temporary folder")
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="mmm-load-") as folder:
        env = dict(
            os.environ,
            DATABASE_URL=args.database_url or f"sqlite:///{folder}/portal.db",
            MICROBIOMIX_COOKIE_SECURE="0",
            MICROBIOMIX_LOGIN_MAX_FAILURES="1000",
        )
        cli = [sys.executable, "-m", "microbiomix.cli", "portal"]
        subprocess.run(
            [*cli, "create-user", EMAIL, "--password-stdin"],
            input=PASSWORD + "\n",
            text=True,
            env=env,
            check=True,
            capture_output=True,
        )
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        with open(Path(folder) / "server.log", "wb") as log:
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
                        f"/api/clients/{client_id}/samples", files={"file": (DEMO.name, handle)}
                    )
                sample_id = sample.json()["id"]
                wait_until(
                    lambda: http.get(f"/api/samples/{sample_id}/report.json").status_code == 200,
                    120,
                )
            latencies, errors, wall = asyncio.run(run_sessions(base, sample_id, args))
        finally:
            server.terminate()
            server.wait(timeout=30)
    ms = sorted(x * 1000 for x in latencies)
    q = statistics.quantiles(ms, n=100)
    print(
        f"sessions={args.sessions} requests={len(ms)} think={args.think}s wall={wall:.1f}s "
        f"throughput={len(ms) / wall:.1f}/s"
    )
    print(f"latency ms: p50={q[49]:.1f} p95={q[94]:.1f} p99={q[98]:.1f} max={ms[-1]:.1f}")
    print(f"errors={len(errors)}" + (f" first: {errors[:3]}" if errors else ""))
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main())
