"""Re-test comparison: how each marker changed between samples of one person.

A change is called *meaningful* only when it is larger than half the standard deviation of that
marker among the healthy reference population. This is the distribution-based rule of thumb for a
minimal important difference described by Norman, Sloan & Wyrwich (2003), borrowed here because no
published test-retest variability exists for most microbiome indices: it says that the change is
large compared with how much healthy people differ from one another, not that it matters clinically.
Where the reference has no spread for a marker, the change is shown without a call.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from microbiomix.report.model import Citation, MarkerChange, Retest, TimePoint

THRESHOLD_FRACTION_OF_SD = 0.5
RULE_CITATION = Citation(
    text=(
        "Norman GR, Sloan JA, Wyrwich KW 2003. Interpretation of changes in health-related quality "
        "of life: the remarkable universality of half a standard deviation. Med Care 41:582-592"
    ),
    doi="10.1097/01.MLR.0000062554.74615.4C",
)
RULE = (
    "A change is called meaningful when it exceeds half the standard deviation of the marker among "
    "healthy people in the reference population (a distribution-based rule, Norman et al. 2003). "
    "The rule was proposed for questionnaire scores and has not been validated for microbiome "
    "markers; it marks a change that is large compared with the differences between healthy people, "
    "not one proven to matter for health. Markers without a reference spread are shown without a call."
)


@dataclass(frozen=True)
class Series:
    """One marker's values over the time points (oldest first)."""

    id: str
    title: str
    unit: str
    values: Sequence[float | None]
    group: str = "other"


@dataclass(frozen=True)
class Spread:
    """A marker's standard deviation among the healthy reference population."""

    sd: float
    reference: str
    note: str | None = None  # how the reference values were obtained (Reference.sources)


def _direction(change: float | None) -> str:
    if change is None:
        return "unknown"
    if change > 0:
        return "up"
    if change < 0:
        return "down"
    return "unchanged"


def marker_change(series: Series, spread: Spread | None) -> MarkerChange:
    """The change from the first to the last value, with the threshold call (see module docs)."""
    first, last = series.values[0], series.values[-1]
    change = None if first is None or last is None else last - first
    if spread is None or not math.isfinite(spread.sd) or spread.sd <= 0:
        threshold = None
        basis = "no healthy-reference spread for this marker: change shown without a call"
    else:
        threshold = THRESHOLD_FRACTION_OF_SD * spread.sd
        basis = f"half the standard deviation among healthy people ({spread.reference}" + (
            f"; {spread.note})" if spread.note else ")")
    if change is None:
        meaningful = None
        basis = "not compared: the value is missing in at least one sample"
    else:
        meaningful = None if threshold is None else abs(change) > threshold
    return MarkerChange(
        id=series.id,
        title=series.title,
        unit=series.unit,
        group=series.group,
        values=list(series.values),
        change=change,
        threshold=threshold,
        threshold_basis=basis,
        meaningful=meaningful,
        direction=_direction(change),  # type: ignore[arg-type]
    )


def compare(
    timepoints: Sequence[TimePoint],
    series: Sequence[Series],
    spreads: Mapping[str, Spread],
) -> Retest:
    """The re-test section: one :class:`MarkerChange` per marker, in the order given."""
    for s in series:
        if len(s.values) != len(timepoints):
            raise ValueError(f"marker {s.id}: {len(s.values)} values for {len(timepoints)} samples")
    return Retest(
        timepoints=list(timepoints),
        changes=[marker_change(s, spreads.get(s.id)) for s in series],
        rule=RULE,
        rule_citation=RULE_CITATION,
    )
