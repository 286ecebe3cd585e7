"""Reads to a profile file for one sample: the call the ``mmm profile``/``run``/``batch`` faces share."""

from __future__ import annotations

import re
from pathlib import Path

from microbiomix.errors import UsageError
from microbiomix.profilers import ProfilerRun, Reads, RunOptions, profile_reads
from microbiomix.profilers.writers import write_profile, write_qc


def reads_to_profile(
    r1: str | Path,
    r2: str | Path | None,
    database: str | Path,
    output: str | Path | None,
    sample_id: str | None = None,
    profiler: str = "sourmash",
    output_format: str = "cami",
    threads: int = 1,
    quiet: bool = False,
    extra: dict[str, str] | None = None,
    qc_output: str | Path | None = None,
) -> ProfilerRun:
    """Reads -> QC + profile; writes the profile (and the QC summary as JSON) atomically.

    The sample id defaults to R1's file name up to ``_R1``/``_1``/the first ``.``.
    """
    if threads < 1:
        raise UsageError(f"--threads must be at least 1 (got {threads})")
    reads = Reads(Path(r1), Path(r2) if r2 is not None else None)
    options = RunOptions(
        sample_id=sample_id or sample_id_from_reads(Path(r1)),
        threads=threads,
        quiet=quiet,
        extra=dict(extra or {}),
    )
    run = profile_reads(reads, Path(database), options, profiler)
    if qc_output is not None:
        write_qc(run, qc_output)
    write_profile(run, output, output_format)
    return run


def sample_id_from_reads(path: Path) -> str:
    """``S1_R1.fastq.gz`` -> ``S1``; ``S1_1.fq`` -> ``S1``; ``S1.fastq`` -> ``S1``."""

    stem = path.name.split(".", 1)[0]
    return re.sub(r"[_.-](R?1)$", "", stem) or stem
