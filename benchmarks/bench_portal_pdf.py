"""PDF downloads from the practitioner portal: WeasyPrint (the default) against Chromium, same run.

Two real servers (`mmm portal serve`, one process each, SQLite, the job worker running) run side
by side on loopback: one with `--pdf-engine weasyprint`, one with `--pdf-engine chromium` (one
browser per server, started with it). In each, one client gets the demo of `mmm demo`: the earlier
Subj030 profile, then the later one (its re-test baseline), the example lab results and intake;
the later sample's report is downloaded. Then ROUNDS rounds; in each, for each view (practitioner,
client) and each engine in turn: a plan edit first (so the portal's render cache has no copy and
the PDF is laid out anew, as after any edit), then the timed download of the PDF: wall time at the
client from request to last byte, and the CPU the server spent meanwhile (user + system of the
server process and every child, Chromium's processes included, from psutil). Also the time from
`serve` to the first answered request, the first download after start, and a burst: 4 distinct
new PDFs (both samples, both views) asked at once, timed until the last arrives (each server
prints with Chromium one at a time; WeasyPrint renders in request threads that share the GIL).

    .venv/bin/python benchmarks/bench_portal_pdf.py [ROUNDS]   (make bench: 20)

Prints a Markdown table: per engine and view, pages, download p50 / p95 / max, server CPU p50 per
download, and the ratio WeasyPrint / Chromium of the p50s.
"""

from __future__ import annotations

import asyncio
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "src" / "microbiomix" / "examples"
EARLIER, LATER = (EXAMPLES / "Subj030_time1_S18.metaphlan3.txt",
                  EXAMPLES / "Subj030_time2_S19.metaphlan3.txt")
EMAIL, PASSWORD = "pdf@clinic.test", "pdf bench password 123"
ENGINES = ("weasyprint", "chromium")
VIEWS = ("practitioner", "client")
BURSTS = 3

sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_portal_load import free_port, wait_until


@dataclass
class Server:
    engine: str
    base: str
    process: subprocess.Popen[bytes]
    http: httpx.Client
    started_seconds: float
    sample_id: int = 0
    plan_item: str = ""
    # Both samples of the demo client with a plan item each (for the burst of distinct PDFs).
    plan_items: dict[int, str] = field(default_factory=dict)
    first_download: dict[str, float] = field(default_factory=dict)


def server_memory(pid: int) -> float:
    """Memory (MiB) of a process and all its living descendants: the sum of their proportional
    set sizes (each shared page split between the processes sharing it)."""
    root = psutil.Process(pid)
    total = 0
    for process in [root, *root.children(recursive=True)]:
        try:
            total += process.memory_full_info().pss
        except psutil.NoSuchProcess:
            continue
    return total / 2**20


def server_cpu(pid: int) -> float:
    """CPU seconds (user + system) of a process and all its living descendants."""
    total = 0.0
    root = psutil.Process(pid)
    for process in [root, *root.children(recursive=True)]:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


@contextmanager
def serve(engine: str, folder: Path) -> Iterator[Server]:
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{folder}/portal.db",
               MICROBIOMIX_COOKIE_SECURE="0", PYTHONPATH=str(ROOT / "src"))
    env.pop("MICROBIOMIX_PDF_ENGINE", None)
    cli = [sys.executable, "-m", "microbiomix.cli", "portal"]
    subprocess.run([*cli, "create-user", EMAIL, "--password-stdin"], input=PASSWORD + "\n",
                   text=True, env=env, check=True, capture_output=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    with open(folder / "server.log", "wb") as log:
        process = subprocess.Popen([*cli, "serve", "--port", str(port), "--pdf-engine", engine],
                                   env=env, stdout=log, stderr=log)
    try:
        wait_until(lambda: httpx.get(f"{base}/login").status_code == 200, 60)
        up = time.perf_counter() - started
        with httpx.Client(base_url=base, timeout=120) as http:
            http.post("/api/auth/login",
                      json={"email": EMAIL, "password": PASSWORD}).raise_for_status()
            yield Server(engine, base, process, http, up)
    finally:
        process.terminate()
        process.wait(timeout=60)


def load_demo(server: Server) -> None:
    """The demo client: both Subj030 samples, the example labs and intake; waits for reports."""
    http = server.http
    client = http.post("/api/clients", json={"name": "Demo"}).json()["id"]
    for kind, name in (("labs", "labs.csv"), ("intake", "intake.yaml")):
        with (EXAMPLES / name).open("rb") as handle:
            http.post(f"/api/clients/{client}/{kind}",
                      files={"file": (name, handle)}).raise_for_status()
    ids = []
    for path in (EARLIER, LATER):
        with path.open("rb") as handle:
            upload = http.post(f"/api/clients/{client}/samples",
                               files={"file": (path.name, handle)})
        upload.raise_for_status()
        ids.append(upload.json()["id"])
    for sample_id in ids:
        wait_until(lambda s=sample_id: http.get(f"/api/samples/{s}/report.json").status_code
                   == 200, 300)
    server.sample_id = ids[-1]
    for sample_id in ids:
        items = http.get(f"/api/samples/{sample_id}/plan").json()["items"]
        server.plan_items[sample_id] = items[0]["item_id"]
    server.plan_item = server.plan_items[ids[-1]]


def edit_plan(server: Server) -> None:
    server.http.post(f"/api/samples/{server.sample_id}/plan/{server.plan_item}",
                     json={"action": "accept"}).raise_for_status()


def download(server: Server, view: str) -> tuple[float, float, bytes]:
    """(wall seconds, server CPU seconds, PDF) of one download."""
    cpu = server_cpu(server.process.pid)
    start = time.perf_counter()
    response = server.http.get(f"/api/samples/{server.sample_id}/report.pdf",
                               params={"view": view})
    wall = time.perf_counter() - start
    response.raise_for_status()
    assert response.content.startswith(b"%PDF"), response.content[:40]
    return wall, server_cpu(server.process.pid) - cpu, response.content


def burst(server: Server) -> float:
    """Seconds until the last of 4 concurrent downloads of 4 distinct new PDFs (both samples,
    both views, after a plan edit on each sample) has arrived."""
    for sample_id, item in server.plan_items.items():
        server.http.post(f"/api/samples/{sample_id}/plan/{item}",
                         json={"action": "accept"}).raise_for_status()

    async def all_four() -> float:
        async with httpx.AsyncClient(base_url=server.base, cookies=server.http.cookies,
                                     timeout=120) as http:
            start = time.perf_counter()
            answers = await asyncio.gather(*(
                http.get(f"/api/samples/{sample_id}/report.pdf", params={"view": view})
                for sample_id in server.plan_items for view in VIEWS))
            took = time.perf_counter() - start
        for answer in answers:
            answer.raise_for_status()
        return took

    return asyncio.run(all_four())


def pages(pdf: bytes) -> int:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        info = subprocess.run(["pdfinfo", handle.name], capture_output=True, text=True,
                              check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info)[1])  # type: ignore[index]


