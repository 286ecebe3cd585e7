"""Profile readers: one module per format, each a sniffer plus a reader, registered explicitly.

Use :func:`read_profiles` to read any supported file; the format is detected from content unless
given. Every reader raises :class:`~microbiomix.errors.InputError` for bad input.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from microbiomix.errors import InputError
from microbiomix.profile import Cohort, Profile, Provenance
from microbiomix.readers.text import Head, read_head
from microbiomix.taxonomy import Lineage


@dataclass(frozen=True)
class ProfileFormat:
    """A profile file format.

    Attributes:
        name: the id users pass to ``--input-format``.
        description: one line for ``--help`` and error messages.
        sniff: True when the head of a file looks like this format.
        read: reads the whole file into one or more profiles; ``sample_id`` names the sample of a
            single-sample file (default: file name up to its first ``.``).
        versions: the tool versions and variants known to work (read in tests), for ``mmm formats``.
        example: a header or first line as the tool writes it, for ``mmm formats``.
        read_cohorts: for many-sample formats, the samples straight into Cohorts (one per naming
            system, at most ``block`` samples each), equal to ``Cohort.from_profiles`` of what
            ``read`` gives, without a Profile per sample; None where ``read`` is all there is.
    """

    name: str
    description: str
    sniff: Callable[[Head], bool]
    read: Callable[[Path, str | None], list[Profile]]
    versions: tuple[str, ...] = ()
    example: str = ""
    read_cohorts: Callable[[Path, int | None], Iterator[Cohort]] | None = None


_FORMATS: dict[str, ProfileFormat] = {}
_ORDERED: dict[str, ProfileFormat] = {}  # _FORMATS in detection order (see formats())


def register(fmt: ProfileFormat) -> ProfileFormat:
    if fmt.name in _FORMATS:
        raise ValueError(f"profile format {fmt.name!r} registered twice")
    _FORMATS[fmt.name] = fmt
    return fmt


def formats() -> dict[str, ProfileFormat]:
    """Registered formats, in detection order."""
    _load_builtin_readers()
    # by module in _DETECTION_ORDER, not by import order: a module imported on its own first
    # (``from microbiomix.readers.metaphlan import ...``) must not move ahead of the others
    if len(_ORDERED) != len(_FORMATS):
        place = {f"{__name__}.{module}": i for i, module in enumerate(_DETECTION_ORDER)}
        _ORDERED.clear()
        _ORDERED.update(sorted(_FORMATS.items(),
                               key=lambda item: place.get(item[1].read.__module__, len(place))))
    return dict(_ORDERED)


_DETECTION_ORDER = ("cami", "biom", "kraken", "sylph", "motus", "sourmash", "lineage_table",
                    "metaphlan")


def _load_builtin_readers() -> None:
    # Explicit imports (not discovery); detection tries formats in this order, most specific first.
    from microbiomix.readers import (  # noqa: F401, I001 (order is the detection order)
        cami,
        biom,
        kraken,
        sylph,
        motus,
        sourmash,
        lineage_table,
        metaphlan,
    )


def format_of_head(head: Head) -> str | None:
    """The name of the format whose sniffer accepts this head of a file, or None."""
    for fmt in formats().values():
        if fmt.sniff(head):
            return fmt.name
    return None


def detect_format(path: Path) -> str:
    """The name of the format whose sniffer accepts the file."""
    head = read_head(path)
    name = format_of_head(head)
    if name is not None:
        return name
    from microbiomix.readers.not_profiles import what_it_is

    hint = what_it_is(head)
    if hint is not None:
        raise InputError(path, None, f"not a taxonomic profile: {hint}")
    raise InputError(
        path,
        None,
        "not a profile format microbiomix knows; expected one of: " + ", ".join(formats()),
    )


def read_profiles(
    path: str | Path, input_format: str | None = None, sample_id: str | None = None
) -> list[Profile]:
    """Read every sample in a profile file.

    Args:
        path: the file.
        input_format: a registered format name; detected from content when None.
        sample_id: the sample name for a single-sample file.

    Raises:
        InputError: the file cannot be read as that format.
    """
    path = Path(path)
    fmt = _format_of(path, input_format)
    profiles = fmt.read(path, sample_id)
    if not profiles:
        raise InputError(path, None, f"no samples found in this {fmt.name} file")
    return profiles


def read_samples(
    path: str | Path, input_format: str | None = None, block: int | None = None
) -> list[Profile] | Iterator[Cohort]:
    """Like :func:`read_profiles`, but a many-sample format that reads straight into Cohorts
    (``read_cohorts``) gives those, lazily, in input order, at most ``block`` samples in memory
    at a time; no Profile per sample."""
    path = Path(path)
    fmt = _format_of(path, input_format)
    if fmt.read_cohorts is None:
        return read_profiles(path, fmt.name)
    return _some_samples(path, fmt, fmt.read_cohorts(path, block))


def _some_samples(path: Path, fmt: ProfileFormat, cohorts: Iterator[Cohort]) -> Iterator[Cohort]:
    found = False
    for cohort in cohorts:
        if len(cohort):
            found = True
            yield cohort
        del cohort  # one part in memory at a time (merged tables of 100,000 samples)
    if not found:
        raise InputError(path, None, f"no samples found in this {fmt.name} file")


def _format_of(path: Path, input_format: str | None) -> ProfileFormat:
    if not path.is_file():
        raise InputError(path, None, "file not found or not a regular file")
    name = input_format or detect_format(path)
    known = formats()
    if name not in known:
        raise InputError(path, None, f"unknown input format {name!r}; known: {', '.join(known)}")
    return known[name]


def default_sample_id(path: Path) -> str:
    """File name up to its first ``.`` (``Subj001_time1_S1.metaphlan3.txt`` -> ``Subj001_time1_S1``)."""
    return path.name.split(".", 1)[0] or path.name


def single_sample(
    path: Path,
    sample_id: str | None,
    abundances: dict[Lineage, float],
    unknown: float | None,
    provenance: Provenance,
) -> list[Profile]:
    """The one profile of a single-sample file, named ``sample_id`` or after the file."""
    return [Profile(sample_id or default_sample_id(path), abundances, unknown, provenance)]
