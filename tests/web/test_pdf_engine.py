"""The portal's PDF engine: WeasyPrint by default; with ``mmm portal serve --pdf-engine chromium``
(or MICROBIOMIX_PDF_ENGINE=chromium) one Debian chromium per server process, started with the
server, shared by concurrent downloads, started again if it dies, and closed at shutdown.

The served PDFs are read back with poppler (pdfinfo, pdftotext); the browser's processes are
found with psutil among the server's descendants."""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil
import pytest

from microbiomix.errors import UsageError
from microbiomix.report.engines import WeasyPrintPrinter
from microbiomix.web.app import create_app
from microbiomix.web.settings import Settings

from .conftest import (
    DEMO_PROFILE,
    DEMO_PROFILE_2,
    PASSWORD,
    client_with_sample,
    make_portal,
    settings_for,
    wait_for,
)
from .test_browser import portal_server

Browsers = Callable[..., list[psutil.Process]]  # the chromium_browsers fixture
BROWSER = pytest.mark.skipif(
    shutil.which("chromium") is None or shutil.which("pdftotext") is None,
    reason="chromium and poppler-utils not installed; `make test` installs them",
)


def test_default_engine_is_weasyprint_and_a_bad_name_is_one_line(
    monkeypatch: pytest.MonkeyPatch, sqlite_url: str
) -> None:
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.delenv("MICROBIOMIX_PDF_ENGINE", raising=False)
    assert Settings.from_env().pdf_engine == "weasyprint"
    app = create_app(settings_for(sqlite_url), run_worker=False)
    assert isinstance(app.state.render_cache.printer, WeasyPrintPrinter)
    monkeypatch.setenv("MICROBIOMIX_PDF_ENGINE", "Chromium")
    assert Settings.from_env().pdf_engine == "chromium"
    monkeypatch.setenv("MICROBIOMIX_PDF_ENGINE", "prince")
    with pytest.raises(UsageError, match=r"^MICROBIOMIX_PDF_ENGINE must be one of auto, "
                       r"weasyprint, chromium, not 'prince'$"):
        Settings.from_env()


@dataclass
class Served:
    base: str
    server: subprocess.Popen[bytes]
    log: Path
    http: httpx.Client
    samples: dict[str, int] = field(default_factory=dict)  # sample label -> id
    browser_pids: set[int] = field(default_factory=set)  # every chromium process seen


