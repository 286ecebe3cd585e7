"""MetaPhlAn 4 backend: clade-specific marker genes mapped with Bowtie 2.

Blanco-Miguez A et al. "Extending and improving metagenomic taxonomic profiling with uncharacterized
species using MetaPhlAn 4." Nat Biotechnol 41:1633-1644 (2023), doi:10.1038/s41587-023-01688-w.

The database is the user's installed MetaPhlAn database (``metaphlan --install --db_dir DIR``,
tens of GB); microbiomix never downloads it (``--offline``). A database folder holds
``<index>.pkl`` and the Bowtie 2 index ``<index>*.bt2l`` (the same test MetaPhlAn itself applies).
Paired files are given to MetaPhlAn as one comma-separated input, as its manual describes
(MetaPhlAn treats mates as independent reads).
"""

from __future__ import annotations

import tempfile
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from pathlib import Path

from microbiomix.errors import InputError, UsageError
from microbiomix.profilers import ProfilerRun, Reads, RunOptions
from microbiomix.profilers.external import find_executable, read_tool_output, run_tool
from microbiomix.readers.fastq import qc_summary


def installed_indexes(database: Path) -> list[str]:
    """Database versions in a folder with both ``.pkl`` and ``.bt2l`` files (as MetaPhlAn checks)."""
    if not database.is_dir():
        return []
    names = [p.name for p in database.iterdir()]
    pkl = {n[: -len(".pkl")] for n in names if n.endswith(".pkl")}
    bt2l = {n.split(".")[0] for n in names if n.endswith(".bt2l")}
    return sorted(pkl & bt2l)


def choose_index(database: Path, index: str | None) -> str:
    """The MetaPhlAn index to use, or an InputError saying what is missing and how to install it."""
    found = installed_indexes(database)
    how = f"install one with: metaphlan --install --db_dir {database} (a large download)"
    if index is not None:
        if index not in found:
            raise InputError(
                database,
                None,
                f"expected MetaPhlAn database {index!r} ({index}.pkl and "
                f"{index}*.bt2l) in this folder; found {', '.join(found) or 'none'}; {how}",
            )
        return index
    if not found:
        raise InputError(
            database,
            None,
            f"expected an installed MetaPhlAn database (<index>.pkl and <index>*.bt2l); {how}",
        )
    return found[-1]


def metaphlan_command(
    executable: str,
    reads: Reads,
    database: Path,
    index: str,
    options: RunOptions,
    output: Path,
    mapout: Path,
) -> list[str]:
    return [
        executable,
        ",".join(str(f) for f in reads.files),
        "--input_type",
        "fastq",
        "--db_dir",
        str(database),
        "-x",
        index,
        "--offline",
        "--nproc",
        str(options.threads),
        "--mapout",
        str(mapout),
        "--sample_id",
        options.sample_id,
        "-o",
        str(output),
    ]


def version() -> str:
    try:
        return package_version("metaphlan")
    except PackageNotFoundError:
        raise UsageError("MetaPhlAn is not installed (pip install metaphlan)") from None


class MetaPhlAnBackend:
    name = "metaphlan"
    description = "MetaPhlAn 4 (needs the user's installed MetaPhlAn database and bowtie2)"

    def version(self) -> str:
        return version()

    def run(self, reads: Reads, database: Path, options: RunOptions) -> ProfilerRun:
        index = choose_index(database, options.extra.get("index"))
        executable = find_executable("metaphlan", "the metaphlan Python package")
        find_executable("bowtie2", "Debian package bowtie2")
        qc = qc_summary(reads.r1, reads.r2)
        with tempfile.TemporaryDirectory(prefix="mmm-metaphlan-") as tmp:
            output = Path(tmp) / "profile.txt"
            command = metaphlan_command(
                executable, reads, database, index, options, output, Path(tmp) / "map.bz2"
            )
            run_tool(command, "MetaPhlAn")
            profile = read_tool_output(
                output,
                "metaphlan",
                options.sample_id,
                version(),
                index,
                ", ".join(str(f) for f in reads.files),
            )
        return ProfilerRun(
            profile=profile,
            qc=qc,
            tool="MetaPhlAn",
            tool_version=version(),
            database=f"{index} ({database})",
            parameters={"index": index, "input_type": "fastq", "analysis": "rel_ab"},
            commands=[["metaphlan", *command[1:]]],
        )
