"""The demo-style report opened in headless Chromium (Debian `chromium`, driven by Playwright)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from microbiomix.report import render_html
from microbiomix.report.html import fmt_number
from microbiomix.report.model import Report

CHROMIUM = os.environ.get("MICROBIOMIX_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None,
                       reason="Debian chromium not installed; `make test` installs it"),
]


@pytest.mark.parametrize("view", ["practitioner", "client"])
def test_report_loads_without_console_errors_or_requests(retest_report: Report, view: str,
                                                         tmp_path: Path) -> None:
    playwright = pytest.importorskip("playwright.sync_api")
    page_file = tmp_path / f"{view}.html"
    page_file.write_text(render_html(retest_report, view), encoding="utf-8")  # type: ignore[arg-type]
    errors: list[str] = []
    requests: list[str] = []
    with playwright.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            page = context.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(page_file.as_uri())
            page.wait_for_load_state("load")
            body = page.inner_text("body")
            svg_count = page.locator("svg.plot").count()
            sample_id = page.locator("[data-key=sample-id]").inner_text()
            page.screenshot(path=str(tmp_path / "shot.png"), full_page=True)
        finally:
            context.close()
    assert errors == []
    assert requests == [page_file.as_uri()]  # nothing fetched beyond the file itself
    assert sample_id == "Subj001_time2_S2"
    assert svg_count >= 5
    assert "does not diagnose" in body
    gmwi2 = retest_report.marker("gmwi2")
    assert gmwi2 is not None
    assert fmt_number(gmwi2.value) in body
    assert (tmp_path / "shot.png").stat().st_size > 10_000
