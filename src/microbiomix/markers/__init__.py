"""Markers: small registered units, each carrying its citation and the taxonomy it was defined on.

A marker computes for a whole :class:`~microbiomix.profile.Cohort` at once and returns one value
per sample, NaN where it cannot be computed faithfully, with a note saying why.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from microbiomix.errors import UsageError
from microbiomix.profile import Cohort
from microbiomix.taxonomy import Rank, TaxonomySystem


@dataclass(frozen=True)
class MarkerSpec:
    """What a marker is and where it comes from.

    Attributes:
        id: stable identifier, as it appears in every output.
        title: human-readable name.
        citation: short reference (authors, year, journal).
        doi: the defining publication's DOI.
        defined_on: the kind of input the definition was made for, in words.
        taxonomy: the taxonomy system its taxa are named in (None: any taxonomy).
        rank: the rank it reads (None: several ranks).
        resources: knowledge files it reads (package-relative).
        min_coverage: below this fraction of its taxa mapped onto an input, it declines.
        unit: unit of the value ("" for dimensionless).
        in_reports: False for a marker kept for research output (``mmm markers``) but left out of
            reports, trends and the client view because a cited consensus advises against
            reporting it.
    """

    id: str
    title: str
    citation: str
    doi: str
    defined_on: str
    taxonomy: TaxonomySystem | None
    rank: Rank | None
    resources: tuple[str, ...] = ()
    min_coverage: float = 0.0
    unit: str = ""
    in_reports: bool = True


@dataclass
class MarkerValues:
    """One marker computed for every sample of a cohort.

    Attributes:
        values: one value per sample; NaN where not computed.
        coverage: fraction of the marker's taxa that mapped onto the input taxonomy, per sample
            (NaN for markers without a taxon list).
        notes: per sample, why a value is missing or what limits it (None when nothing to say).
        taxa_used: the input's names of the marker taxa that mapped.
    """

    spec: MarkerSpec
    values: np.ndarray
    coverage: np.ndarray
    notes: list[str | None]
    taxa_used: tuple[str, ...] = field(default=())


class Marker(Protocol):
    spec: MarkerSpec

    def compute(self, cohort: Cohort) -> MarkerValues: ...


_REGISTRY: dict[str, Marker] = {}


def register(marker: Marker) -> Marker:
    """Add a marker to the registry (at import of its module); ids are unique forever."""
    if marker.spec.id in _REGISTRY:
        raise ValueError(f"marker id {marker.spec.id!r} registered twice")
    _REGISTRY[marker.spec.id] = marker
    return marker


# Explicit modules, not discovery: this order (then registration order within a module) is the
# order of every output, whatever order the modules happen to be imported in.
_MODULE_ORDER = ("diversity", "gmhi", "gmwi2", "dysbiosis", "ratios", "guilds", "panels")


def registry() -> dict[str, Marker]:
    """All markers, in report order."""
    import importlib

    for module in _MODULE_ORDER:
        importlib.import_module(f"microbiomix.markers.{module}")
    position = {f"microbiomix.markers.{m}": i for i, m in enumerate(_MODULE_ORDER)}
    registered = list(_REGISTRY.items())
    registered.sort(key=lambda item: position.get(type(item[1]).__module__, len(position)))
    return dict(registered)


def compute_markers(cohort: Cohort, ids: Iterable[str] | None = None) -> list[MarkerValues]:
    """Compute the chosen markers (default: all) for every sample of ``cohort``."""
    markers = registry()
    chosen: Sequence[str] = list(ids) if ids is not None else list(markers)
    unknown = [i for i in chosen if i not in markers]
    if unknown:
        raise UsageError(f"unknown marker(s) {', '.join(unknown)}; known: {', '.join(markers)}")
    return [markers[i].compute(cohort) for i in chosen]


def decline_or_note(
    values: np.ndarray, reasons: Sequence[str | None], caveat: Callable[[int], str | None]
) -> list[str | None]:
    """Per sample: NaN and "not computed: <reason>" where there is a reason, else the caveat."""
    notes: list[str | None] = []
    for i, reason in enumerate(reasons):
        if reason:
            values[i] = np.nan
            notes.append(f"not computed: {reason}")
        else:
            notes.append(caveat(i))
    return notes


def combine_notes(*notes: str | None) -> str | None:
    """Join the non-empty notes with '; '."""
    kept = [n for n in notes if n]
    return "; ".join(kept) if kept else None
