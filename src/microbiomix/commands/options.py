"""Options that several commands share, defined once (same choices, default and help)."""

from __future__ import annotations

import argparse

from microbiomix.report.engines import PDF_ENGINES


def add_pdf_engine_option(parser: argparse.ArgumentParser | argparse._ArgumentGroup,
                          default: str | None = "auto", default_said: str = "auto") -> None:
    """``--pdf-engine {auto,weasyprint,chromium}`` (``mmm report``, ``batch``, ``demo``, ``portal
    serve``); ``default=None`` lets a caller tell "not given" from the default it names in
    ``default_said``."""
    parser.add_argument("--pdf-engine", choices=PDF_ENGINES, default=default,
                        help="what lays out the PDF: chromium (the system "
                        "chromium-headless-shell or chromium through Playwright, started once per "
                        "run while the report is built: a one-sample report in about half "
                        "WeasyPrint's time, several times less CPU per page over a cohort), "
                        "weasyprint (in-process, no browser), or auto: chromium when installed, "
                        f"else weasyprint (default: {default_said})")
