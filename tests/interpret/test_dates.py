"""Labs and intake matched to a sample by its collection date (issue 11)."""

from __future__ import annotations

import json
from datetime import date

from microbiomix.interpretation.engine import intake_for_sample
from microbiomix.readers.intake import Intake, parse_intake


def intake(day: str | None) -> Intake:
    data: dict[str, object] = {"demographics": {"age": 40}}
    if day:
        data["collected"] = day
    return parse_intake(json.dumps(data))


def test_newest_intake_up_to_30_days_after_the_sample() -> None:
    versions = [intake("2025-01-10"), intake("2026-05-01"), intake("2026-06-25"), intake("2026-07-02")]
    # sample 2026-06-01: 2026-06-25 is within 30 days after it, 2026-07-02 is not
    assert intake_for_sample(versions, date(2026, 6, 1)).collected == date(2026, 6, 25)  # type: ignore[union-attr]
    # a baseline sample from a year before reads the intake of its own time
    assert intake_for_sample(versions, date(2025, 1, 15)).collected == date(2025, 1, 10)  # type: ignore[union-attr]
    # before every intake: the earliest (the report notes the gap)
    assert intake_for_sample(versions, date(2024, 1, 1)).collected == date(2025, 1, 10)  # type: ignore[union-attr]
    # no collection date: the newest
    assert intake_for_sample(versions, None).collected == date(2026, 7, 2)  # type: ignore[union-attr]
    assert intake_for_sample([], date(2026, 6, 1)) is None
