"""An installed (non-editable) microbiomix carries every data file the source tree has.

The wheel is built as a user's ``pip install .`` would build it; its ``microbiomix/`` must hold
every file under ``src/microbiomix`` (knowledge, examples, report templates and schema, web
templates, static files and migrations, the workflow), and ``mmm demo`` must run from it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "microbiomix"


def _tree_files() -> set[str]:
    return {
        path.relative_to(PACKAGE.parent).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        check=True, capture_output=True, text=True,
    )
    (built,) = out.glob("microbiomix-*.whl")
    return built


@pytest.mark.slow
def test_wheel_holds_every_package_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = sorted(_tree_files() - names)
    assert not missing, f"add to [tool.setuptools.package-data] in pyproject.toml: {missing}"


@pytest.mark.slow
def test_demo_runs_from_the_installed_package(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site)}  # ahead of the editable checkout
    where = subprocess.run(
        [sys.executable, "-c", "import microbiomix; print(microbiomix.__file__)"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=True,
    )
    assert Path(where.stdout.strip()).is_relative_to(site)
    demo = subprocess.run(
        [sys.executable, "-m", "microbiomix.cli", "demo", "-o", str(tmp_path / "demo")],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=False,
    )
    assert demo.returncode == 0, demo.stderr
    written = {p.name for p in (tmp_path / "demo").iterdir()}
    assert {"markers.tsv", "report.json"} <= written
    header = (tmp_path / "demo" / "markers.tsv").read_text("utf-8").splitlines()[0]
    assert header.split("\t")[:3] == ["sample", "marker", "value"]
