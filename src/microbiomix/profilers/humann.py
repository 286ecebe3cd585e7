"""Reads -> HUMAnN functional tables, by running the user's HUMAnN installation.

microbiomix never downloads HUMAnN's databases: the user installs them (``humann_databases``) and
names them here, or HUMAnN uses its configured ones (after ``pip install humann`` that is the small
demo set, enough only for HUMAnN's demo reads). Paired reads are concatenated into one file, as
HUMAnN's manual asks (it does not use pairing). The tables it writes are returned for
:func:`microbiomix.readers.humann.read_humann`.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from microbiomix.errors import UsageError
from microbiomix.profilers.external import find_executable, run_tool

# HUMAnN 3 names its tables <name>_genefamilies.tsv ...; HUMAnN 4 <name>_2_genefamilies.tsv ...
TABLE_KINDS = ("genefamilies", "reactions", "pathabundance", "pathcoverage")


@dataclass(frozen=True)
class HumannOptions:
    """How to run HUMAnN.

    Attributes:
        nucleotide_db: ChocoPhlAn folder (default: HUMAnN's configured one).
        protein_db: UniRef DIAMOND folder (default: HUMAnN's configured one).
        taxonomic_profile: a MetaPhlAn profile of the same sample, so HUMAnN skips its prescreen.
        bypass_prescreen: search the whole nucleotide database instead of a prescreen.
        bypass_translated_search: nucleotide tier only (no DIAMOND / UniRef).
        extra: further HUMAnN arguments, passed as given.
    """

    nucleotide_db: Path | None = None
    protein_db: Path | None = None
    taxonomic_profile: Path | None = None
    bypass_prescreen: bool = False
    bypass_translated_search: bool = False
    extra: tuple[str, ...] = field(default_factory=tuple)


def _joined_reads(reads: Sequence[Path], folder: Path, name: str) -> Path:
    """One FASTQ for HUMAnN: the file itself, or the mates concatenated (gzip kept)."""
    if len(reads) == 1:
        return reads[0]
    kinds = {_is_gzip(r) for r in reads}
    if len(kinds) != 1:
        raise UsageError("give both mates gzip-compressed or both plain for HUMAnN")
    # Concatenated gzip members are one valid gzip stream, so no recompression is needed.
    target = folder / f"{name}.fastq{'.gz' if kinds == {True} else ''}"
    with target.open("wb") as out:
        for r in reads:
            with r.open("rb") as handle:
                shutil.copyfileobj(handle, out)
    return target


def _is_gzip(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(2) == b"\x1f\x8b"


def run_humann(
    reads: Sequence[str | Path],
    output: str | Path,
    sample_id: str,
    options: HumannOptions | None = None,
    threads: int = 1,
) -> list[Path]:
    """Run HUMAnN on one sample's reads; returns the tables it wrote, in ``TABLE_KINDS`` order.

    Raises:
        UsageError: HUMAnN is not installed, a read file is missing, or HUMAnN failed (its last
            message line is quoted).
    """
    options = options or HumannOptions()
    paths = [Path(r) for r in reads]
    for path in paths:
        if not path.is_file():
            raise UsageError(f"{path}: reads file not found")
    humann = find_executable("humann", "HUMAnN (pip install 'microbiomix[functional]')")
    folder = Path(output)
    folder.mkdir(parents=True, exist_ok=True)
    joined = _joined_reads(paths, folder, sample_id)
    command = [humann, "--input", str(joined), "--output", str(folder),
               "--output-basename", sample_id, "--threads", str(threads), "--remove-temp-output"]
    if options.nucleotide_db is not None:
        command += ["--nucleotide-database", str(options.nucleotide_db)]
    if options.protein_db is not None:
        command += ["--protein-database", str(options.protein_db)]
    if options.taxonomic_profile is not None:
        command += ["--taxonomic-profile", str(options.taxonomic_profile)]
    if options.bypass_prescreen:
        command.append("--bypass-prescreen")
    if options.bypass_translated_search:
        command.append("--bypass-translated-search")
    command += list(options.extra)
    try:
        run_tool(command, "HUMAnN")
    finally:
        if joined not in paths:
            joined.unlink(missing_ok=True)
    found: list[Path] = []
    for kind in TABLE_KINDS:
        found += [p for p in (folder / f"{sample_id}_{kind}.tsv",) if p.is_file()]
        found += sorted(folder.glob(f"{sample_id}_[0-9]_{kind}.tsv"))
    if not found:
        raise UsageError(f"HUMAnN wrote no table into {folder}")
    return found
