"""Kraken 2 backend: exact k-mer matches against a Kraken 2 database, the report read back.

Wood DE, Lu J, Langmead B. "Improved metagenomic analysis with Kraken 2." Genome Biol 20:257 (2019),
doi:10.1186/s13059-019-1891-0.

The database is one a user built or downloaded (a folder with ``hash.k2d``, ``opts.k2d`` and
``taxo.k2d``); microbiomix does not ship one. Abundances are Kraken 2's read percentages per clade
from its report (``--report``), unclassified reads being the unknown part.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from pathlib import Path

from microbiomix.errors import InputError, UsageError
from microbiomix.profilers import ProfilerRun, Reads, RunOptions
from microbiomix.profilers.external import find_executable, read_tool_output, run_tool
from microbiomix.readers.fastq import qc_summary

DATABASE_FILES = ("hash.k2d", "opts.k2d", "taxo.k2d")
DEFAULT_CONFIDENCE = "0.0"  # Kraken 2's own default (kraken2 --help: --confidence)


def check_database(database: Path) -> None:
    missing = [name for name in DATABASE_FILES if not (database / name).is_file()]
    if missing:
        raise InputError(
            database,
            None,
            f"expected a Kraken 2 database folder (missing {', '.join(missing)}); build one with "
            "kraken2-build or download a prebuilt one",
        )


def kraken2_command(
    executable: str, reads: Reads, database: Path, options: RunOptions, report: Path
) -> list[str]:
    command = [
        executable,
        "--db",
        str(database),
        "--threads",
        str(options.threads),
        "--confidence",
        options.extra.get("confidence", DEFAULT_CONFIDENCE),
        "--report",
        str(report),
        "--output",
        os.devnull,
    ]
    if any(str(f).endswith(".gz") for f in reads.files):
        command.append("--gzip-compressed")
    if reads.r2 is not None:
        command.append("--paired")
    return command + [str(f) for f in reads.files]


def version() -> str:
    executable = find_executable("kraken2", "Debian package kraken2")
    done = subprocess.run([executable, "--version"], capture_output=True, text=True, check=False)
    match = re.search(r"version (\S+)", done.stdout)
    if match is None:
        raise UsageError("cannot tell the Kraken 2 version from kraken2 --version")
    return match.group(1)


class Kraken2Backend:
    name = "kraken2"
    description = "Kraken 2 (needs a Kraken 2 database)"

    def version(self) -> str:
        return version()

    def run(self, reads: Reads, database: Path, options: RunOptions) -> ProfilerRun:
        check_database(database)
        executable = find_executable("kraken2", "Debian package kraken2")
        tool_version = version()
        qc = qc_summary(reads.r1, reads.r2)
        with tempfile.TemporaryDirectory(prefix="mmm-kraken2-") as tmp:
            report = Path(tmp) / "report.txt"
            command = kraken2_command(executable, reads, database, options, report)
            run_tool(command, "Kraken 2")
            profile = read_tool_output(
                report,
                "kraken2-report",
                options.sample_id,
                tool_version,
                str(database),
                ", ".join(str(f) for f in reads.files),
            )
        parameters = {"confidence": options.extra.get("confidence", DEFAULT_CONFIDENCE)}
        return ProfilerRun(
            profile=profile,
            qc=qc,
            tool="Kraken 2",
            tool_version=tool_version,
            database=str(database),
            parameters=parameters,
            commands=[["kraken2", *command[1:]]],
        )
