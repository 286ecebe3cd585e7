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

import numpy as np

from microbiomix.errors import UsageError
from microbiomix.profile import Profile
from microbiomix.report.build import Context
from microbiomix.report.compare import Spread

if TYPE_CHECKING:
    from microbiomix.pipeline import MarkerResult
    from microbiomix.reference import Reference


def available(module: str) -> bool:
    """Is the stage ``module`` (e.g. ``microbiomix.readers.labs``) in this installation?"""
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def load_reference(path: str | Path | None) -> Reference:
    """The healthy reference in ``path`` (from ``mmm reference build``), or the bundled one."""
    from microbiomix.reference import Reference, default_reference

    return Reference.load(path) if path is not None else default_reference()


def spreads(reference: Reference) -> dict[str, Spread]:
    """Per marker, the standard deviation (n - 1) of its healthy reference values."""
    out = {}
    for marker_id, values in reference.distributions.items():
        finite = np.asarray(values, dtype=np.float64)
        finite = finite[np.isfinite(finite)]
        if finite.size >= 2:
            out[marker_id] = Spread(sd=float(np.std(finite, ddof=1)), reference=reference.name)
    return out


def gather_context(
    profile: Profile,
    results: Sequence[MarkerResult],
    labs_path: str | Path | None,
    intake_path: str | Path | None,
    reference: Reference | None,
) -> Context:
    """Everything beyond the profile that the report shows, as far as it is available."""
    context = Context()
    notes: list[str] = []
    if reference is not None:
        context.spreads = spreads(reference)
        context.reference_note = (
            f"Healthy reference '{reference.name}' ({reference.profiler}): {reference.description}."
        )
    if labs_path is not None and not available("microbiomix.readers.labs"):
        raise UsageError("--labs needs the lab-results reader, not in this installation")
    if intake_path is not None and not available("microbiomix.readers.intake"):
        raise UsageError("--intake needs the intake reader, not in this installation")
    context.interpretation_notes = notes
    return context
