"""`--pdf-engine chromium`: the Debian chromium, through Playwright, prints the same print HTML as
WeasyPrint; its PDF must carry the same text, A4 pages and a correct "page N of M" footer."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from microbiomix.commands.demo import EXAMPLE_PROFILES, example_path
from microbiomix.errors import UsageError
from microbiomix.pipeline import build_report
from microbiomix.report import render_pdf
from microbiomix.report.chromium import ChromiumPrinter, chromium_executable
from microbiomix.report.model import Report

BROWSER = pytest.mark.skipif(
    shutil.which("chromium") is None or shutil.which("pdftotext") is None,
    reason="chromium and poppler-utils not installed; `make test` installs them",
)
FOOTER_LEFT = "microbiomix report · informs, does not diagnose"


@pytest.fixture(scope="module")
def demo_report() -> Report:
    """The bundled demo, as `mmm demo` reports it: the later Subj030 sample, the earlier one as
    re-test baseline, the example labs and intake."""
    return build_report(example_path(EXAMPLE_PROFILES[1]), labs_path=example_path("labs.csv"),
                        intake_path=example_path("intake.yaml"),
                        previous_paths=[example_path(EXAMPLE_PROFILES[0])])


@pytest.fixture(scope="module")
def printer() -> Iterator[ChromiumPrinter]:
    with ChromiumPrinter() as started:
        yield started


def _text(pdf: bytes, tmp_path: Path, name: str, *layout: str) -> str:
    path = tmp_path / name
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", *layout, str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def _model_strings(value: Any, keys: tuple[str, ...] = ("title", "text", "name")) -> set[str]:
    """Every finding and marker title, citation text and taxon/marker name of the document model."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            if key in keys and isinstance(item, str) and len(item) >= 4:
                found.add(item)
            found |= _model_strings(item, keys)
    elif isinstance(value, list):
        for item in value:
            found |= _model_strings(item, keys)
    return found


def _squash(text: str) -> str:
    """Text without whitespace, hyphens or the page footer, so line and page breaks do not matter
    (pdftotext drops a hyphen that ends a line: "types 6-" / "7" reads "types 67")."""
    text = re.sub(r"page \d+ of \d+", "", text.replace(FOOTER_LEFT, ""))
    return re.sub(r"[\s\-\u00ad]+", "", text)


def _found(string: str, squashed: str) -> bool:
    """``string``'s words in order in the squashed text, with at most 80 other characters between
    two words: pdftotext reads a table's left cell (a badge such as "info") into the right cell's
    text where a line of that cell ends, and a summary card's question box (about 60 characters)
    that Chromium repeats at the top of the page the card continues on."""
    words = [w for w in (_squash(word) for word in string.split()) if w]
    return re.search(".{0,80}?".join(map(re.escape, words)), squashed, re.DOTALL) is not None


@pytest.mark.slow
@BROWSER
@pytest.mark.parametrize("view", ["practitioner", "client"])
def test_chromium_pdf_holds_the_same_text_as_the_weasyprint_pdf(
        demo_report: Report, printer: ChromiumPrinter, view: str, tmp_path: Path) -> None:
    weasy = render_pdf(demo_report, view)  # type: ignore[arg-type]
    chromium = printer.render_pdf(demo_report, view)  # type: ignore[arg-type]
    assert chromium.startswith(b"%PDF-")
    # Every word of the body (letters only: the two engines break hyphenated words and long
    # DOIs at different places).
    words = {name: set(re.findall(r"[A-Za-z]+", _text(pdf, tmp_path, name, "-layout")))
             for name, pdf in (("weasy.pdf", weasy), ("chromium.pdf", chromium))}
    assert words["weasy.pdf"] == words["chromium.pdf"]
    assert len(words["weasy.pdf"]) > (1500 if view == "practitioner" else 400)
    # Known answers from the document model: every title, citation and name printed by WeasyPrint
    # is printed by Chromium too.
    weasy_text = _squash(_text(weasy, tmp_path, "weasy.pdf"))
    # pdftotext's reading order can interleave the cells of a table's wrapped rows, its
    # content-stream order (-raw) lists a page's question boxes first: a string counts as printed
    # when either order holds its words in sequence.
    chromium_texts = [_squash(_text(chromium, tmp_path, "chromium.pdf", *order))
                      for order in ((), ("-raw",))]
    printed = [s for s in _model_strings(demo_report.model_dump(mode="json"))
               if _found(s, weasy_text)]
    assert len(printed) > (60 if view == "practitioner" else 8)
    missing = [s for s in printed if not any(_found(s, text) for text in chromium_texts)]
    assert missing == []
    if view == "practitioner":  # the citations (marker sources) are among them
        citations = {m["citation"]["text"] for m in demo_report.model_dump(mode="json")["markers"]}
        assert len(citations & set(printed)) > 5


