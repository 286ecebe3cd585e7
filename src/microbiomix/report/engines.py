"""The PDF engines behind one interface: WeasyPrint (in-process, :mod:`.pdf`) or the system
Chromium (:class:`.chromium.ChromiumPrinter`), chosen by name (``--pdf-engine``, the portal's
``MICROBIOMIX_PDF_ENGINE``); ``auto`` (the command line's default) is Chromium when Playwright and a
system Chromium are installed, else WeasyPrint. A module of its own, light to import: the command
line offers the names without loading the document model, renderers or WeasyPrint."""

from __future__ import annotations

import contextlib
import logging
from types import TracebackType
from typing import TYPE_CHECKING, Protocol, Self

from microbiomix.errors import MicrobiomixError
from microbiomix.report.views import View

if TYPE_CHECKING:
    from microbiomix.report.model import Report

# What can lay out a report PDF: WeasyPrint (in-process) or the system Chromium; "auto" picks one.
PDF_ENGINES = ("auto", "weasyprint", "chromium")


class PdfPrinter(Protocol):
    """A PDF engine, entered once (``with``) and then used for any number of documents."""

    def __enter__(self) -> Self: ...

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None: ...

    def pdf_from_html(self, html: str) -> bytes: ...

    def render_pdf(self, report: Report, view: View = "practitioner") -> bytes: ...

    @property
    def engine(self) -> str: ...


class WeasyPrintPrinter:
    """WeasyPrint behind :class:`PdfPrinter` (nothing to start or close; safe from any thread)."""

    engine = "weasyprint"

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        return None

    def pdf_from_html(self, html: str) -> bytes:
        from microbiomix.report.pdf import pdf_from_html

        return pdf_from_html(html)

    def render_pdf(self, report: Report, view: View = "practitioner") -> bytes:
        from microbiomix.report.pdf import render_pdf

        return render_pdf(report, view)


class AutoPrinter:
    """``auto``: Chromium, falling back to WeasyPrint for the rest of the run if the browser does
    not start or cannot print (installed but unusable here: no sandbox support, missing
    libraries), with a warning naming why: the default must never cost a report its PDF."""

    def __init__(self) -> None:
        from microbiomix.report.chromium import ChromiumPrinter

        self._chromium: PdfPrinter | None = ChromiumPrinter()
        self._weasyprint = WeasyPrintPrinter()

    @property
    def engine(self) -> str:
        return "chromium" if self._chromium is not None else "weasyprint"

    def __enter__(self) -> Self:
        assert self._chromium is not None
        try:
            self._chromium.__enter__()
        except MicrobiomixError as error:
            self._fall_back(error, entered=False)
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self._chromium is not None:
            self._chromium.__exit__(kind, error, trace)

    def _fall_back(self, error: BaseException, entered: bool = True) -> None:
        chromium, self._chromium = self._chromium, None
        if entered and chromium is not None:
            with contextlib.suppress(Exception):
                chromium.__exit__(None, None, None)
        logging.getLogger(__name__).warning(
            "PDF engine auto: Chromium is not usable here (%s); WeasyPrint lays out the PDFs",
            str(error).splitlines()[0] if str(error) else type(error).__name__)

    def pdf_from_html(self, html: str) -> bytes:
        if self._chromium is not None:
            try:
                return self._chromium.pdf_from_html(html)
            except MicrobiomixError as error:  # its one-line start or print failure
                self._fall_back(error)
        return self._weasyprint.pdf_from_html(html)

    def render_pdf(self, report: Report, view: View = "practitioner") -> bytes:
        from microbiomix.report.html import render_html

        return self.pdf_from_html(render_html(report, view, for_print=True))


def resolved(engine: str) -> str:
    """``weasyprint`` or ``chromium`` for a name of :data:`PDF_ENGINES`: ``auto`` is Chromium
    (several times less CPU per page; the same print HTML, text tested equal) when it can start
    here, WeasyPrint otherwise."""
    if engine != "auto":
        return engine
    from microbiomix.errors import UsageError
    from microbiomix.report.chromium import check_available

    try:
        check_available()
    except UsageError:
        return "weasyprint"
    return "chromium"


def pdf_printer(engine: str = "weasyprint") -> PdfPrinter:
    """The PDF engine named ``engine`` (one of :data:`PDF_ENGINES`), not yet started: Chromium's
    browser starts on ``with`` and closes on leaving it, so a run starts it once."""
    if engine == "auto":
        return AutoPrinter() if resolved("auto") == "chromium" else WeasyPrintPrinter()
    if engine == "weasyprint":
        return WeasyPrintPrinter()
    if engine == "chromium":
        from microbiomix.report.chromium import ChromiumPrinter

        return ChromiumPrinter()
    raise ValueError(f"unknown PDF engine {engine!r} (expected one of {', '.join(PDF_ENGINES)})")
