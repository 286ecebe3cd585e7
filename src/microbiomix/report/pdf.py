"""PDF rendering with WeasyPrint: the HTML view laid out for A4 by the print stylesheet."""

from __future__ import annotations

import logging

from microbiomix.report.html import render_html
from microbiomix.report.model import Report, View


def _no_fetch(url: str, timeout: int = 10, ssl_context: object = None) -> dict[str, object]:
    # The HTML is self-contained; refuse any URL (no network, no local files) if one slipped in.
    raise ValueError(f"report PDF rendering does not fetch resources ({url})")


def render_pdf(report: Report, view: View = "practitioner") -> bytes:
    """The report as PDF bytes (A4, page numbers in the footer).

    Args:
        report: the document model.
        view: ``practitioner`` or ``client``.
    """
    from weasyprint import HTML  # imported here: the report extra is optional for the library

    # WeasyPrint logs unsupported CSS (e.g. `gap` on grids in some versions) at warning level.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    html = render_html(report, view, for_print=True)
    document = HTML(string=html, url_fetcher=_no_fetch, base_url=None)
    pdf: bytes = document.write_pdf()
    return pdf