def browsers(served: Served) -> list[psutil.Process]:
    """The server's chromium processes (all of them: browser, renderers, GPU and utility)."""
    found = [p for p in psutil.Process(served.server.pid).children(recursive=True)
             if p.name().startswith("chrom")]
    served.browser_pids |= {p.pid for p in found}
    return found


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A real ``mmm portal serve --pdf-engine chromium`` with two processed samples of one client
    (the Subj001 example profiles, the second a re-test of the first)."""
    folder = tmp_path_factory.mktemp("chromium-portal")
    with portal_server(folder, "--pdf-engine", "chromium") as (base, _url, server), \
            httpx.Client(base_url=base, timeout=60) as http:
        login = http.post("/api/auth/login", json={"email": "dr@clinic.test",
                                                   "password": PASSWORD})
        assert login.status_code == 200, login.text
        client = http.post("/api/clients", json={"name": "PDF Client"}).json()["id"]
        result = Served(base, server, folder / "server.log", http)
        for path in (DEMO_PROFILE, DEMO_PROFILE_2):
            with path.open("rb") as handle:
                upload = http.post(f"/api/clients/{client}/samples",
                                   files={"file": (path.name, handle)})
            assert upload.status_code == 201, upload.text
            result.samples[path.name.split(".")[0]] = upload.json()["id"]
        for sample_id in result.samples.values():
            wait_for(lambda s=sample_id: http.get(f"/api/samples/{s}/report.json").status_code
                     == 200, timeout=120, every=0.5)
        yield result


def _pdf_text(pdf: bytes, folder: Path, name: str) -> tuple[dict[str, str], str]:
    path = folder / name
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    fields = dict(line.split(":", 1) for line in info.stdout.splitlines() if ":" in line)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    return {k.strip(): v.strip() for k, v in fields.items()}, text


def _assert_footers(text: str, pages: int) -> None:
    # pdftotext ends every page with a form feed; each page carries its own "page N of M".
    chunks = [c for c in text.split("\f") if c.strip()]
    assert len(chunks) == pages
    for number, chunk in enumerate(chunks, start=1):
        assert re.findall(r"page (\d+) of (\d+)", chunk) == [(str(number), str(pages))]


@pytest.mark.slow
@BROWSER
def test_served_pdf_is_chromiums_print_of_the_sample(
    served: Served, tmp_path: Path, chromium_browsers: Browsers
) -> None:
    browsers(served)
    assert len(chromium_browsers(psutil.Process(served.server.pid))) == 1  # started with the server, before any download
    sample_id = served.samples["Subj001_time1_S1"]
    response = served.http.get(f"/api/samples/{sample_id}/report.pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    info, text = _pdf_text(response.content, tmp_path, "practitioner.pdf")
    # Chromium writes its PDFs with Skia (WeasyPrint names itself as the producer).
    assert info["Producer"].startswith("Skia/PDF"), info
    assert info["Page size"].endswith("(A4)"), info
    pages = int(info["Pages"])
    assert pages > 0
    _assert_footers(text, pages)
    flat = " ".join(text.split())
    assert "Subj001_time1_S1" in flat
    # The clinic block the portal puts over every report is in the PDF too.
    assert "Sample Subj001_time1_S1, collection date not given; report built" in flat
    # Read from the profile file: Bacteroides dorei is 18.57% of all reads, 68.6% of the
    # bacteria (27.09%), the most abundant bacterium; Clostridia, the class of most butyrate
    # producers, are 0.71% of all reads (2.6% of the bacteria).
    assert "Bacteroides dorei" in flat
    assert "Few butyrate-producing bacteria" in flat
    client = served.http.get(f"/api/samples/{sample_id}/report.pdf?view=client")
    info, text = _pdf_text(client.content, tmp_path, "client.pdf")
    assert info["Producer"].startswith("Skia/PDF")
    _assert_footers(text, int(info["Pages"]))
    assert "Subj001_time1_S1" in " ".join(text.split())


@pytest.mark.slow
@BROWSER
def test_concurrent_downloads_share_one_browser(
    served: Served, tmp_path: Path, chromium_browsers: Browsers
) -> None:
    # Six downloads at once, four of them documents not rendered yet (cache misses): every one is
    # printed by the same browser, one at a time in its thread, and comes back whole.
    asked = [(label, view) for label in served.samples for view in ("practitioner", "client")]
    asked += asked[:2]
    results: dict[int, httpx.Response] = {}

    def download(index: int, label: str, view: str) -> None:
        with httpx.Client(base_url=served.base, cookies=served.http.cookies, timeout=60) as http:
            results[index] = http.get(f"/api/samples/{served.samples[label]}/report.pdf",
                                      params={"view": view})

    threads = [threading.Thread(target=download, args=(i, label, view))
               for i, (label, view) in enumerate(asked)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == len(asked)
    for index, (label, view) in enumerate(asked):
        response = results[index]
        assert response.status_code == 200, response.text
        info, text = _pdf_text(response.content, tmp_path, f"{index}.pdf")
        assert info["Producer"].startswith("Skia/PDF")
        assert label in " ".join(text.split()), (label, view)
        _assert_footers(text, int(info["Pages"]))
    browsers(served)
    assert len(chromium_browsers(psutil.Process(served.server.pid))) == 1


def _plan_edit(served: Served, sample_id: int) -> None:
    """A plan edit: the next download is a new document (the render cache's key changes)."""
    items = served.http.get(f"/api/samples/{sample_id}/plan").json()["items"]
    assert items, "the demo sample's plan has items"
    edit = served.http.post(f"/api/samples/{sample_id}/plan/{items[0]['item_id']}",
                            json={"action": "accept"})
    assert edit.status_code in (200, 201), edit.text


@pytest.mark.slow
@BROWSER
def test_a_killed_browser_is_started_again(
    served: Served, tmp_path: Path, chromium_browsers: Browsers
) -> None:
    browsers(served)
    (old,) = chromium_browsers(psutil.Process(served.server.pid))
    old.kill()
    old.wait(timeout=10)
    sample_id = served.samples["Subj001_time1_S1"]
    _plan_edit(served, sample_id)
    response = served.http.get(f"/api/samples/{sample_id}/report.pdf")
    assert response.status_code == 200, response.text
    info, text = _pdf_text(response.content, tmp_path, "after-kill.pdf")
    assert info["Producer"].startswith("Skia/PDF")
    assert "Subj001_time1_S1" in " ".join(text.split())
    browsers(served)
    (new,) = chromium_browsers(psutil.Process(served.server.pid))
    assert new.pid != old.pid


@pytest.mark.slow
@BROWSER
def test_shutdown_closes_the_browser(served: Served, chromium_browsers: Browsers) -> None:
    # Last of the module: stops the shared server. The application closes its browser at
    # shutdown, so no chromium process is left the moment the server has exited. (Without that,
    # Playwright's driver would still end the browser once it sees its parent gone, but only some
    # time after the server's exit.)
    browsers(served)
    assert chromium_browsers(psutil.Process(served.server.pid))
    driver = [p for p in psutil.Process(served.server.pid).children(recursive=True)
              if p.name().startswith("node")]  # Playwright's driver
    seen = served.browser_pids | {p.pid for p in driver}
    served.server.terminate()
    # uvicorn shuts down gracefully, then ends itself with the signal it got.
    assert served.server.wait(timeout=30) in (0, -signal.SIGTERM)

    def alive(pid: int) -> bool:
        try:
            return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            return False

    left = [pid for pid in seen if alive(pid)]
    assert not left, left
    log = (served.log).read_text()
    assert "PDF engine chromium ready" in log and "PDF engine chromium closed" in log


@pytest.mark.slow
@BROWSER
def test_a_browser_that_cannot_start_again_is_a_one_line_503(
    sqlite_url: str, tmp_path: Path, chromium_browsers: Browsers
) -> None:
    # In-process: the application's lifespan starts the browser; it is killed and the program it
    # would be started again from is no browser (as if chromium were uninstalled meanwhile).
    portal = make_portal(sqlite_url, pdf_engine="chromium")
    http = portal.login("alice@clinic.test")
    _, sample_id = client_with_sample(http)
    portal.run_jobs()
    with http:  # runs the lifespan: the browser starts here and closes on leaving
        printer = portal.app.state.render_cache.printer  # type: ignore[attr-defined]
        (browser,) = chromium_browsers()
        browser.kill()
        browser.wait(timeout=10)
        printer._executable = shutil.which("false")
        refused = http.get(f"/api/samples/{sample_id}/report.pdf")
        assert refused.status_code == 503
        detail = refused.json()["detail"]
        assert detail.startswith("the PDF could not be made: Chromium could not print the PDF, "
                                 "even after starting it again: ")
        assert "\n" not in detail
        # Once chromium is back, the next download starts it and prints.
        printer._executable = shutil.which("chromium")
        again = http.get(f"/api/samples/{sample_id}/report.pdf")
        assert again.status_code == 200 and again.content.startswith(b"%PDF")
        info, _ = _pdf_text(again.content, tmp_path, "again.pdf")
        assert info["Producer"].startswith("Skia/PDF")
    assert not [p for p in psutil.Process().children(recursive=True)
                if p.name().startswith(("chrom", "node"))]


@pytest.mark.parametrize("argv", [["portal", "serve", "--pdf-engine", "chromium"],
                                  ["batch", "s.csv", "--db", "db", "-o", "out", "--pdf",
                                   "--pdf-engine", "chromium"]], ids=["portal", "batch"])
def test_missing_chromium_stops_serve_and_batch_in_one_line(
    argv: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str]
) -> None:
    from microbiomix.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path))  # no chromium on it
    monkeypatch.delenv("MMM_CHROMIUM", raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'portal.db'}")
    assert main(argv) == 2
    assert capsys.readouterr().err == (
        f"mmm {argv[0]}{' serve' if argv[0] == 'portal' else ''}: error: --pdf-engine chromium "
        "needs the chromium browser: install it (Debian: apt-get install chromium-headless-shell) "
        "or set MMM_CHROMIUM to its path\n")
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_concurrent_requests_for_one_document_render_it_once(sqlite_url: str) -> None:
    # Four people open the same new PDF at once (default engine): one rendering, four answers.
    portal = make_portal(sqlite_url)
    http = portal.login("alice@clinic.test")
    _, sample_id = client_with_sample(http)
    portal.run_jobs()
    cache = portal.app.state.render_cache  # type: ignore[attr-defined]
    before = cache.renders
    bodies: dict[int, bytes] = {}
    start = threading.Barrier(4)

    def download(index: int) -> None:
        client = portal.login("alice@clinic.test")
        start.wait()
        response = client.get(f"/api/samples/{sample_id}/report.pdf?view=client")
        assert response.status_code == 200
        bodies[index] = response.content

    threads = [threading.Thread(target=download, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(bodies) == 4 and len(set(bodies.values())) == 1
    assert bodies[0].startswith(b"%PDF")
    assert cache.renders == before + 1
