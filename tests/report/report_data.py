"""Paths and published values the report tests use (real kefir MetaPhlAn 3 profiles)."""

from __future__ import annotations

from pathlib import Path

KEFIR = Path(__file__).parent.parent / "data" / "metaphlan_kefir"
EARLIER = KEFIR / "Subj001_time1_S1.metaphlan3.txt"
LATER = KEFIR / "Subj001_time2_S2.metaphlan3.txt"


def published_gmwi2(sample: str) -> float:
    """The GMWI2 value the authors' released tool printed for this profile."""
    return float((KEFIR / f"{sample}.gmwi2_published.txt").read_text().strip())
