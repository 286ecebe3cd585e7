"""Fixtures for the report tests: reports built from the real kefir MetaPhlAn 3 profiles."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from report_data import EARLIER, LATER

from microbiomix.pipeline import build_report
from microbiomix.report.model import Report


@pytest.fixture(scope="session")
def retest_report() -> Report:
    """The later sample reported with the earlier one as baseline; no labs, no intake."""
    report = build_report(LATER, previous_paths=[EARLIER])
    report.generated = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    return report


@pytest.fixture(scope="session")
def single_report() -> Report:
    return build_report(EARLIER)
