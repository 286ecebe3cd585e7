"""A practitioner's session in a real browser (Playwright driving Debian's chromium) against a
real server process: log in, add a client, upload the demo profile, open the report, edit a plan
item, open the share link. Screenshots are read back with OCR (tesseract) for key text."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from microbiomix.web.db import make_engine, make_sessionmaker
from microbiomix.web.models import Sample

from .conftest import DEMO_PROFILE, DEMO_PROFILE_2, EXAMPLES, PASSWORD, Portal, wait_for
from .test_plan import inject_plan_item

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _ocr(png: Path) -> str:
    if shutil.which("tesseract") is None:
        pytest.fail("tesseract (Debian tesseract-ocr) is needed to read the screenshots")
    result = subprocess.run(
        ["tesseract", str(png), "-", "--psm", "3"], capture_output=True, text=True, check=True
    )
    return " ".join(result.stdout.split())


@contextmanager
def served_portal(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """``mmm portal serve`` on a fresh SQLite database with one practitioner (dr@clinic.test);
    yields (base URL, database URL). The server's output goes to tmp_path/server.log."""
    with portal_server(tmp_path) as (base, url, _server):
        yield base, url


@contextmanager
def portal_server(
    tmp_path: Path, *serve_args: str
) -> Iterator[tuple[str, str, subprocess.Popen[bytes]]]:
    """:func:`served_portal` with more ``mmm portal serve`` options; also yields the server."""
    url = f"sqlite:///{tmp_path / 'portal.db'}"
    env = dict(os.environ, DATABASE_URL=url, MICROBIOMIX_COOKIE_SECURE="0")
    env.pop("MICROBIOMIX_SECRET_KEY", None)
    env.pop("MICROBIOMIX_PDF_ENGINE", None)
    cli = [sys.executable, "-m", "microbiomix.cli", "portal"]
    subprocess.run(
        [*cli, "create-user", "dr@clinic.test", "--password-stdin"],
        input=PASSWORD + "\n",
        text=True,
        env=env,
        check=True,
        capture_output=True,
    )
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    with (tmp_path / "server.log").open("wb") as log:
        server = subprocess.Popen(
            [*cli, "serve", "--host", "127.0.0.1", "--port", str(port), *serve_args],
            env=env,
            stdout=log,
            stderr=log,
        )
    try:
        wait_for(lambda: _up(base), timeout=30)
        yield base, url, server
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=15)


def screenshots_folder(tmp_path: Path) -> Path:
    """MICROBIOMIX_SCREENSHOTS keeps the screenshots (to look at them); default: the test's folder."""
    shots = Path(os.environ.get("MICROBIOMIX_SCREENSHOTS") or tmp_path / "shots")
    shots.mkdir(parents=True, exist_ok=True)
    return shots


