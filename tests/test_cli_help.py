"""What `mmm ... --help` promises (the README sends readers there)."""

from __future__ import annotations

import pytest

from microbiomix.cli import main
from microbiomix.markers import registry


def test_markers_help_lists_every_marker_with_its_doi(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["markers", "--help"])
    assert stopped.value.code == 0
    lines = capsys.readouterr().out.splitlines()
    for marker in registry().values():
        spec = marker.spec
        (line,) = [ln for ln in lines if ln.split()[:1] == [spec.id]]
        assert spec.title in line and (spec.doi is None or f"doi:{spec.doi}" in line)