def weasyprint_version() -> str:
    from importlib.metadata import version

    return version("weasyprint")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    walls: dict[tuple[str, str], list[float]] = {}
    cpus: dict[tuple[str, str], list[float]] = {}
    page_counts: dict[tuple[str, str], int] = {}
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="mmm-pdf-") as name, ExitStack() as stack:
        servers = []
        for engine in ENGINES:
            (Path(name) / engine).mkdir()
            servers.append(stack.enter_context(serve(engine, Path(name) / engine)))
        for server in servers:
            load_demo(server)
        for server in servers:
            for view in VIEWS:
                wall, _, pdf = download(server, view)
                server.first_download[view] = wall
                page_counts[server.engine, view] = pages(pdf)
        for _ in range(rounds):
            for view in VIEWS:
                for server in servers:
                    edit_plan(server)
                    wall, cpu, _ = download(server, view)
                    walls.setdefault((server.engine, view), []).append(wall)
                    cpus.setdefault((server.engine, view), []).append(cpu)
        bursts: dict[str, list[float]] = {server.engine: [] for server in servers}
        for _ in range(BURSTS):
            for server in servers:
                bursts[server.engine].append(burst(server))
        memory = {server.engine: server_memory(server.process.pid) for server in servers}
    load_after = os.getloadavg()
    print("| engine | view | pages | download p50 | p95 | max | server CPU p50 (all its "
          "processes) | first download after start |")
    print("|---|---|---|---|---|---|---|---|")
    for view in VIEWS:
        for server in servers:
            key = (server.engine, view)
            print(f"| {server.engine} | {view} | {page_counts[key]} | "
                  f"{statistics.median(walls[key]):.3f} s | {percentile(walls[key], 0.95):.3f} s | "
                  f"{max(walls[key]):.3f} s | {statistics.median(cpus[key]):.3f} s | "
                  f"{server.first_download[view]:.3f} s |")
    print()
    for view in VIEWS:
        ratio = (statistics.median(walls["weasyprint", view])
                 / statistics.median(walls["chromium", view]))
        print(f"- {view}: WeasyPrint p50 / Chromium p50 = {ratio:.1f}x")
    for server in servers:
        print(f"- `serve --pdf-engine {server.engine}`: {server.started_seconds:.2f} s to its first "
              f"answered request; {memory[server.engine]:.0f} MiB of memory after the run (PSS "
              f"of the server and all its processes)")
    for server in servers:
        print(f"- {server.engine}: 4 distinct new PDFs asked at once (2 samples x 2 views), all "
              f"answered after {statistics.median(bursts[server.engine]):.2f} s (median of "
              f"{BURSTS})")
    from microbiomix.report.chromium import chromium_executable

    binary = chromium_executable()
    version = subprocess.run([binary, "--version"], capture_output=True, text=True,
                             check=False).stdout.strip()
    print(f"- Chromium: `{binary}` ({version}); WeasyPrint {weasyprint_version()}")
    print(f"- {rounds} timed downloads per engine and view, each after a plan edit (no cached "
          f"copy), engines alternating; load average {load_before[0]:.1f} before, "
          f"{load_after[0]:.1f} after; {os.cpu_count()} CPUs ({platform.machine()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
