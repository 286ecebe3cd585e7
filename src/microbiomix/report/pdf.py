"""PDF rendering with WeasyPrint: the HTML view laid out for A4 by the print stylesheet (the default
engine; :mod:`microbiomix.report.engines` chooses between it and Chromium)."""

from __future__ import annotations

import contextlib
import io
import logging
import sys
from functools import cache
from typing import Any

from microbiomix.report.html import render_html
from microbiomix.report.model import Report
from microbiomix.report.views import View


def _no_fetch(url: str, timeout: int = 10, ssl_context: object = None) -> dict[str, object]:
    # The HTML is self-contained; refuse any URL (no network, no local files) if one slipped in.
    raise ValueError(f"report PDF rendering does not fetch resources ({url})")


@cache
def weasyprint_html() -> Any:
    """WeasyPrint's ``HTML`` class, imported once (the report extra is optional for the library).

    On Linux, WeasyPrint asks cffi for each of its libraries under several names ('libpango-1.0-0',
    'pango-1.0', ... 'libpango-1.0.so.0'); each name the dynamic loader does not know goes to
    ``ctypes.util.find_library``, which starts ldconfig, gcc and ld: 55 processes and about 0.2 s
    wall of a 0.45 s import, measured. The '.so.N' name later in each list loads directly, so
    the import is tried first without that search, and once more with it if a library is then
    not found (an unusual installation).
    """
    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # unsupported-CSS warnings
    if not sys.platform.startswith("linux") or "weasyprint" in sys.modules:
        from weasyprint import HTML
        return HTML
    import ctypes.util

    find_library = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # its "could not import" advice
            from weasyprint import HTML
    except OSError:
        for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
            del sys.modules[name]
        ctypes.util.find_library = find_library
        from weasyprint import HTML
    finally:
        ctypes.util.find_library = find_library
    return HTML


def pdf_from_html(html: str) -> bytes:
    """PDF bytes of one self-contained print HTML document (see ``render_html(for_print=True)``)."""
    document = weasyprint_html()(string=html, url_fetcher=_no_fetch, base_url=None)
    pdf: bytes = document.write_pdf()
    return pdf


def render_pdf(report: Report, view: View = "practitioner") -> bytes:
    """The report as PDF bytes (A4, page numbers in the footer).

    Args:
        report: the document model.
        view: ``practitioner`` or ``client``.
    """
    return pdf_from_html(render_html(report, view, for_print=True))


