"""FASTQ reads (gzip or plain, single or paired) via dnaio, with a read-QC summary.

This is an input for the profilers, not a profile format: it is deliberately not registered with
:func:`microbiomix.readers.register`.

Reads are delivered in chunks (:class:`ReadChunk`) so that QC and sketching share one pass over
the files. Every problem becomes an :class:`~microbiomix.errors.InputError` that names the file,
the line and the record number: malformed records, a truncated or damaged gzip stream, pairs of
unequal length (one file ends before the other) and mates whose names do not match.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dnaio
import numpy as np

from microbiomix.errors import InputError
from microbiomix.readers.text import read_head

CHUNK_RECORDS = 20_000
# Exact duplicate counting over the first reads only, to bound memory on large inputs.
DUPLICATE_SAMPLE = 200_000
PHRED_OFFSET = 33
MAX_PHRED = 93


@dataclass
class ReadChunk:
    """Consecutive reads (pairs when ``r2`` is given) from the input files."""

    r1: list[dnaio.SequenceRecord]
    r2: list[dnaio.SequenceRecord] | None

    def __len__(self) -> int:
        return len(self.r1)

    def sequences(self) -> Iterator[str]:
        for record in self.r1:
            yield record.sequence
        if self.r2 is not None:
            for record in self.r2:
                yield record.sequence


def _line_of(record_number: int) -> int:
    # FASTQ records written by sequencers and simulators use four lines each.
    return 4 * (record_number - 1) + 1


def _records(path: Path) -> Iterator[dnaio.SequenceRecord]:
    """The records of one FASTQ file, with dnaio's errors turned into InputErrors."""
    if not path.is_file():
        raise InputError(path, None, "FASTQ file not found or not a regular file")
    if read_head(path).raw[:1] == b">":
        raise InputError(path, 1, "expected FASTQ (records starting with '@'); this is FASTA")
    number = 0
    try:
        with dnaio.open(path, fileformat="fastq") as reader:
            for number, record in enumerate(reader, start=1):
                yield record
    except dnaio.FileFormatError as exc:
        known: int | None = getattr(exc, "line", None)
        line = known + 1 if known is not None else _line_of(number + 1)
        message = str(exc).split(": ", 1)[-1]
        raise InputError(
            path, line, f"expected a FASTQ record (record {number + 1}): {message}"
        ) from None
    except (EOFError, zlib.error) as exc:
        raise InputError(
            path,
            _line_of(number + 1),
            f"compressed file is truncated or damaged after record {number} ({exc})",
        ) from None
    except UnicodeDecodeError:
        raise InputError(path, _line_of(number + 1), f"expected ASCII FASTQ (record {number + 1})")


def _mate_name(name: str) -> str:
    """Read id without its description and without a trailing /1 or /2."""
    head = name.split(maxsplit=1)[0] if name else name
    if len(head) > 2 and head[-2] == "/" and head[-1] in "12":
        head = head[:-2]
    return head


def read_chunks(
    r1: str | Path, r2: str | Path | None = None, chunk_records: int = CHUNK_RECORDS
) -> Iterator[ReadChunk]:
    """Read FASTQ files in chunks, checking that paired files hold the same reads in order.

    Raises:
        InputError: a file is missing, malformed, truncated, or the pair is inconsistent.
    """
    path1 = Path(r1)
    path2 = Path(r2) if r2 is not None else None
    if path2 is not None and path1.is_file() and path2.is_file() and path1.samefile(path2):
        # Every read would pair with itself and be counted twice.
        raise InputError(path2, None, f"expected the mate file of {path1}; this is that file itself")
    first = _records(path1)
    second = _records(path2) if path2 is not None else None
    number = 0
    while True:
        chunk1: list[dnaio.SequenceRecord] = []
        chunk2: list[dnaio.SequenceRecord] = []
        for record in first:
            number += 1
            chunk1.append(record)
            if second is not None and path2 is not None:
                mate = next(second, None)
                if mate is None:
                    raise InputError(
                        path2,
                        _line_of(number),
                        f"expected record {number} to pair with {path1.name}; this file ends "
                        f"after {number - 1} records (paired files must have equal length)",
                    )
                if _mate_name(mate.name) != _mate_name(record.name):
                    raise InputError(
                        path2,
                        _line_of(number),
                        f"expected record {number} to be the mate of {record.name.split()[0]!r} "
                        f"in {path1.name}",
                        mate.name,
                    )
                chunk2.append(mate)
            if len(chunk1) >= chunk_records:
                break
        if not chunk1:
            if second is not None and path2 is not None and next(second, None) is not None:
                raise InputError(
                    path1,
                    _line_of(number + 1),
                    f"expected record {number + 1} to pair with {path2.name}; this file ends "
                    f"after {number} records (paired files must have equal length)",
                )
            return
        yield ReadChunk(chunk1, chunk2 if second is not None else None)


