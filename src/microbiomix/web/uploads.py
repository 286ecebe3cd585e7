"""Uploaded files are checked by the library's own readers before anything is stored."""

from __future__ import annotations

import gzip
import io
import re
import tempfile
import zlib
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
            head = gunzip_head(content, 1)
        except (OSError, EOFError, zlib.error):
            return False
    return head[:1] == b"@"


# A gzip upload may inflate to at most this many times the upload limit (FASTQ inflates ~4-5x;
# a profile ~5-10x); a decompression bomb is refused after inflating that much, in small chunks.
INFLATE_FACTOR = 10
_CHUNK = 1 << 20


def check_inflated_size(name: str, content: bytes, limit: int) -> None:
    """Refuse gzip ``content`` that inflates to more than ``limit`` bytes (or is damaged), reading
    it in 1 MiB chunks so memory stays small whatever it holds."""
    if content[:2] != b"\x1f\x8b":
        return
    total = 0
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(content)) as stream:
            while chunk := stream.read(_CHUNK):
                total += len(chunk)
                if total > limit:
                    raise UploadRejected(
                        f"{name}: decompresses to more than {limit // (1024 * 1024)} MB "
                        f"(the limit is {INFLATE_FACTOR} times the upload limit)"
                    )
    except (OSError, EOFError, zlib.error):
        raise UploadRejected(f"{name}: the gzip data is damaged or cut short") from None


def gunzip_head(content: bytes, size: int) -> bytes:
    """The first ``size`` decompressed bytes of gzip ``content``; only that much is ever inflated
    (a small file that inflates to gigabytes costs no more than ``size`` bytes of memory)."""
    with gzip.GzipFile(fileobj=io.BytesIO(content)) as stream:
        return stream.read(size)


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
    check_inflated_size(name, content, max_bytes * INFLATE_FACTOR)
    if mate is not None and mate_name is not None:
        check_inflated_size(mate_name, mate[1], max_bytes * INFLATE_FACTOR)
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


@dataclass(frozen=True)
class CheckedFunctions:
    """A HUMAnN table accepted as one sample's functional profile."""

    filename: str
    kind: str  # "<namespace>/<measure>", e.g. "ec/abundance"
    sample_column: str  # the table's sample name that is this sample's
    unit: str
    features: int  # community rows with a feature id (special rows excluded)
    notes: tuple[str, ...]  # the reader's notes (unit inferred from sums, another sample name)
    other_name: str | None  # the table's sample name when it is not this sample's (used anyway)


def check_functions(
    filename: str, content: bytes, max_bytes: int, sample_label: str
) -> CheckedFunctions:
    """Read the upload with the library's HUMAnN reader, as the report will
    (:func:`microbiomix.pipeline.functional_tables`): the column named like the sample, or the
    only column of a single-sample table; a joined table without the sample is refused."""
    from microbiomix.pipeline import functional_tables

    if len(content) > max_bytes:
        raise UploadRejected(f"file is larger than the limit of {max_bytes // (1024 * 1024)} MB")
    if not content:
        raise UploadRejected("file is empty")
    name = safe_filename(filename)
    check_inflated_size(name, content, max_bytes * INFLATE_FACTOR)
    with tempfile.TemporaryDirectory(prefix="mmm-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        try:
            tables = functional_tables([path], sample_label)
        except MicrobiomixError as exc:
            raise UploadRejected(str(exc).replace(folder + "/", "")) from None
        except UnicodeDecodeError:
            raise UploadRejected(f"{name}: not a text file") from None
    table = tables[0]
    return CheckedFunctions(
        filename=name,
        kind=f"{table.namespace}/{table.measure}",
        sample_column=(table.provenance.column or table.sample_id)[:255],
        unit=table.unit.value,
        features=len(table.totals),
        notes=tuple(table.provenance.notes),
        other_name=table.sample_id if table.sample_id != sample_label else None,
    )
