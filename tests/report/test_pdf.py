"""PDF: pages turned into PNG with pdftoppm, text extractable with pdftotext, pages filled (both
engines)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from microbiomix.pipeline import build_report
from microbiomix.report import render_pdf
from microbiomix.report.model import Report

pytestmark = pytest.mark.skipif(
    shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None,
    reason="poppler-utils (pdftoppm, pdftotext) not installed; `make test` installs it",
)


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    return int(next(line.split()[-1] for line in info.stdout.splitlines()
                    if line.startswith("Pages:")))


@pytest.mark.parametrize("view", ["practitioner", "client"])
def test_pdf_pages_render_and_text_is_extractable(retest_report: Report, view: str,
                                                  tmp_path: Path) -> None:
    pdf = tmp_path / f"{view}.pdf"
    pdf.write_bytes(render_pdf(retest_report, view))  # type: ignore[arg-type]
    assert pdf.read_bytes().startswith(b"%PDF-")
    pages = _pages(pdf)
    assert 2 <= pages <= 30
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pngs = sorted(tmp_path.glob("page-*.png"))
    assert len(pngs) == pages
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and p.stat().st_size > 2000 for p in pngs)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert "Subj001_time2_S2" in text
    assert "does not diagnose" in text
    assert f"page 1 of {pages}" in text  # the print stylesheet's page footer
    if view == "practitioner":
        assert "0.0467" in text and "No lab results provided." in text


# The page box of report.css: A4 (841.89 pt high), top margin 16 mm, bottom margin 18 mm (the
# footer sits in it).
PAGE_TOP, PAGE_BOTTOM = 16 / 25.4 * 72, 841.89 - 18 / 25.4 * 72


def _page_fill(pdf: Path) -> list[tuple[int, float]]:
    """Per page: words above the footer and how far down the page's content area the lowest of
    them reaches (0 = top, 1 = bottom), from pdftotext's word boxes."""
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True,
                           capture_output=True, text=True).stdout
    fill = []
    for page in re.findall(r"<page [^>]*>(.*?)</page>", boxes, re.DOTALL):
        bottoms = [float(y) for y in re.findall(r'yMax="([\d.]+)"', page)
                   if float(y) < PAGE_BOTTOM]
        lowest = max(bottoms, default=PAGE_TOP)
        fill.append((len(bottoms), (lowest - PAGE_TOP) / (PAGE_BOTTOM - PAGE_TOP)))
    return fill


@pytest.fixture(scope="module")
def demo_report() -> Report:
    """The demo (`mmm demo`): later sample, earlier one as baseline, example labs and intake."""
    examples = Path(__file__).parents[2] / "src" / "microbiomix" / "examples"
    return build_report(examples / "Subj030_time2_S19.metaphlan3.txt",
                        labs_path=examples / "labs.csv", intake_path=examples / "intake.yaml",
                        previous_paths=[examples / "Subj030_time1_S18.metaphlan3.txt"])


@pytest.mark.parametrize(("engine", "view", "pages", "last_words"), [
    ("weasyprint", "client", 6, 40), ("weasyprint", "practitioner", 20, 100),
    ("chromium", "client", 6, 40), ("chromium", "practitioner", 20, 100),
])
def test_demo_pdf_has_no_half_empty_page_and_no_stray_last_page(
        demo_report: Report, engine: str, view: str, pages: int, last_words: int,
        tmp_path: Path) -> None:
    # The demo's client report once took 7 pages with WeasyPrint: page 4 two-thirds full (a row of
    # score cards that did not fit moved on whole), page 5 a plot carried over whole, and page 7
    # one bullet. Laid out so that content flows, every page but the last is full to its lower
    # quarter, with either engine (`--pdf-engine auto` uses Chromium where it is installed).
    from microbiomix.report.engines import pdf_printer

    if engine == "chromium" and shutil.which("chromium-headless-shell") is None \
            and shutil.which("chromium") is None:
        pytest.skip("no system Chromium; `make test` installs chromium-headless-shell")
    with pdf_printer(engine) as printer:
        pdf = tmp_path / f"{view}.pdf"
        pdf.write_bytes(printer.render_pdf(demo_report, view))  # type: ignore[arg-type]
    fill = _page_fill(pdf)
    assert len(fill) == _pages(pdf) == pages
    for number, (_, reach) in enumerate(fill[:-1], start=1):
        assert reach > 0.75, f"page {number} ends {reach:.0%} of the way down"
    words_last, _ = fill[-1]
    assert words_last >= last_words  # more than a bullet or two
