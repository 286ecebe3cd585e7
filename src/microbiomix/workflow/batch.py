"""Running the packaged Snakemake workflow over a sample sheet."""

from __future__ import annotations

import csv
import math
import os
import pwd
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass, field
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


@dataclass(frozen=True)
class ProfileSettings:
    """How every sample is profiled (``mmm profile``'s --profiler, --format and backend options)."""

    profiler: str = "sourmash"
    output_format: str = "cami"
    extra: dict[str, str] = field(default_factory=dict)


# Chunks per parallel slot when --samples-per-job is not given: enough that slots finishing early
# take another chunk (samples differ in size), few enough that start-up (1-2 s per job process, plus
# Snakemake's own per-job start on a cluster) is paid once per several samples.
CHUNKS_PER_SLOT = 4
# A job runs its samples one after another within one --runtime limit; this bounds its length.
MOST_SAMPLES_PER_JOB = 20


def default_samples_per_job(samples: int, slots: int) -> int:
    """Samples per job so that each of ``slots`` parallel jobs gets about CHUNKS_PER_SLOT chunks."""
    return max(1, min(MOST_SAMPLES_PER_JOB, samples // (CHUNKS_PER_SLOT * max(1, slots))))


def plan_chunks(samples: list[str], per_job: int) -> dict[str, list[str]]:
    """Samples (in name order) cut into runs of ``per_job``; chunk names sort in that order."""
    ordered = sorted(samples)
    count = math.ceil(len(ordered) / per_job)
    width = len(str(count))
    return {
        f"chunk{index + 1:0{width}d}": ordered[index * per_job : (index + 1) * per_job]
        for index in range(count)
    }


@dataclass(frozen=True)
class ClusterOptions:
    """What each job (one chunk of samples) asks a scheduler for, and how many may be queued.

    Attributes:
        jobs: most jobs submitted at the same time.
        mem_mb: memory per job in MB (Snakemake resource ``mem_mb``).
        runtime_min: wall-clock limit per job in minutes (resource ``runtime``).
        partition: scheduler partition / queue (``slurm_partition``); None = the cluster's default.
        account: account to charge (``slurm_account``); None = submit without one.
        retries: times a failed or killed job is resubmitted before the sample counts as failed.
        profile: a Snakemake profile folder (``config.yaml``) with site settings; command-line
            options given here win over it.
    """

    jobs: int = 100
    mem_mb: int = 2000
    runtime_min: int = 60
    partition: str | None = None
    account: str | None = None
    retries: int = 1
    profile: Path | None = None

    def check(self) -> None:
        for name, value in (("--jobs", self.jobs), ("--mem-mb", self.mem_mb),
                            ("--runtime", self.runtime_min)):
            if value < 1:
                raise UsageError(f"{name} must be at least 1 (got {value})")
        if self.retries < 0:
            raise UsageError(f"--retries must be 0 or more (got {self.retries})")
        if self.profile is not None and not (self.profile / "config.yaml").is_file():
            raise UsageError(f"--cluster-profile {self.profile}: expected a folder with config.yaml")

    def snakemake_args(self, executor: str) -> list[str]:
        resources = [f"mem_mb={self.mem_mb}", f"runtime={self.runtime_min}"]
        args = ["--jobs", str(self.jobs), "--retries", str(self.retries)]
        if self.profile is not None:
            args += ["--workflow-profile", str(self.profile.resolve())]
        if executor == "slurm":
            if self.partition:
                resources.append(f"slurm_partition={self.partition}")
            if self.account:
                resources.append(f"slurm_account={self.account}")
        return args + ["--default-resources", *resources]


def run_batch(
    sheet: Path,
    database: Path,
    output: Path,
    cores: int,
    executor: str | None = None,
    profiling: ProfileSettings | None = None,
    threads_per_sample: int = 1,
    extra_snakemake: list[str] | None = None,
    cluster: ClusterOptions | None = None,
    humann_options: list[str] | None = None,
    gene_db: Path | None = None,
    samples_per_job: int | None = None,
    pdf_engine: str | None = None,
) -> int:
    """Write the workflow config into ``output`` and run Snakemake there; its exit code.

    Samples are cut into chunks of ``samples_per_job`` (default: :func:`default_samples_per_job`);
    each chunk is one job, one process, running each of its samples from reads to report
    (:mod:`microbiomix.workflow.job`). With an ``executor`` (e.g. ``slurm``) each chunk is a
    scheduler job asking for ``cluster``'s resources and ``threads_per_sample`` cores.

    With ``humann_options`` (a list, possibly empty; None = no HUMAnN) each sample's reads also go
    through HUMAnN (``mmm functions`` with those options, one job per sample: an external program
    running minutes to hours) and its report measures function from genes. With ``gene_db`` (a
    ``mmm db build-genes`` folder) resistance/virulence genes are called per sample (``mmm genes``,
    its own job) and go into the report. With ``pdf_engine`` (``auto``, ``weasyprint`` or
    ``chromium``) each sample's report is also written as PDF, by one engine per job (one browser
    per chunk; ``auto`` is decided in each job).

    Raises:
        UsageError: Snakemake failed (the message points at its logs).
    """
    if cores < 1 or threads_per_sample < 1:
        raise UsageError(
            f"--cores and --threads-per-sample must be at least 1 (got {cores} and "
            f"{threads_per_sample})"
        )
    if samples_per_job is not None and samples_per_job < 1:
        raise UsageError(f"--samples-per-job must be at least 1 (got {samples_per_job})")
    cluster = cluster or ClusterOptions()
    profiling = profiling or ProfileSettings()
    if executor:
        check_executor(executor)
        cluster.check()
    samples = read_sample_sheet(sheet)
    if not Path(database).exists():
        raise InputError(database, None, "database not found")
    if gene_db is not None and not (Path(gene_db) / "manifest.json").is_file():
        raise InputError(gene_db, None, "expected a gene database folder made by mmm db build-genes")
    if samples_per_job is None:
        slots = cluster.jobs if executor else max(1, cores // threads_per_sample)
        samples_per_job = default_samples_per_job(len(samples), slots)
    output.mkdir(parents=True, exist_ok=True)
    config = {
        "python": sys.executable,
        "db": str(Path(database).resolve()),
        "profiler": profiling.profiler,
        "profile_format": profiling.output_format,
        "profile_extra": dict(sorted(profiling.extra.items())),
        "threads_per_sample": threads_per_sample,
        "report": report_available(),
        "pdf_engine": pdf_engine,
        "humann": humann_options is not None,
        "humann_options": shlex.join(humann_options or []),
        **({"gene_db": str(Path(gene_db).resolve())} if gene_db is not None else {}),
        "samples": {
            s.sample: {"r1": str(s.r1), **({"r2": str(s.r2)} if s.r2 else {})} for s in samples
        },
        "chunks": plan_chunks([s.sample for s in samples], samples_per_job),
    }
    config_path = output / "batch-config.json"
    write_json(config_path, config)
    extra = (cluster.snakemake_args(executor) if executor else []) + list(extra_snakemake or [])
    command = batch_command(output, config_path, cores, executor, extra)
    done = subprocess.run(command, check=False, env=_environment())
    if done.returncode != 0:
        raise UsageError(
            f"the workflow stopped (Snakemake exit {done.returncode}); finished samples are kept, "
            f"see {output / 'logs'} and rerun the same command to resume"
        )
    return 0


def _environment() -> dict[str, str]:
    """This process's environment, with USER set: the SLURM executor looks the submitting user's
    default account up by $USER, which cron jobs and containers often leave unset."""
    env = dict(os.environ)
    if "USER" not in env:
        env["USER"] = pwd.getpwuid(os.getuid()).pw_name
    return env


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
