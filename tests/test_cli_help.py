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


def help_text(capsys: pytest.CaptureFixture[str], *command: str) -> str:
    with pytest.raises(SystemExit):
        main([*command, "--help"])
    return " ".join(capsys.readouterr().out.split())


def test_demo_help_says_what_it_makes_and_where(capsys: pytest.CaptureFixture[str]) -> None:
    text = help_text(capsys, "demo")
    assert "default: demo-output" in text
    for kind in ("HTML", "PDF", "JSON", "FHIR", "Prints where each file is"):
        assert kind in text


def test_run_help_names_the_output_folder_as_its_description_does(
    capsys: pytest.CaptureFixture[str],
) -> None:
    text = help_text(capsys, "run")
    assert "-o OUTDIR" in text and "into OUTDIR:" in text


def test_top_level_help_lists_every_command_without_importing_them() -> None:
    # `mmm --help` must stay instant: the command modules (and NumPy, SciPy, the report) are
    # imported only for the command that runs.
    import subprocess
    import sys

    from microbiomix.commands import COMMANDS

    code = ("import sys; from microbiomix.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith(('numpy', 'microbiomix.commands.'))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    listing = " ".join(done.stdout.split())
    for name, summary in COMMANDS.items():
        assert f"{name} {' '.join(summary.split())}" in listing
    assert done.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize("command", ["markers", "demo", "db", "profile", "portal", "report", "functions",
                                     "reference", "interpret", "run", "batch", "formats", "genes"])
def test_every_command_builds_its_own_parser(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from microbiomix.commands import COMMANDS

    assert command in COMMANDS
    assert f"usage: mmm {command}" in help_text(capsys, command)