@dataclass
class QCSummary:
    """Read QC for one sample.

    Attributes:
        files: the input files.
        paired: whether reads come in pairs.
        reads: number of reads (pairs count as two reads); ``pairs`` is half of it when paired.
        bases: total bases.
        length_histogram: read length -> number of reads.
        quality_histogram: Phred score -> number of bases.
        gc_bases: number of G or C bases.
        duplicates_checked: reads (or pairs) checked for exact duplicates (the first ones).
        duplicates: how many of those repeat an earlier read (or pair) exactly.
    """

    files: list[str]
    paired: bool
    reads: int = 0
    bases: int = 0
    length_histogram: dict[int, int] = field(default_factory=dict)
    quality_histogram: np.ndarray = field(
        default_factory=lambda: np.zeros(MAX_PHRED + 1, dtype=np.int64)
    )
    gc_bases: int = 0
    duplicates_checked: int = 0
    duplicates: int = 0

    @property
    def pairs(self) -> int | None:
        return self.reads // 2 if self.paired else None

    @property
    def mean_length(self) -> float:
        return self.bases / self.reads if self.reads else 0.0

    @property
    def mean_quality(self) -> float:
        total = int(self.quality_histogram.sum())
        if not total:
            return 0.0
        return float((self.quality_histogram * np.arange(MAX_PHRED + 1)).sum() / total)

    def fraction_at_least(self, phred: int) -> float:
        total = int(self.quality_histogram.sum())
        return float(self.quality_histogram[phred:].sum() / total) if total else 0.0

    @property
    def duplicate_fraction(self) -> float:
        return self.duplicates / self.duplicates_checked if self.duplicates_checked else 0.0

    def as_dict(self) -> dict[str, Any]:
        lengths = sorted(self.length_histogram)
        return {
            "files": self.files,
            "paired": self.paired,
            "reads": self.reads,
            "pairs": self.pairs,
            "bases": self.bases,
            "length": {
                "min": lengths[0] if lengths else None,
                "max": lengths[-1] if lengths else None,
                "mean": round(self.mean_length, 3),
                "histogram": {str(k): self.length_histogram[k] for k in lengths},
            },
            "quality": {
                "mean": round(self.mean_quality, 3),
                "fraction_q20": round(self.fraction_at_least(20), 6),
                "fraction_q30": round(self.fraction_at_least(30), 6),
                "histogram": {str(q): int(n) for q, n in enumerate(self.quality_histogram) if n},
            },
            "gc_fraction": round(self.gc_bases / self.bases, 6) if self.bases else None,
            "duplicates": {
                "checked": self.duplicates_checked,
                "exact_duplicates": self.duplicates,
                "fraction": round(self.duplicate_fraction, 6),
                "method": f"exact sequence (pair) matches among the first {DUPLICATE_SAMPLE} "
                "reads or pairs",
            },
        }


class QCAccumulator:
    """Adds chunks of reads into a :class:`QCSummary` (one pass, bounded memory)."""

    def __init__(self, files: list[str], paired: bool) -> None:
        self.summary = QCSummary(files=files, paired=paired)
        self._seen: set[int] = set()

    def add(self, chunk: ReadChunk) -> None:
        summary = self.summary
        lengths: dict[int, int] = summary.length_histogram
        qualities = []
        for records in (chunk.r1, chunk.r2):
            if records is None:
                continue
            for record in records:
                n = len(record.sequence)
                lengths[n] = lengths.get(n, 0) + 1
                qualities.append(record.qualities_as_bytes())
            sequence = "".join(record.sequence for record in records).upper()
            summary.bases += len(sequence)
            summary.gc_bases += sequence.count("G") + sequence.count("C")
            summary.reads += len(records)
        if qualities:
            phred = np.frombuffer(b"".join(qualities), dtype=np.uint8).astype(np.int64)
            phred -= PHRED_OFFSET
            np.clip(phred, 0, MAX_PHRED, out=phred)
            summary.quality_histogram += np.bincount(phred, minlength=MAX_PHRED + 1)
        room = DUPLICATE_SAMPLE - summary.duplicates_checked
        if room > 0:
            for i, record in enumerate(chunk.r1[:room]):
                key = (
                    record.sequence
                    if chunk.r2 is None
                    else record.sequence + "+" + chunk.r2[i].sequence
                )
                digest = hash(key)
                if digest in self._seen:
                    summary.duplicates += 1
                else:
                    self._seen.add(digest)
                summary.duplicates_checked += 1


def qc_summary(r1: str | Path, r2: str | Path | None = None) -> QCSummary:
    """Read QC of FASTQ input in one pass.

    Raises:
        InputError: as :func:`read_chunks`.
    """
    files = [str(r1)] + ([str(r2)] if r2 is not None else [])
    accumulator = QCAccumulator(files, paired=r2 is not None)
    for chunk in read_chunks(r1, r2):
        accumulator.add(chunk)
    if accumulator.summary.reads == 0:
        raise InputError(r1, None, "expected at least one FASTQ record; the file is empty")
    return accumulator.summary
