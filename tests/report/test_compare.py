"""Re-test threshold: the reliable change index over healthy people's within-person SD (Jacobson &
Truax 1991), else half the healthy reference's standard deviation (Norman et al. 2003)."""

from __future__ import annotations

import pytest

from microbiomix.report.compare import (
    RULE_CITATION,
    WITHIN_CITATION,
    Series,
    Spread,
    compare,
    marker_change,
)
from microbiomix.report.model import TimePoint


def _series(*values: float | None) -> Series:
    return Series(id="shannon", title="Shannon", unit="", values=list(values))


def test_change_beyond_half_sd_is_meaningful() -> None:
    change = marker_change(_series(2.0, 3.0), Spread(sd=1.5, reference="healthy"))
    assert change.change == pytest.approx(1.0)
    assert change.threshold == pytest.approx(0.75)
    assert change.meaningful is True
    assert change.direction == "up"


def test_near_miss_and_boundary_are_not_meaningful() -> None:
    near = marker_change(_series(3.0, 2.3), Spread(sd=1.5, reference="healthy"))
    assert near.change == pytest.approx(-0.7)
    assert near.meaningful is False
    assert near.direction == "down"
    # Exactly at the threshold is not beyond it.
    boundary = marker_change(_series(1.0, 1.5), Spread(sd=1.0, reference="healthy"))
    assert boundary.meaningful is False


def test_without_spread_or_value_there_is_no_call() -> None:
    no_spread = marker_change(_series(1.0, 5.0), None)
    assert no_spread.change == pytest.approx(4.0)
    assert no_spread.meaningful is None and no_spread.threshold is None
    missing = marker_change(_series(None, 5.0), Spread(sd=1.0, reference="healthy"))
    assert missing.change is None and missing.meaningful is None
    assert missing.direction == "unknown"
    zero_sd = marker_change(_series(1.0, 2.0), Spread(sd=0.0, reference="healthy"))
    assert zero_sd.meaningful is None


def test_first_to_last_over_three_time_points() -> None:
    points = [TimePoint(sample_id=s, label=s) for s in ("a", "b", "c")]
    retest = compare(points, [_series(1.0, 9.0, 1.25)], {"shannon": Spread(1.0, "ref")})
    (change,) = retest.changes
    assert change.change == pytest.approx(0.25)
    assert change.meaningful is False
    assert retest.rule_citation.doi == WITHIN_CITATION.doi == "10.1037/0022-006X.59.1.12"
    assert RULE_CITATION.doi == "10.1097/01.MLR.0000062554.74615.4C"  # the fallback rule


def test_within_person_sd_gives_the_reliable_change_threshold() -> None:
    # 1.96 * sqrt(2) * 0.5 = 1.3859...: a change of 1.3 is within day-to-day variation
    spread = Spread(sd=1.0, reference="r", within_sd=0.5, within_note="HMP2")
    small = marker_change(_series(2.0, 3.3), spread)
    assert small.threshold == pytest.approx(1.96 * 2 ** 0.5 * 0.5)
    assert small.meaningful is False and "within-person SD" in small.threshold_basis
    assert marker_change(_series(2.0, 3.4), spread).meaningful is True


def test_taxa_below_the_detection_floor_in_both_samples_are_never_meaningful() -> None:
    spread = Spread(sd=0.001, reference="r", within_sd=0.0001)
    rare = marker_change(Series(id="taxon_x", title="x", unit="%", values=[0.0, 0.09]), spread)
    assert rare.meaningful is False and "detection floor" in rare.threshold_basis
    above = marker_change(Series(id="taxon_x", title="x", unit="%", values=[0.0, 0.2]), spread)
    assert above.meaningful is True


def test_value_count_must_match_time_points() -> None:
    with pytest.raises(ValueError):
        compare([TimePoint(sample_id="a", label="a")], [_series(1.0, 2.0)], {})
