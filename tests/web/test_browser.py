"""A practitioner's session in a real browser (Playwright driving Debian's chromium) against a
real server process: log in, add a client, upload the demo profile, open the report, edit a plan
item, open the share link. Screenshots are read back with OCR (tesseract) for key text."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from microbiomix.web.db import make_engine, make_sessionmaker
from microbiomix.web.models import Sample

from .conftest import DEMO_PROFILE, EXAMPLES, PASSWORD, Portal, wait_for
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


def test_practitioner_session_in_chromium(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    url = f"sqlite:///{tmp_path / 'portal.db'}"
    env = dict(os.environ, DATABASE_URL=url, MICROBIOMIX_COOKIE_SECURE="0")
    env.pop("MICROBIOMIX_SECRET_KEY", None)
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
            [*cli, "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=log,
        )
    shots = tmp_path / "shots"
    shots.mkdir()
    try:
        wait_for(lambda: _up(base), timeout=30)
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS
            )
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            problems: list[str] = []
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(str(e)))

            page.goto(f"{base}/")
            assert page.url.endswith("/login")
            page.fill("input[name=email]", "dr@clinic.test")
            page.fill("input[name=password]", PASSWORD)
            page.click("button:has-text('Log in')")
            page.wait_for_selector("h1:has-text('Clients')")

            page.fill("input[name=name]", "Browser Client")
            page.click("button:has-text('Add client')")
            page.wait_for_selector("h1:has-text('Browser Client')")
            page.screenshot(path=str(shots / "1-client.png"), full_page=True)
            assert "Browser Client" in _ocr(shots / "1-client.png")

            # Lab results and intake (the bundled examples) as uploaded files.
            for kind, name in (("labs", "labs.csv"), ("intake", "intake.yaml")):
                form = page.locator("form[action$='/documents']")
                form.locator("select[name=kind]").select_option(kind)
                form.locator("input[name=file]").set_input_files(str(EXAMPLES / name))
                form.locator("button").click()
                page.wait_for_selector("h1:has-text('Browser Client')")
                assert "error" not in (page.locator("p.error").all_inner_texts() or [""])[0]

            page.set_input_files("form[action$='/samples'] input[name=file]", str(DEMO_PROFILE))
            page.click("button:has-text('Upload sample')")
            page.wait_for_selector("text=Open report (practitioner view)", timeout=60_000)
            sample_url = page.url

            page.click("text=Open report (practitioner view)")
            page.wait_for_load_state()
            assert "Subj001_time1_S1" in page.inner_text("body")
            page.screenshot(path=str(shots / "2-report.png"))
            assert "Subj001" in _ocr(shots / "2-report.png")

            # With the interpretation stage installed the report has a generated plan; without it,
            # give the stored report one known item so the edit can still be exercised.
            engine = make_engine(url)
            with make_sessionmaker(engine)() as db:
                sample_id = db.scalars(select(Sample.id)).one()
            with make_sessionmaker(engine)() as db:
                has_plan = '"plan": []' not in (db.get(Sample, sample_id).report_json or "")
            item = None if has_plan else inject_plan_item(Portal(None, engine, url), sample_id)
            engine.dispose()

            page.goto(sample_url)
            form = page.locator("table.plan form").first
            if item is not None:
                form = page.locator(f"form[action$='/plan/{item}']")
            form.locator("select[name=action]").select_option("change")
            form.locator("textarea[name=text]").fill("Walk thirty minutes daily")
            form.locator("button").click()
            page.wait_for_selector("table.plan tr.status-change")
            page.screenshot(path=str(shots / "3-plan.png"), full_page=True)
            assert "thirty minutes" in _ocr(shots / "3-plan.png")

            page.click("button:has-text('Create share link')")
            share_url = page.get_attribute("#share-link", "href")
            assert share_url and "/share/" in share_url

            visitor = browser.new_context().new_page()  # no session cookie
            visitor.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            visitor.goto(share_url)
            assert "Walk thirty minutes daily" in visitor.inner_text("body")
            visitor.screenshot(path=str(shots / "4-shared.png"), full_page=True)
            assert "thirty minutes" in _ocr(shots / "4-shared.png")
            browser.close()
        assert problems == []  # no CSP violations, no script errors
    finally:
        server.terminate()
        server.wait(timeout=15)
    log_text = (tmp_path / "server.log").read_text()
    assert (
        "Browser Client" not in log_text
        and "/share/" + share_url.rsplit("/", 1)[-1] not in log_text
    )


def _up(base: str) -> bool:
    try:
        return httpx.get(f"{base}/login", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False