@pytest.mark.slow
@BROWSER
@pytest.mark.parametrize(("view", "footer"), [("practitioner", "auto"), ("client", "auto"),
                                              ("client", "template")])
def test_chromium_pdf_is_a4_with_page_n_of_m_on_every_page(
        demo_report: Report, printer: ChromiumPrinter, view: str, footer: str,
        tmp_path: Path) -> None:
    before = printer.footer
    if footer == "template":  # the footer an older Chromium (no @page margin boxes) gets
        printer.footer = "template"
    try:
        pdf = printer.render_pdf(demo_report, view)  # type: ignore[arg-type]
    finally:
        printer.footer = before
    pages = _text(pdf, tmp_path, "r.pdf", "-layout").split("\f")[:-1]
    expected_pages = 20 if view == "practitioner" else 6  # as WeasyPrint lays the demo out
    assert len(pages) == expected_pages
    for number, page in enumerate(pages, start=1):
        assert re.findall(r"page \d+ of \d+", page) == [f"page {number} of {expected_pages}"]
        assert page.count(FOOTER_LEFT) == 1
        # the footer is the last line of the page
        assert page.strip().splitlines()[-1].strip().endswith(f"page {number} of {expected_pages}")
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", str(expected_pages), str(tmp_path / "r.pdf")],
                          check=True, capture_output=True, text=True).stdout
    sizes = re.findall(r"Page +\d+ size: +([\d.]+) x ([\d.]+) pts", info)
    assert len(sizes) == expected_pages
    for width, height in sizes:  # A4 = 210 x 297 mm = 595.28 x 841.89 pt
        assert abs(float(width) - 595.28) < 1 and abs(float(height) - 841.89) < 1


@pytest.mark.slow
@BROWSER
def test_cohort_with_chromium_writes_a_pdf_per_sample(tmp_path: Path) -> None:
    profiles = [str(example_path(name)) for name in EXAMPLE_PROFILES[:2]]
    out = tmp_path / "out"
    subprocess.run([sys.executable, "-m", "microbiomix.cli", "report", *profiles, "--output-dir",
                    str(out), "--view", "client", "--pdf-engine", "chromium"], check=True)
    pdfs = sorted(out.glob("*.pdf"))
    assert [p.stem for p in pdfs] == sorted(Path(p).name.split(".")[0] for p in profiles)
    for pdf in pdfs:
        text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                              text=True).stdout
        assert pdf.stem in text and "page 1 of " in text


