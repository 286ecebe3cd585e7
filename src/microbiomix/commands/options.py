"""Options that several commands share, defined once (same choices, default and help)."""

from __future__ import annotations

import argparse

from microbiomix.report.engines import PDF_ENGINES


def add_pdf_engine_option(parser: argparse.ArgumentParser | argparse._ArgumentGroup,
                          default: str | None = "weasyprint") -> None:
    """``--pdf-engine {weasyprint,chromium}`` (``mmm report``, ``batch``, ``demo``, ``portal
    serve``); ``default=None`` lets a caller tell "not given" from the default."""
    parser.add_argument("--pdf-engine", choices=PDF_ENGINES, default=default,
                        help="what lays out the PDF: weasyprint (default) or chromium (the system "
                        "chromium through Playwright, started once per run: several times faster "
                        "per page, for cohorts)")
