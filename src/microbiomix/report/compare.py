"""Re-test comparison: how each marker changed between samples of one person.

A change is called *meaningful* when it is larger than healthy people's own variation between two
samples: the reliable change index of Jacobson & Truax (1991), ``|change| > 1.96 * sqrt(2) *
SD_within``, with ``SD_within`` the within-person SD between successive samples of healthy people
(HMP2 non-IBD controls, sampled repeatedly; ``knowledge/reference/within_person_variation.tsv``,
made by ``scripts/build_within_person.py``, which says how it was estimated). Such a change would
arise by day-to-day variation alone in fewer than 5% of healthy re-tests. Where no within-person
SD was measured, the older rule applies: half the SD among healthy people (Norman et al. 2003).
Taxon, guild and panel values (percent of the community) below the detection floor
(:data:`DETECTION_FLOOR_PERCENT`) in both samples are never called meaningful. Without either
spread, the change is shown without a call.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from microbiomix.report.model import Citation, MarkerChange, Retest, TimePoint

THRESHOLD_FRACTION_OF_SD = 0.5
RELIABLE_CHANGE_Z = 1.96  # two-sided 5% (Jacobson & Truax 1991)
# Project's choice: below 0.1% of the community a taxon is near the detection limit of shotgun
# profilers, where presence flips between samples by sampling alone.
DETECTION_FLOOR_PERCENT = 0.1
WITHIN_CITATION = Citation(
    text=("Jacobson NS, Truax P 1991. Clinical significance: a statistical approach to defining "
          "meaningful change in psychotherapy research. J Consult Clin Psychol 59:12-19"),
    doi="10.1037/0022-006X.59.1.12",
)
RULE_CITATION = Citation(
    text=(
        "Norman GR, Sloan JA, Wyrwich KW 2003. Interpretation of changes in health-related quality "
        "of life: the remarkable universality of half a standard deviation. Med Care 41:582-592"
    ),
    doi="10.1097/01.MLR.0000062554.74615.4C",
)
RULE = (
    "A change is called meaningful when it exceeds healthy people's own variation between two "
    "samples: 1.96 x sqrt(2) x the within-person SD measured on repeated samples of HMP2 non-IBD "
    "controls (reliable change index, Jacobson & Truax 1991; MetaPhlAn 3 values, so approximate "
    "for other profilers). Where no within-person SD was measured, half the SD among healthy people "
    "in the reference (Norman et al. 2003). Taxon, guild and panel values below "
    f"{DETECTION_FLOOR_PERCENT}% of the community in both samples are never called meaningful. "
    "A meaningful change is larger than day-to-day variation, not proven to matter for health."
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
    within_sd: float | None = None  # SD between successive samples of one healthy person
    within_note: str | None = None  # where that was measured


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
    if spread is not None and spread.within_sd is not None and math.isfinite(spread.within_sd) \
            and spread.within_sd > 0:
        threshold = RELIABLE_CHANGE_Z * math.sqrt(2.0) * spread.within_sd
        basis = (f"1.96 x sqrt(2) x within-person SD {spread.within_sd:.3g} ({spread.within_note}; "
                 "reliable change index, Jacobson & Truax 1991)")
    elif spread is None or not math.isfinite(spread.sd) or spread.sd <= 0:
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
        if series.unit == "%" and first is not None and last is not None \
                and max(first, last) < DETECTION_FLOOR_PERCENT:
            meaningful = False
            basis = (f"below the detection floor ({DETECTION_FLOOR_PERCENT}% of the community) in "
                     "both samples: not called")
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
        rule_citation=WITHIN_CITATION,
    )