def log_in(page, base: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/")
    assert page.url.endswith("/login")
    page.fill("input[name=email]", "dr@clinic.test")
    page.fill("input[name=password]", PASSWORD)
    page.click("button:has-text('Log in')")
    page.wait_for_selector("h1:has-text('Clients')")


def test_practitioner_session_in_chromium(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    shots = screenshots_folder(tmp_path)
    with served_portal(tmp_path) as (base, url):
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS
            )
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            problems: list[str] = []
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            log_in(page, base)

            page.screenshot(path=str(shots / "0-clients.png"), full_page=True)

            # Clinic settings first: they head every report and share page.
            page.click("nav >> text=Settings")
            page.fill("input[name=clinic_name]", "Gut Health Clinic Leeds")
            page.fill("input[name=display_name]", "Dr Ada Smith")
            page.fill("input[name=contact]", "0113 496 0000")
            page.click("button:has-text('Save settings')")
            page.wait_for_selector("p.done:has-text('Settings saved.')")
            page.screenshot(path=str(shots / "1-settings.png"), full_page=True)

            page.click("nav >> text=Clients")
            page.fill("input[name=name]", "Browser Client")
            page.fill("input[name=date_of_birth]", "1961-04-12")
            page.select_option("select[name=sex]", "male")
            page.fill("input[name=contact]", "client@example.org")
            page.click("button:has-text('Add client')")
            page.wait_for_selector("h1:has-text('Browser Client')")
            assert "Client added." in page.inner_text("p.done")
            assert "Born 1961-04-12" in page.inner_text("p.facts")

            # Lab results and intake (the bundled examples) as uploaded files, each dated.
            for kind, name in (("labs", "labs.csv"), ("intake", "intake.yaml")):
                form = page.locator("form[action$='/documents']")
                form.locator("select[name=kind]").select_option(kind)
                form.locator("input[name=effective_on]").fill("2026-09-25")
                form.locator("input[name=file]").set_input_files(str(EXAMPLES / name))
                form.locator("button").click()
                page.wait_for_selector("h1:has-text('Browser Client')")
                assert page.locator("p.error").count() == 0, page.locator(
                    "p.error"
                ).all_inner_texts()
                assert "saved." in page.inner_text("p.done")
            assert page.locator("table.documents tbody tr").count() == 2

            # Two samples, the later one uploaded first: re-tests follow the collection dates.
            for profile, collected in (
                (DEMO_PROFILE_2, "2026-10-20"),
                (DEMO_PROFILE, "2026-09-30"),
            ):
                upload = page.locator("form[action$='/samples']")
                upload.locator("input[name=collected]").fill(collected)
                upload.locator("input[name=file]").set_input_files(str(profile))
                upload.locator("button").click()
                page.wait_for_selector("text=Open report (practitioner view)", timeout=90_000)
                assert "Sample uploaded" in page.inner_text("body")
                sample_url = page.url.split("?")[0]
                page.click("text=Browser Client")
                page.wait_for_selector("h1:has-text('Browser Client')")
            wait_for(lambda: (page.reload() or True) and page.locator("table.trends").count() == 1
                     and "outdated" not in page.inner_text("body"), timeout=120, every=2)  # fmt: skip
            page.screenshot(path=str(shots / "2-client.png"), full_page=True)
            assert "Browser Client" in _ocr(shots / "2-client.png")
            trend_rows = page.locator("table.trends tbody tr")
            assert trend_rows.count() > 3 and page.locator("svg.spark").count() > 0

            page.goto(sample_url)
            page.click("text=Open report (practitioner view)")
            page.wait_for_load_state()
            body = page.inner_text("body")
            assert "Subj001_time1_S1" in body and "Gut Health Clinic Leeds" in body
            page.screenshot(path=str(shots / "3-report.png"))
            assert "Gut Health Clinic" in _ocr(shots / "3-report.png")

            # With the interpretation stage installed the report has a generated plan; without it,
            # give the stored report one known item so the edit can still be exercised.
            engine = make_engine(url)
            with make_sessionmaker(engine)() as db:
                sample_id = int(sample_url.rsplit("/", 1)[-1])
                has_plan = '"plan": []' not in (db.get(Sample, sample_id).report_json or "")
            if not has_plan:
                inject_plan_item(Portal(None, engine, url), sample_id)
            engine.dispose()

            page.goto(sample_url)
            assert page.locator("text=A share link can be made once every plan item").count() == 1
            item = page.locator("li.plan-item").first
            item.locator("summary:has-text('Change the wording')").click()
            item.locator("textarea[name=text]").fill("Walk thirty minutes daily")
            item.locator("button:has-text('Save my wording')").click()
            page.wait_for_selector("li.plan-item.state-changed")
            assert "Plan decision saved." in page.inner_text("p.done")
            if page.locator("button:has-text('Accept all')").count():
                page.click("button:has-text('Accept all')")
                page.wait_for_selector("p.done:has-text('accepted')")
            assert page.locator("li.state-proposed").count() == 0
            page.screenshot(path=str(shots / "4-plan.png"), full_page=True)
            assert "thirty minutes" in _ocr(shots / "4-plan.png")

            page.click("button:has-text('Create share link')")
            share_url = page.get_attribute("#share-link", "href")
            assert share_url and "/share/" in share_url
            page.reload()  # post/redirect/get: the link is shown once, nothing is resubmitted
            assert page.locator("#share-link").count() == 0
            assert page.locator("table.shares tbody tr").count() == 1

            visitor = browser.new_context().new_page()  # no session cookie
            visitor.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            visitor.goto(share_url)
            shared = visitor.inner_text("body")
            assert (
                "Walk thirty minutes daily" in shared and "Plan reviewed by Dr Ada Smith" in shared
            )
            assert "Download this report as PDF" in shared
            visitor.screenshot(path=str(shots / "5-shared.png"), full_page=True)
            assert "thirty minutes" in _ocr(shots / "5-shared.png")
            with visitor.expect_download() as download:
                visitor.click("text=Download this report as PDF")
            pdf = Path(download.value.path()).read_bytes()
            assert pdf.startswith(b"%PDF")
            (shots / "6-client.pdf").write_bytes(pdf)
            browser.close()
        assert problems == []  # no CSP violations, no script errors
    log_text = (tmp_path / "server.log").read_text()
    assert (
        "Browser Client" not in log_text
        and "/share/" + share_url.rsplit("/", 1)[-1] not in log_text
    )
    assert "alembic" not in log_text.lower()  # `portal serve` prints no migration chatter


def _up(base: str) -> bool:
    try:
        return httpx.get(f"{base}/login", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


HUMANN_PATHWAYS = (
    Path(__file__).parents[1] / "data" / "humann" / "humann39_tests_demo_pathabundance.tsv"
)


def test_functional_profile_in_chromium(tmp_path: Path) -> None:
    """A HUMAnN table given on the sample page: refused with the reader's reason when it is not
    one, stored and the report rebuilt when it is; the portal's report then says which digestive
    functions were measured from genes and which guild they replace."""
    from playwright.sync_api import sync_playwright

    shots = screenshots_folder(tmp_path)
    with served_portal(tmp_path) as (base, _url), sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS
        )
        page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        log_in(page, base)
        page.fill("input[name=name]", "Function Client")
        page.click("button:has-text('Add client')")
        page.wait_for_selector("h1:has-text('Function Client')")
        upload = page.locator("form[action$='/samples']")
        upload.locator("input[name=collected]").fill("2026-09-30")
        upload.locator("input[name=file]").set_input_files(str(DEMO_PROFILE))
        upload.locator("button").click()
        page.wait_for_selector("text=Open report (practitioner view)", timeout=90_000)
        sample_url = page.url.split("?")[0]
        assert "None given: digestive function in the report is inferred from species." in (
            page.inner_text("#functions")
        )

        # A taxonomic profile given as a functional one: the reader's one-line reason.
        form = page.locator("form[action$='/functions']")
        form.locator("input[name=file]").set_input_files(str(DEMO_PROFILE))
        form.locator("button").click()
        page.wait_for_selector("p.error")
        error = page.inner_text("p.error")
        assert error.startswith(f"{DEMO_PROFILE.name}:1: expected a HUMAnN header line")
        page.locator("p.error").screenshot(path=str(shots / "7-functions-refused.png"))

        page.goto(sample_url)
        form = page.locator("form[action$='/functions']")
        form.locator("input[name=file]").set_input_files(str(HUMANN_PATHWAYS))
        form.locator("button").click()
        page.wait_for_selector("p.done")
        assert "Functional profile (HUMAnN table) saved." in page.inner_text("p.done")
        assert "This report is outdated: HUMAnN table (MetaCyc pathways) added" in (
            page.inner_text("body")
        )
        row = page.inner_text("table.functions tbody tr")
        assert "MetaCyc pathways" in row and "demo_Abundance" in row and "27" in row
        wait_for(lambda: (page.reload() or True) and "outdated" not in page.inner_text("body"),
                 timeout=120, every=2)  # fmt: skip
        assert "Report rebuilt" in page.inner_text("body")
        page.screenshot(path=str(shots / "8-sample-functions.png"), full_page=True)
        assert "HUMAnN" in _ocr(shots / "8-sample-functions.png")

        page.click("text=Function Client")
        page.wait_for_selector("h1:has-text('Function Client')")
        assert "MetaCyc pathways" in page.inner_text("table >> nth=0")
        page.screenshot(path=str(shots / "10-client-functions.png"))
        page.goto(sample_url)
        page.click("text=Open report (practitioner view)")
        page.wait_for_load_state()
        body = page.inner_text("body")
        assert "measured from genes" in body
        assert "Butyrate production, MetaCyc pathways" in body
        assert "Superseded: measured from genes instead" in body
        page.locator("h2#functions").scroll_into_view_if_needed()
        page.evaluate("document.getElementById('functions').scrollIntoView()")
        page.screenshot(path=str(shots / "9-report-functions.png"))
        assert "genes" in _ocr(shots / "9-report-functions.png")
        browser.close()
    # Chromium logs the refused upload's 422 as a failed load; nothing else may be logged.
    refused = "Failed to load resource: the server responded with a status of 422"
    assert [m for m in problems if not m.startswith(refused)] == [], problems