def test_missing_chromium_is_one_line_naming_what_to_install(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("MMM_CHROMIUM", raising=False)
    with pytest.raises(UsageError, match=r"apt-get install chromium-headless-shell") as error:
        chromium_executable()
    assert "\n" not in str(error.value)


def test_a_browser_that_fails_to_start_is_one_line_at_the_first_print(
        demo_report: Report, monkeypatch: pytest.MonkeyPatch) -> None:
    # The browser starts in the background on entering; a start that fails (here: a program that
    # is not a browser) must surface at the first print as the one-line UsageError, and the
    # printer must still close cleanly.
    monkeypatch.setenv("MMM_CHROMIUM", shutil.which("false") or "/bin/false")
    with ChromiumPrinter() as printer, pytest.raises(UsageError, match=r"could not start") as error:
        printer.render_pdf(demo_report, "client")
    assert "\n" not in str(error.value)


@pytest.mark.slow
@BROWSER
def test_prints_from_many_threads_queue_and_each_gets_its_own_document(
        printer: ChromiumPrinter, tmp_path: Path) -> None:
    # One page prints every document: two prints overlapping would hand one caller the other's.
    documents = {i: f"<html><head></head><body><p>document number {i:03d}</p>"
                    f"{'<p>filler line</p>' * (40 * i)}</body></html>" for i in range(8)}
    printed: dict[int, bytes] = {}

    def call(index: int) -> None:
        printed[index] = printer.pdf_from_html(documents[index])

    threads = [threading.Thread(target=call, args=(i,)) for i in documents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for index, pdf in printed.items():
        numbers = re.findall(r"document number (\d{3})", _text(pdf, tmp_path, f"{index}.pdf"))
        assert numbers == [f"{index:03d}"]
    assert len(printed) == len(documents)


@pytest.mark.slow
@BROWSER
def test_a_killed_browser_is_started_again_for_the_next_print(
        tmp_path: Path, chromium_browsers: Callable[[], list[Any]]) -> None:
    html = "<html><head></head><body><p>after the crash</p></body></html>"
    others = {p.pid for p in chromium_browsers()}  # the module's printer

    def _browser_mains() -> list[Any]:
        return [p for p in chromium_browsers() if p.pid not in others]

    with ChromiumPrinter() as own:
        own.wait_started()
        (browser,) = _browser_mains()
        browser.kill()
        browser.wait(timeout=10)
        assert "after the crash" in _text(own.pdf_from_html(html), tmp_path, "a.pdf")
        assert own.restarts == 1
        (again,) = _browser_mains()
        assert again.pid != browser.pid
        # A renderer that dies (the page crashes) is replaced by a new page of the same browser.
        import psutil

        renderers = [p for p in again.children(recursive=True)
                     if "--type=renderer" in p.cmdline()]
        for renderer in renderers:
            renderer.kill()
        assert "after the crash" in _text(own.pdf_from_html(html), tmp_path, "b.pdf")
        assert own.restarts == 2
        assert [p.pid for p in _browser_mains()] == [again.pid]
        assert psutil.pid_exists(again.pid)
    assert not _browser_mains()


@pytest.mark.slow
@BROWSER
def test_demo_with_chromium_writes_both_pdfs(
        tmp_path: Path, chromium_browsers: Callable[[], list[Any]]) -> None:
    from microbiomix.cli import main

    others = {p.pid for p in chromium_browsers()}  # the module's printer
    assert main(["demo", "-o", str(tmp_path / "demo"), "--pdf-engine", "chromium"]) == 0
    for view in ("practitioner", "client"):
        path = tmp_path / "demo" / f"report-{view}.pdf"
        info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True,
                              text=True).stdout
        assert re.search(r"Producer: +Skia/PDF", info)
        pages = int(re.search(r"Pages: +(\d+)", info).group(1))  # type: ignore[union-attr]
        text = _text(path.read_bytes(), tmp_path, f"{view}.pdf")
        assert "Subj030_time2_S19" in text
        assert re.findall(r"page (\d+) of (\d+)", text) == [
            (str(n), str(pages)) for n in range(1, pages + 1)]
    assert not [p for p in chromium_browsers() if p.pid not in others]


def test_auto_engine_is_chromium_when_installed_else_weasyprint(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line's default (`--pdf-engine auto`): Chromium where Playwright and a system
    Chromium are installed (as `make test` installs them), WeasyPrint where no browser is found."""
    from microbiomix.report.engines import WeasyPrintPrinter, pdf_printer, resolved

    monkeypatch.delenv("MMM_CHROMIUM", raising=False)
    assert resolved("auto") == "chromium"
    assert resolved("weasyprint") == "weasyprint"
    monkeypatch.setenv("PATH", str(tmp_path))  # no chromium on PATH
    assert resolved("auto") == "weasyprint"
    assert isinstance(pdf_printer("auto"), WeasyPrintPrinter)
    assert resolved("chromium") == "chromium"  # named: its own one-line error when it starts


def test_auto_engine_falls_back_to_weasyprint_when_chromium_will_not_start(
        demo_report: Report, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture, tmp_path: Path) -> None:
    # A "Chromium" that is installed but does not start (here: a program that is not a browser)
    # must not cost the default run its PDF: WeasyPrint lays it out, and a warning says why.
    from microbiomix.report.engines import pdf_printer

    monkeypatch.setenv("MMM_CHROMIUM", shutil.which("false") or "/bin/false")
    with caplog.at_level("WARNING"), pdf_printer("auto") as printer:
        assert printer.engine == "chromium"
        pdf = printer.render_pdf(demo_report, "client")
        assert printer.engine == "weasyprint"
        again = printer.render_pdf(demo_report, "client")  # the rest of the run: WeasyPrint
    for number, made in enumerate((pdf, again)):
        (tmp_path / f"{number}.pdf").write_bytes(made)
        info = subprocess.run(["pdfinfo", str(tmp_path / f"{number}.pdf")], check=True,
                              capture_output=True, text=True).stdout
        assert re.search(r"^Producer:\s+WeasyPrint", info, re.MULTILINE), info
    assert "Chromium is not usable here (--pdf-engine chromium: could not start" in caplog.text
