"""PDF rendering with Chromium's print engine (``mmm report --pdf-engine chromium``, and the
command line's ``auto`` default when installed), the second engine beside WeasyPrint: the same print HTML and print stylesheet, printed by Debian's
``chromium-headless-shell`` (or ``chromium``) through Playwright. Measured
(benchmarks/bench_report.py) about 6x less CPU per page than WeasyPrint once the browser is
running, so a cohort starts one browser and reuses it.

Page size and margins come from report.css's ``@page`` (``prefer_css_page_size``; Chromium honours
the ``@page`` margins). The running footer ("microbiomix report · ... page N of M") is drawn by
Chromium itself from the ``@page`` margin boxes from Chromium 131 on; older versions ignore margin
boxes, so there the same footer is given as Playwright's ``footer_template``.

The document model and the HTML renderer are imported on first print, so a one-sample run starts
the browser before loading them.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, Self

from microbiomix.errors import PrinterError, UsageError
from microbiomix.report.views import View

if TYPE_CHECKING:
    from microbiomix.report.model import Report

# The first Chromium that lays out CSS @page margin boxes (Chrome 131 release notes, "Page margin
# boxes"); checked here: 156 draws report.css's footer itself.
MARGIN_BOXES_SINCE = 131
# report.css: @page { margin: 16mm 15mm 18mm } and its two bottom margin boxes, as one template.
FOOTER_STYLE = ("width:100%;margin:0 15mm;display:flex;justify-content:space-between;"
                "font-size:8pt;color:#5f6b7a;font-family:'DejaVu Sans',sans-serif;"
                "-webkit-print-color-adjust:exact")
FOOTER_TEMPLATE = (f'<div style="{FOOTER_STYLE}"><span>microbiomix report · informs, does not '
                   'diagnose</span><span>page <span class="pageNumber"></span> of '
                   '<span class="totalPages"></span></span></div>')
# With the template, the margin boxes are switched off so a newer Chromium does not draw both.
NO_MARGIN_BOXES = ("<style>@page { @bottom-left { content: none } @bottom-right { content: none } }"
                   "</style>")
# Chromium ignores report.css's widows/orphans defaults beside the summary's floated question
# titles and left one line of a finding alone at a page top (seen in the demo practitioner PDF);
# keeping whole paragraphs instead moved the long first card to page 2 and left half of page 1
# empty. Given to Chromium only, so the WeasyPrint output does not change.
CHROMIUM_STYLE = ("<style>@media print { .practitioner .questions .card p { orphans: 3; "
                  "widows: 3; } }</style>")
Footer = Literal["auto", "css", "template"]


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else repr(error)


def chromium_executable() -> str:
    """The system Chromium: ``$MMM_CHROMIUM``, else Debian's ``chromium-headless-shell`` (the
    headless-only build Playwright itself prints with: measured here it starts in 0.2 s instead of
    0.5 s and prints the demo report in 0.4 s instead of 0.7 s, the same pages), else ``chromium``
    or ``chromium-browser`` on PATH."""
    for name in (os.environ.get("MMM_CHROMIUM"), "chromium-headless-shell", "chromium",
                 "chromium-browser"):
        found = shutil.which(name) if name else None
        if found:
            return found
    raise UsageError("--pdf-engine chromium needs the chromium browser: install it "
                     "(Debian: apt-get install chromium-headless-shell) or set MMM_CHROMIUM to "
                     "its path")


def check_available() -> str:
    """The Chromium to start, after checking Playwright is installed (a one-line UsageError for
    what is missing: a run can say so before it starts any work)."""
    if importlib.util.find_spec("playwright") is None:
        raise UsageError("--pdf-engine chromium needs Playwright: pip install "
                         "'microbiomix[report]' (or pip install playwright==1.65.2)")
    return chromium_executable()


class ChromiumPrinter:
    """One headless Chromium, started on entering and closed on leaving, printing any number of
    reports: ``with ChromiumPrinter() as printer: printer.render_pdf(report, view)``.

    Playwright's sync objects belong to the thread that made them, so one worker thread owns the
    browser and does every print: calls from many threads (a server's request threads) queue
    there and run one at a time. Entering only submits the start to it: the browser (about 1 s)
    starts while the caller builds its report, and the first print waits for it.

    A browser or page that died (killed, crashed) is started again once for the print that found
    it dead; if that fails too, :class:`~microbiomix.errors.PrinterError` says so in one line and
    the next print tries again."""

    engine = "chromium"

    def __init__(self, footer: Footer = "auto") -> None:
        self.footer = footer
        self.restarts = 0  # browsers started again after one died
        self._version_footer: Footer = "css"
        self.browser_version = ""
        self._executable = ""
        self._playwright: Any = None
        self._browser: Any = None
        self._page: Any = None
        self._worker: ThreadPoolExecutor | None = None
        self._started: Future[None] | None = None

    def __enter__(self) -> Self:
        self._executable = check_available()
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chromium")
        self._started = self._worker.submit(self._start)
        return self

    def _start(self) -> None:
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        try:
            self._launch()
        except UsageError:
            self._playwright.stop()
            self._playwright = None
            raise

    def _launch(self) -> None:
        from playwright.sync_api import Error as PlaywrightError

        try:
            self._browser = self._playwright.chromium.launch(
                executable_path=self._executable, args=["--no-sandbox", "--disable-gpu"])
        except PlaywrightError as error:
            self._browser = None
            raise UsageError(f"--pdf-engine chromium: could not start {self._executable}: "
                             f"{_first_line(error)}") from None
        self._open_page()
        self.browser_version = self._browser.version
        major = int(self.browser_version.split(".")[0])
        self._version_footer = "css" if major >= MARGIN_BOXES_SINCE else "template"

    def _open_page(self) -> None:
        self._page = self._browser.new_page()
        # The HTML is self-contained: refuse every request, as WeasyPrint's no-fetch rule does.
        self._page.route("**/*", lambda route: route.abort())

    def wait_started(self) -> None:
        """Block until the browser runs (raises the start's one-line error if it did not)."""
        if self._started is None:
            raise RuntimeError("ChromiumPrinter is used inside a with block")
        self._started.result()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        worker, self._worker, self._started = self._worker, None, None
        if worker is not None:
            # Prints already queued finish first; then the browser and Playwright's driver close.
            worker.submit(self._close).result()
            worker.shutdown()

    def _close(self) -> None:
        if self._browser is not None:
            with contextlib.suppress(Exception):  # already dead: nothing left to close
                self._browser.close()
        if self._playwright is not None:
            self._playwright.stop()
        self._playwright = self._browser = self._page = None

    def pdf_from_html(self, html: str) -> bytes:
        """PDF bytes of one self-contained print HTML document (from any thread)."""
        worker, started = self._worker, self._started
        if worker is None or started is None:
            raise RuntimeError("ChromiumPrinter is used inside a with block")
        started.result()  # a failed start is raised here, as its one-line UsageError
        try:
            return worker.submit(self._print_or_restart, html).result()
        except RuntimeError as error:
            if worker is self._worker:
                raise
            raise PrinterError("the Chromium PDF printer has been closed") from error

    def _print_or_restart(self, html: str) -> bytes:
        from playwright.sync_api import Error as PlaywrightError

        try:
            if self._page is not None:  # (None: an earlier restart failed)
                return self._print(html)
        except PlaywrightError:
            pass  # the page or the browser died: start again and print once more
        try:
            if self._browser is not None and self._browser.is_connected():
                if self._page is not None:
                    with contextlib.suppress(PlaywrightError):
                        self._page.close()
                self._open_page()
            else:
                with contextlib.suppress(Exception):
                    self._browser.close()
                self._launch()
            self.restarts += 1
            return self._print(html)
        except (PlaywrightError, UsageError) as error:
            raise PrinterError(f"Chromium could not print the PDF, even after starting it again: "
                               f"{_first_line(error)}") from None

    def _print(self, html: str) -> bytes:
        footer = self._version_footer if self.footer == "auto" else self.footer
        template = footer == "template"
        extra = CHROMIUM_STYLE + (NO_MARGIN_BOXES if template else "")
        html = html.replace("</head>", extra + "</head>", 1)
        self._page.set_content(html, wait_until="load")
        pdf: bytes = self._page.pdf(
            prefer_css_page_size=True, print_background=True,
            display_header_footer=template,
            header_template="<span></span>" if template else None,
            footer_template=FOOTER_TEMPLATE if template else None,
            margin={"top": "16mm", "right": "15mm", "bottom": "18mm", "left": "15mm"},
        )
        return pdf

    def render_pdf(self, report: Report, view: View = "practitioner") -> bytes:
        """The report as PDF bytes, from the same print HTML as :func:`render_pdf`."""
        from microbiomix.report.html import render_html  # after the browser start (see module)

        return self.pdf_from_html(render_html(report, view, for_print=True))
