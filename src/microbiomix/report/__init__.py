"""The report: one document model (:class:`Report`) and its renderers.

Typical use (the CLI and the web portal do exactly this)::

    from microbiomix.pipeline import build_report
    from microbiomix.report import render_html, render_pdf, to_fhir

    report = build_report("sample.metaphlan.txt", labs_path=None, intake_path=None)
    html: str = render_html(report, "practitioner")   # or "client"
    pdf: bytes = render_pdf(report, "client")
    fhir: dict = to_fhir(report)                       # FHIR R4 Bundle
    json_text: str = report.to_json()                  # validates against json_schema()
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from microbiomix.report.views import VIEWS, View

if TYPE_CHECKING:
    from microbiomix.report.fhir import to_fhir
    from microbiomix.report.html import render_html
    from microbiomix.report.model import REPORT_SCHEMA_VERSION, Report, json_schema
    from microbiomix.report.pdf import render_pdf

# Loaded on first use (PEP 562): the document model and renderers take about 0.2 s to import, which
# `mmm report` spends starting Chromium instead, and `mmm report --help` not at all.
_LAZY = {"to_fhir": "fhir", "render_html": "html", "REPORT_SCHEMA_VERSION": "model",
         "Report": "model", "json_schema": "model", "render_pdf": "pdf"}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    globals()[name] = value
    return value

__all__ = [
    "REPORT_SCHEMA_VERSION",
    "VIEWS",
    "Report",
    "View",
    "json_schema",
    "render_html",
    "render_pdf",
    "to_fhir",
]
