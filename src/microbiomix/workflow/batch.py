"""Running the packaged Snakemake workflow over a sample sheet."""

from __future__ import annotations

import csv
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from microbiomix.errors import InputError, UsageError
from microbiomix.outputs import write_json
from microbiomix.readers.text import numbered_lines
from microbiomix.workflow import snakefile

_SAMPLE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class Sample:
    sample: str
    r1: Path
    r2: Path | None


def read_sample_sheet(path: Path) -> list[Sample]:
    """``sample,r1[,r2]`` CSV (header required); relative read paths are relative to the sheet.

    Raises:
        InputError: missing columns, bad or repeated sample ids, missing read files.
    """
    samples: list[Sample] = []
    header: list[str] | None = None
    seen: dict[str, int] = {}
    for number, line in numbered_lines(path):
        if not line.strip() or line.startswith("#"):
            continue
        fields = [f.strip() for f in next(csv.reader([line]))]
        if header is None:
            header = [f.lower() for f in fields]
            for required in ("sample", "r1"):
                if required not in header:
                    raise InputError(path, number, f"expected a {required!r} column", line)
            continue
        row = dict(zip(header, fields, strict=False))
        name = row.get("sample", "")
        if not _SAMPLE_ID.match(name):
            raise InputError(
                path, number, "expected a sample id of letters, digits, '.', '_' or '-'", name
            )
        if name in seen:
            raise InputError(
                path, number, f"sample listed twice (first on line {seen[name]})", name
            )
        seen[name] = number
        reads: list[Path | None] = []
        for column in ("r1", "r2"):
            value = row.get(column, "")
            if not value:
                reads.append(None)
                continue
            file = Path(value) if Path(value).is_absolute() else path.parent / value
            if not file.is_file():
                raise InputError(path, number, f"{column} file not found", value)
            reads.append(file.resolve())
        if reads[0] is None:
            raise InputError(path, number, "expected an r1 file", line)
        samples.append(Sample(name, reads[0], reads[1]))
    if not samples:
        raise InputError(path, None, "expected a header (sample,r1,r2) and at least one sample")
    return samples


def report_available() -> bool:
    """Whether this installation has the ``mmm report`` command."""
    from microbiomix import cli

    return "report" in cli._COMMAND_MODULES


def run_batch(
    sheet: Path,
    database: Path,
    output: Path,
    cores: int,
    executor: str | None = None,
    profile_options: list[str] | None = None,
    threads_per_sample: int = 1,
    extra_snakemake: list[str] | None = None,
) -> int:
    """Write the workflow config into ``output`` and run Snakemake there; its exit code.

    Raises:
        UsageError: Snakemake failed (the message points at its logs).
    """
    if cores < 1 or threads_per_sample < 1:
        raise UsageError(
            f"--cores and --threads-per-sample must be at least 1 (got {cores} and "
            f"{threads_per_sample})"
        )
    if executor:
        check_executor(executor)
    samples = read_sample_sheet(sheet)
    if not Path(database).exists():
        raise InputError(database, None, "database not found")
    output.mkdir(parents=True, exist_ok=True)
    config = {
        "python": sys.executable,
        "db": str(Path(database).resolve()),
        "profile_options": shlex.join(profile_options or []),
        "threads_per_sample": threads_per_sample,
        "report": report_available(),
        "samples": {
            s.sample: {"r1": str(s.r1), **({"r2": str(s.r2)} if s.r2 else {})} for s in samples
        },
    }
    config_path = output / "batch-config.json"
    write_json(config_path, config)
    command = batch_command(output, config_path, cores, executor, extra_snakemake)
    done = subprocess.run(command, check=False)
    if done.returncode != 0:
        raise UsageError(
            f"the workflow stopped (Snakemake exit {done.returncode}); finished samples are kept, "
            f"see {output / 'logs'} and rerun the same command to resume"
        )
    return 0


def check_executor(name: str) -> None:
    """Refuse an executor Snakemake does not have (before it prints its whole usage text).

    Raises:
        UsageError: no such executor plugin is installed.
    """
    from snakemake_interface_executor_plugins.registry import ExecutorPluginRegistry

    installed = sorted(ExecutorPluginRegistry().plugins)
    if name not in installed:
        raise UsageError(
            f"Snakemake executor {name!r} is not installed (installed: {', '.join(installed)}); "
            f"install its plugin, e.g. pip install snakemake-executor-plugin-{name}"
        )


def batch_command(
    output: Path,
    config_path: Path,
    cores: int,
    executor: str | None,
    extra: list[str] | None = None,
) -> list[str]:
    command = [
        sys.executable,
        "-m",
        "snakemake",
        "--snakefile",
        str(snakefile()),
        "--directory",
        str(output),
        "--configfile",
        str(config_path),
        "--cores",
        str(cores),
        "--rerun-incomplete",
        "--keep-going",
        "--printshellcmds",
    ]
    if executor:
        command += ["--executor", executor]
    return command + list(extra or [])
