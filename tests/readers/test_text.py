"""A gzip file truncated within the part read for format detection is still detected, and the
reader names the line where the damage is (not a bare 'cannot read file')."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from microbiomix.errors import InputError
from microbiomix.readers import detect_format, read_profiles


def test_truncated_gzip_profile_is_detected_and_the_line_is_named(
    data_dir: Path, tmp_path: Path
) -> None:
    text = (data_dir / "metaphlan_kefir/Subj001_time1_S1.metaphlan3.txt").read_bytes()
    whole = gzip.compress(text * 3)  # the stream ends well after the 64 kB head
    damaged = tmp_path / "s.txt.gz"
    damaged.write_bytes(whole[: len(whole) // 3])
    assert detect_format(damaged) == "metaphlan"
    with pytest.raises(InputError) as caught:
        read_profiles(damaged)
    assert caught.value.line is not None and caught.value.line > 1
    assert "truncated" in str(caught.value)
