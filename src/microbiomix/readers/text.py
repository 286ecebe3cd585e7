"""Shared helpers for text readers: opening (gzip aware), numbered lines, checked numbers."""

from __future__ import annotations

import gzip
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import IO, BinaryIO

from microbiomix.errors import InputError
from microbiomix.taxonomy import Lineage, Rank, parse_lineage

HEAD_LINES = 40
HEAD_BYTES = 64 * 1024
HEAD_MIN_LINES = 8  # whole lines a sniffer may need (comments, a header, a first row)
HEAD_MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Head:
    """The start of a file, for sniffers: raw bytes and the first lines as text."""

    path: Path
    raw: bytes
    lines: list[str]
    # every sniffer asks for the data lines: found once per file, not once per format tried
    _data_lines: dict[str, list[str]] = field(default_factory=dict, compare=False, repr=False)

    def data_lines(self, comment: str = "#") -> list[str]:
        """Non-empty lines that do not start with ``comment``."""
        if comment not in self._data_lines:
            self._data_lines[comment] = [
                ln for ln in self.lines if ln.strip() and not ln.startswith(comment)]
        return list(self._data_lines[comment])


def _is_gzip(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(2) == b"\x1f\x8b"


def _head_of(handle: BinaryIO | gzip.GzipFile) -> bytes:
    """The first HEAD_LINES lines, or HEAD_BYTES if that holds them, but at least
    HEAD_MIN_LINES whole lines however wide they are (a merged table of 100,000 samples has a
    header line of about 1 MB), up to HEAD_MAX_BYTES. Binary content (a NUL byte) stops at
    HEAD_BYTES. A gzip stream truncated early gives what it holds: sniffing needs only the start,
    and the reader that reads the whole file then reports the truncation with its line.
    """
    chunks: list[bytes] = []
    size = lines = 0
    try:
        while size < HEAD_MAX_BYTES:
            # small reads first: a truncated gzip stream loses only the read that hits the end
            chunk = handle.read(4096 if size < HEAD_BYTES else HEAD_BYTES)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            lines += chunk.count(b"\n")
            if lines >= HEAD_LINES or (size >= HEAD_BYTES and (
                    lines >= HEAD_MIN_LINES or b"\0" in chunks[0])):
                break
    except EOFError:
        if not chunks:
            raise
    return b"".join(chunks)


def read_head(path: Path) -> Head:
    try:
        with path.open("rb") as handle:  # opened once (10,000 inputs are sniffed one by one)
            if handle.peek(2)[:2] == b"\x1f\x8b":
                with gzip.GzipFile(fileobj=handle, mode="rb") as compressed:
                    raw = _head_of(compressed)
            else:
                raw = _head_of(handle)
    except (OSError, EOFError) as exc:
        raise InputError(path, None, f"cannot read file ({exc})") from exc
    text = raw.decode("utf-8", errors="replace")
    text = text.removeprefix("\ufeff")
    lines = text.splitlines()[:HEAD_LINES]
    return Head(path=path, raw=raw, lines=lines)


def numbered_lines(path: Path) -> Iterator[tuple[int, str]]:
    """Yield (1-based line number, line without newline); gzip aware, BOM stripped.

    Raises:
        InputError: the file is not UTF-8 text or a gzip stream is truncated.
    """
    number = 0
    try:
        opener: Callable[..., IO[str]] = gzip.open if _is_gzip(path) else open
        with opener(path, "rt", encoding="utf-8", newline=None) as handle:
            for number, line in enumerate(handle, start=1):
                if number == 1 and line.startswith("\ufeff"):
                    line = line[1:]
                if "\x00" in line:
                    # A NUL inside a name is file damage (or a binary file), never part of a taxon.
                    raise InputError(path, number, "unexpected NUL byte (damaged or binary file)")
                yield number, line.rstrip("\r\n")
    except UnicodeDecodeError as exc:
        raise InputError(path, number + 1, "expected UTF-8 text") from exc
    except (EOFError, gzip.BadGzipFile) as exc:
        raise InputError(path, number + 1, f"compressed file is damaged or truncated ({exc})") from exc
    except OSError as exc:
        raise InputError(path, None, f"cannot read file ({exc})") from exc


def parse_number(path: Path, line: int, text: str, what: str, allow_negative: bool = False) -> float:
    """A finite float from a field, or an InputError naming the field."""
    try:
        value = float(text)
    except ValueError:
        raise InputError(path, line, f"expected a number for {what}", text) from None
    if not math.isfinite(value):
        raise InputError(path, line, f"expected a finite number for {what}", text)
    if value < 0 and not allow_negative:
        raise InputError(path, line, f"expected a non-negative number for {what}", text)
    return value


def check_columns(path: Path, line: int, fields: list[str], at_least: int, what: str) -> None:
    if len(fields) < at_least:
        raise InputError(
            path, line, f"expected at least {at_least} tab-separated columns ({what})", "\t".join(fields)
        )


# How far the abundances of one rank may sum above 100%: profilers round each row (MetaPhlAn to
# 5 decimals, sourmash's human table to 0.1, Kraken to 0.01), and CAMI gold standards sum to
# 100.000000000000114. One percentage point covers any honest rounding; a sum beyond it means the
# rows are not percentages of one sample (counts, a concatenation, a corrupted value).
RANK_SUM_TOLERANCE = 1.0


def check_rank_sums(path: Path, rows: Sequence[tuple[int, Lineage, float]]) -> None:
    """Raise on the first row at which its rank's running total exceeds 100% + tolerance."""
    totals: dict[Rank, float] = {}
    for line, lineage, value in rows:
        guess = " (read counts rather than percentages?)" if value > 200.0 else ""
        if value > 100.0 + RANK_SUM_TOLERANCE:
            raise InputError(
                path,
                line,
                f"expected a percentage of at most 100, found {value:g}{guess}",
                str(lineage),
            )
        total = totals.get(lineage.rank, 0.0) + value
        totals[lineage.rank] = total
        if total > 100.0 + RANK_SUM_TOLERANCE:
            guess = " (read counts rather than percentages?)" if total > 200.0 else ""
            raise InputError(
                path,
                line,
                f"abundances at rank {lineage.rank.label} sum to {total:.6g}% by this row; expected "
                f"at most 100% (+{RANK_SUM_TOLERANCE:g} for rounding){guess}",
                str(lineage),
            )


def check_unknown(path: Path, line: int, previous: object | None, value: float) -> float:
    """The unknown/unassigned percentage of one row; a second such row or a value above 100 is an error."""
    if previous is not None:
        raise InputError(path, line, "unknown/unclassified fraction listed twice")
    if value > 100.0 + RANK_SUM_TOLERANCE:
        raise InputError(path, line, f"expected an unknown percentage of at most 100, found {value:g}")
    return value


def collect_abundances(
    path: Path, rows: list[tuple[int, Lineage, float]], percentages: bool = True
) -> dict[Lineage, float]:
    """Abundances keyed by lineage; a taxon listed twice is an error (it would be counted twice).

    With ``percentages`` (rows are percent of the sample), every rank must sum to at most 100%
    within :data:`RANK_SUM_TOLERANCE`; readers of counts pass False and check after scaling.
    """
    if percentages:
        check_rank_sums(path, rows)
    abundances: dict[Lineage, float] = {}
    first_seen: dict[Lineage, int] = {}
    for line, lineage, value in rows:
        if lineage in abundances:
            raise InputError(
                path, line, f"taxon listed twice (first on line {first_seen[lineage]})", str(lineage)
            )
        first_seen[lineage] = line
        if value > 0:
            abundances[lineage] = value
    return abundances


@lru_cache(maxsize=1 << 16)
def _parsed_lineage(
    text: str, ranks: tuple[Rank, ...] | None, underscores_are_spaces: bool | None
) -> Lineage:
    # Lineage is immutable: profiles of one cohort share their lineages' text, so each distinct
    # text is parsed once per run (10,000 single files: 1.1 M rows, a few thousand lineages).
    return parse_lineage(text, ranks, underscores_are_spaces)


def lineage_or_error(
    path: Path,
    line: int,
    text: str,
    ranks: Sequence[Rank] | None = None,
    underscores_are_spaces: bool | None = None,
) -> Lineage:
    try:
        return _parsed_lineage(text, None if ranks is None else tuple(ranks), underscores_are_spaces)
    except ValueError as exc:
        raise InputError(path, line, f"expected a taxonomic lineage: {exc}", text) from None
