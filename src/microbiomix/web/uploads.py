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
    filename: str, content: bytes, max_bytes: int, reads_allowed: bool = False
) -> CheckedProfile:
    """Read the upload with :func:`microbiomix.pipeline.load_profiles`; one sample per file.

    FASTQ reads (one file, single-end or interleaved as the profiler takes them) are accepted when
    ``reads_allowed`` (a profiler database is configured), after a full read-QC pass.
    """
    if len(content) > max_bytes:
        raise UploadRejected(f"file is larger than the limit of {max_bytes // (1024 * 1024)} MB")
    if not content:
        raise UploadRejected("file is empty")
    name = safe_filename(filename)
    with tempfile.TemporaryDirectory(prefix="mmm-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(content)
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


def _check_reads(path: Path, name: str, folder: str, reads_allowed: bool) -> CheckedProfile:
    from microbiomix.profilers.run import sample_id_from_reads
    from microbiomix.readers.fastq import qc_summary

    if not reads_allowed:
        raise UploadRejected(
            f"{name}: FASTQ reads need a profiler database, and this portal has none "
            "(MICROBIOMIX_PROFILER_DB); upload a profile instead"
        )
    try:
        qc_summary(path)
    except MicrobiomixError as exc:
        raise UploadRejected(str(exc).replace(folder + "/", "")) from None
    return CheckedProfile(
        filename=name, input_format=READS_FORMAT, sample_label=sample_id_from_reads(path)
    )
