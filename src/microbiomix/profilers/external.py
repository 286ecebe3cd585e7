"""Shared plumbing for backends that run an external profiler on the read files."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from microbiomix.errors import UsageError
from microbiomix.profile import Profile
from microbiomix.readers import formats, read_profiles


def find_executable(name: str, package: str) -> str:
    """The executable in this Python environment's bin folder, else on PATH.

    Raises:
        UsageError: not installed (``package`` says where it comes from).
    """
    beside = Path(sys.executable).parent / name
    if beside.is_file():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise UsageError(f"{name} not found; install {package}")
    return found


def run_tool(command: list[str], tool: str) -> subprocess.CompletedProcess[str]:
    """Run a profiler; a non-zero exit becomes a UsageError with its last message line."""
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        lines = [ln for ln in (done.stderr + done.stdout).strip().splitlines() if ln.strip()]
        raise UsageError(
            f"{tool} failed (exit {done.returncode}): {lines[-1] if lines else 'no message'}"
        )
    return done


def read_tool_output(
    path: Path, input_format: str, sample_id: str, tool_version: str, database: str, source: str
) -> Profile:
    """Read a profiler's own output with the project's reader and complete its provenance."""
    if input_format not in formats():
        raise UsageError(f"no reader for {input_format!r} output is installed")
    profile = read_profiles(path, input_format, sample_id)[0]
    profile.provenance = replace(
        profile.provenance, tool_version=tool_version, database=database, source=source
    )
    return profile
