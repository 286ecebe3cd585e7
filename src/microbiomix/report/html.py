"""HTML rendering: one self-contained file (inline CSS and SVG, no script, no external resources).

``render_html(report, view)`` is the only entry point. Templates live in ``report/templates`` and are
rendered with autoescaping on, so every piece of text from the report (sample ids, intake answers,
lab names) is escaped.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, StrictUndefined

from microbiomix.report import plots
from microbiomix.report.model import Citation, QuestionnaireScore, Report
from microbiomix.report.views import VIEWS, View

_TEMPLATES: dict[str, str] = {"practitioner": "practitioner.html.j2", "client": "client.html.j2"}


def fmt_number(value: Any, digits: int = 3) -> str:
    """A number for people: ``digits`` significant digits, no exponent for ordinary sizes."""
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    x = float(value)
    if not math.isfinite(x):
        return "–"
    if x == 0:
        return "0"
    if x == int(x) and abs(x) < 1e6:
        return str(int(x))
    magnitude = math.floor(math.log10(abs(x)))
    decimals = max(digits - 1 - magnitude, 0)
    if abs(x) < 1e-4:
        return f"{x:.{digits - 1}e}"
    return f"{x:.{decimals}f}"


def fmt_signed(value: float | None, digits: int = 3) -> str:
    if value is None:
        return "–"
    text = fmt_number(value, digits)
    return text if value < 0 or text == "0" else f"+{text}"


def fmt_date(value: date | datetime | None) -> str:
    if value is None:
        return "date not given"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M UTC")
    return value.isoformat()


def ordinal(value: float) -> str:
    n = round(value)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def plain_band(percentile: float) -> str:
    """A percentile among healthy people in words a client reads (same cut-offs as the
    practitioner's band: 10, 25, 75, 90)."""
    if percentile < 10:
        return "lower than in 9 out of 10 healthy people"
    if percentile < 25:
        return "lower than in most healthy people"
    if percentile <= 75:
        return "in the usual range of healthy people (their middle half)"
    if percentile <= 90:
        return "higher than in most healthy people"
    return "higher than in 9 out of 10 healthy people"


def doi_url(doi: str) -> str:
    return f"https://doi.org/{doi}"


class CitationIndex:
    """Numbers citations in order of first use, so tables carry ``[n]`` and each source is
    printed once, in the numbered reference list at the end of the document."""

    def __init__(self) -> None:
        self._numbers: dict[tuple[str, str | None, str | None, str | None], int] = {}
        self.items: list[Citation] = []

    def __call__(self, citation: Citation) -> int:
        key = (citation.text, citation.doi, citation.pmid, citation.url)
        if key not in self._numbers:
            self.items.append(citation)
            self._numbers[key] = len(self.items)
        return self._numbers[key]


class NoteIndex:
    """Letters (a, b, ...) for notes repeated across table rows, listed once below the table."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def __call__(self, note: str) -> str:
        if note not in self.items:
            self.items.append(note)
        return self.letter(self.items.index(note))

    @staticmethod
    def letter(index: int) -> str:
        return chr(ord("a") + index) if index < 26 else f"n{index + 1}"


def _bytecode_cache() -> FileSystemBytecodeCache | None:
    """Jinja's compiled-template cache in its private per-user temporary folder: compiling the
    report templates takes about 0.2 s at every start. A stale entry is never used (Jinja compares
    each template's source checksum); without a usable folder, templates are compiled each time."""
    try:
        return FileSystemBytecodeCache()
    except (OSError, RuntimeError):
        return None


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("microbiomix.report", "templates"),
        bytecode_cache=_bytecode_cache(),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(num=fmt_number, signed=fmt_signed, day=fmt_date, ordinal=ordinal,
                       doi_url=doi_url, plain_band=plain_band)
    env.globals["plots"] = plots
    return env


def render_html(report: Report, view: View = "practitioner", *, for_print: bool = False) -> str:
    """The report as one self-contained HTML document.

    Args:
        report: the document model.
        view: ``practitioner`` (full detail, citations) or ``client`` (plain language, actions).
        for_print: the HTML the PDF is made from. With two samples, the practitioner's re-test
            table then shows an up/down arrow instead of a sparkline (one straight line says no
            more, and each inline SVG costs WeasyPrint about 15 ms).
    """
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; choose one of {', '.join(VIEWS)}")
    template = environment().get_template(_TEMPLATES[view])
    groups: dict[str, list[Any]] = {}
    for marker in report.markers:
        groups.setdefault(marker.group, []).append(marker)
    panel_rows = {
        g: [(m.title, m.value, m.percentile) for m in members] for g, members in groups.items()
    }
    return template.render(r=report, view=view, groups=groups, panel_rows=panel_rows,
                           instruments=questionnaire_groups(report), refs=CitationIndex(),
                           notes=NoteIndex(), for_print=for_print)


def questionnaire_groups(report: Report) -> list[tuple[str, list[QuestionnaireScore]]]:
    """Questionnaire scores by instrument, in report order (totals and subscales together)."""
    out: dict[str, list[QuestionnaireScore]] = {}
    for score in report.questionnaires:
        out.setdefault(score.instrument, []).append(score)
    return list(out.items())
