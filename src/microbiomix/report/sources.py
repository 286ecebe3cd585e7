"""Adapters from the other stages' outputs (reference, labs, intake, interpretation) to report parts.

The report reads only its own model; this module is the one place that knows how the reference,
lab, intake and interpretation stages present their results, and turns them into
:class:`~microbiomix.report.build.Context`. A stage that is not available, or an input that was not
given, becomes a line in ``Report.missing`` rather than an error.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from microbiomix.errors import UsageError
from microbiomix.profile import Profile
from microbiomix.report.build import Context

if TYPE_CHECKING:
    from microbiomix.pipeline import MarkerResult


def available(module: str) -> bool:
    """Is the stage ``module`` (e.g. ``microbiomix.readers.labs``) in this installation?"""
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def gather_context(
    profile: Profile,
    results: Sequence[MarkerResult],
    labs_path: str | Path | None,
    intake_path: str | Path | None,
    reference: str | Path | None,
) -> Context:
    """Everything beyond the profile that the report shows, as far as it is available."""
    context = Context()
    notes: list[str] = []
    if reference is not None and not available("microbiomix.reference"):
        raise UsageError("--reference needs the healthy-reference module, not in this installation")
    if labs_path is not None and not available("microbiomix.readers.labs"):
        raise UsageError("--labs needs the lab-results reader, not in this installation")
    if intake_path is not None and not available("microbiomix.readers.intake"):
        raise UsageError("--intake needs the intake reader, not in this installation")
    context.interpretation_notes = notes
    return context
