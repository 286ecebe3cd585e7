"""Uploaded files are checked by the library's own readers before anything is stored."""

from __future__ import annotations

import gzip
import io
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from microbiomix.errors import MicrobiomixError
from microbiomix.pipeline import load_profiles

READS_FORMAT = "fastq"


class UploadRejected(Exception):
    """The upload is not acceptable; the message says why, in the user's terms."""


def safe_filename(name: str | None) -> str:
    """The last path component, with anything unusual replaced (never empty)."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", base).lstrip(".")
    return base[:200] or "upload.txt"


@dataclass(frozen=True)
class CheckedProfile:
    filename: str
    input_format: str
    sample_label: str
    mate_filename: str | None = None


def _looks_like_fastq(content: bytes) -> bool:
    head = content[:2]
    if head == b"\x1f\x8b":  # gzip
        try:
            head = gzip.decompress(content)[:1] if len(content) < 1 << 20 else _gunzip_head(content)
        except (OSError, EOFError):
            return False
    return head[:1] == b"@"


def _gunzip_head(content: bytes) -> bytes:
    return gzip.GzipFile(fileobj=io.BytesIO(content)).read(1)


def check_profile(
    filename: str,
    content: bytes,
    max_bytes: int,
    reads_allowed: bool = False,
    mate: tuple[str, bytes] | None = None,
) -> CheckedProfile:
    """Read the upload with :func:`microbiomix.pipeline.load_profiles`; one sample per file.

    FASTQ reads (one file, single-end or interleaved as the profiler takes them, or R1 with its
    ``mate`` file R2 for paired reads) are accepted when ``reads_allowed`` (a profiler database is
    configured), after a full read-QC pass that also checks the pairs match record by record.
    """
    if len(content) > max_bytes or (mate is not None and len(mate[1]) > max_bytes):
        raise UploadRejected(f"file is larger than the limit of {max_bytes // (1024 * 1024)} MB")
    if not content or (mate is not None and not mate[1]):
        raise UploadRejected("file is empty")
    name = safe_filename(filename)
    mate_name = safe_filename(mate[0]) if mate is not None else None
    if mate_name is not None and mate_name == name:
        raise UploadRejected(f"{name}: R1 and R2 have the same file name; upload the two mates")
    with tempfile.TemporaryDirectory(prefix="mmm-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        if mate is not None and mate_name is not None:
            if not _looks_like_fastq(content):
                raise UploadRejected(
                    f"{name}: a second file (R2) goes only with FASTQ reads in the first (R1)"
                )
            mate_path = Path(folder) / mate_name
            mate_path.write_bytes(mate[1])
            return _check_reads(path, name, folder, reads_allowed, mate_path)
        try:
            profiles = load_profiles([path])
        except MicrobiomixError as exc:
            if _looks_like_fastq(content):
                return _check_reads(path, name, folder, reads_allowed)
            raise UploadRejected(str(exc).replace(folder + "/", "")) from None
        except UnicodeDecodeError:
            if _looks_like_fastq(content):
                return _check_reads(path, name, folder, reads_allowed)
            raise UploadRejected(f"{name}: not a text file") from None
    if len(profiles) != 1:
        raise UploadRejected(f"{name}: holds {len(profiles)} samples; upload one sample per file")
    profile = profiles[0]
    return CheckedProfile(
        filename=name,
        input_format=profile.provenance.format,
        sample_label=profile.sample_id,
    )


def _check_reads(
    path: Path, name: str, folder: str, reads_allowed: bool, mate: Path | None = None
) -> CheckedProfile:
    from microbiomix.profilers.run import sample_id_from_reads
    from microbiomix.readers.fastq import qc_summary

    if not reads_allowed:
        raise UploadRejected(
            f"{name}: FASTQ reads need a profiler database, and this portal has none "
            "(MICROBIOMIX_PROFILER_DB); upload a profile instead"
        )
    try:
        qc_summary(path, mate)
    except MicrobiomixError as exc:
        raise UploadRejected(str(exc).replace(folder + "/", "")) from None
    return CheckedProfile(
        filename=name,
        input_format=READS_FORMAT,
        sample_label=sample_id_from_reads(path),
        mate_filename=mate.name if mate is not None else None,
    )
