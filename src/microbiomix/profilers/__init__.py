"""Profilers: FASTQ reads -> :class:`~microbiomix.profile.Profile`, behind one interface.

A backend drives a real profiler (sourmash, MetaPhlAn 4, Kraken 2) on one sample's reads with one
reference database and returns a :class:`ProfilerRun`: the profile, the read-QC summary and the
provenance that every written profile records (tool, version, database, parameters).

Backends are registered explicitly in :func:`backends`; use :func:`profile_reads` to run one.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from microbiomix.errors import UsageError
from microbiomix.profile import Profile
from microbiomix.readers.fastq import QCSummary
from microbiomix.taxonomy import Lineage


@dataclass(frozen=True)
class Reads:
    """One sample's reads: one FASTQ file, or two for paired ends."""

    r1: Path
    r2: Path | None = None

    @property
    def files(self) -> list[Path]:
        return [self.r1] if self.r2 is None else [self.r1, self.r2]


@dataclass(frozen=True)
class RunOptions:
    """Options shared by every backend.

    Attributes:
        sample_id: the sample's name in the profile.
        threads: CPU threads the profiler may use.
        quiet: no progress bars.
        extra: backend-specific parameters (``threshold_bp`` for sourmash, ``index`` for MetaPhlAn,
            ``confidence`` for Kraken 2), as given on the command line.
    """

    sample_id: str
    threads: int = 1
    quiet: bool = False
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class ProfilerRun:
    """What a backend returns for one sample.

    Attributes:
        profile: percent of the whole sample per taxon (all ranks the database names); ``unknown``
            is the part the profiler did not assign.
        qc: read QC of the input.
        tool: profiler name; ``tool_version`` its version.
        database: a description of the reference database (name and identity).
        parameters: every parameter that changes the result, as text.
        commands: external command lines run, for the record.
        taxids: NCBI taxids of lineages where the database gives them.
    """

    profile: Profile
    qc: QCSummary
    tool: str
    tool_version: str
    database: str
    parameters: dict[str, str]
    commands: list[list[str]] = field(default_factory=list)
    taxids: dict[Lineage, str] = field(default_factory=dict)


class Backend(Protocol):
    """A profiler backend."""

    name: str
    description: str

    def version(self) -> str:
        """The profiler's version (raises UsageError when it is not installed)."""
        ...

    def run(self, reads: Reads, database: Path, options: RunOptions) -> ProfilerRun:
        """Profile one sample.

        Raises:
            InputError: bad reads or database.
            UsageError: the profiler is missing or failed.
        """
        ...


def backends() -> dict[str, Callable[[], Backend]]:
    """Registered backends by name (the first is the default)."""
    from microbiomix.profilers import kraken2, metaphlan, sourmash

    return {
        "sourmash": sourmash.SourmashBackend,
        "metaphlan": metaphlan.MetaPhlAnBackend,
        "kraken2": kraken2.Kraken2Backend,
    }


def get_backend(name: str) -> Backend:
    known = backends()
    if name not in known:
        raise UsageError(f"unknown profiler {name!r}; known: {', '.join(known)}")
    return known[name]()


def progress_disabled(quiet: bool) -> bool:
    """Progress bars only on a terminal and without --quiet."""
    return quiet or not sys.stderr.isatty()


def profile_reads(
    reads: Reads, database: Path, options: RunOptions, backend: str = "sourmash"
) -> ProfilerRun:
    """Run one backend on one sample."""
    return get_backend(backend).run(reads, Path(database), options)
