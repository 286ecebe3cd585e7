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

from microbiomix.report.fhir import to_fhir
from microbiomix.report.html import render_html
from microbiomix.report.model import REPORT_SCHEMA_VERSION, VIEWS, Report, View, json_schema
from microbiomix.report.pdf import render_pdf

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
