"""PDF: WeasyPrint output turned into PNG pages with pdftoppm; text extractable with pdftotext."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

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
