"""Data derived from a cohort once and shared by every marker that needs it.

Many markers read the same things: the species columns, each sample's species total, which
species belong to which listed taxa. Each is computed once per :class:`~microbiomix.profile.Cohort`
object and kept on that object (so it goes when the cohort goes; nothing global to reset).

Markers treat a cohort as immutable. The cache is dropped when ``values``, ``taxa`` or
``provenance`` is replaced by another object; arrays handed out are read-only, so a marker cannot
change what another one reads.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from microbiomix.profile import Cohort

T = TypeVar("T")

_ATTRIBUTE = "_microbiomix_derived"


def derived(cohort: Cohort, key: Hashable, make: Callable[[], T]) -> T:
    """``make()`` computed once per cohort and ``key``."""
    state = vars(cohort)
    holder: tuple[Any, Any, Any, dict[Hashable, Any]] | None = state.get(_ATTRIBUTE)
    if (
        holder is None
        or holder[0] is not cohort.values
        or holder[1] is not cohort.taxa
        or holder[2] is not cohort.provenance
    ):
        # Holding the objects themselves (not their id()) means a replaced array cannot be
        # mistaken for the old one.
        holder = (cohort.values, cohort.taxa, cohort.provenance, {})
        state[_ATTRIBUTE] = holder
    store = holder[3]
    if key not in store:
        store[key] = make()
    return store[key]  # type: ignore[no-any-return]
