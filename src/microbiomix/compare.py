"""Distances between two profiles at one rank, with the conventions of OPAL (cami-opal).

OPAL (Meyer et al. 2019, Bioinformatics 35:2287, doi:10.1093/bioinformatics/bty1038; cami-opal 1.0.14
``l1norm.py`` and ``braycurtis.py``) compares the percentages each profile reports at a rank, as
given (no re-normalisation unless ``-n``), over the union of the taxa of both:

* L1 norm error = sum |p1 - p2| / 100 (0 to 2 for two complete profiles);
* Bray-Curtis distance = sum |p1 - p2| / sum (p1 + p2) (scipy's ``braycurtis``).

OPAL matches taxa by taxid; profiles here are keyed by lineage, so taxa are matched by rank and
name key (``Lineage.key``). A rank that either profile lacks has no distance (None), as in OPAL.
"""

from __future__ import annotations

from microbiomix.profile import Profile
from microbiomix.taxonomy import Rank


def _rank_vectors(
    first: Profile, second: Profile, rank: Rank, normalise: bool
) -> tuple[list[float], list[float]] | None:
    a: dict[tuple[Rank, str], float] = {}
    b: dict[tuple[Rank, str], float] = {}
    for target, profile in ((a, first), (b, second)):
        for lineage, value in profile.at_rank(rank).items():
            if value > 0:
                target[lineage.key] = target.get(lineage.key, 0.0) + value
    if not a or not b:
        return None
    if normalise:
        for target in (a, b):
            total = sum(target.values())
            for key in target:
                target[key] = target[key] / total * 100.0
    keys = sorted(set(a) | set(b))
    return [a.get(k, 0.0) for k in keys], [b.get(k, 0.0) for k in keys]


def l1_distance(
    first: Profile, second: Profile, rank: Rank, normalise: bool = False
) -> float | None:
    """OPAL's L1 norm error at ``rank``: sum of absolute percentage differences / 100.

    Args:
        first, second: the two profiles (e.g. gold standard and prediction); order does not matter.
        rank: the rank to compare.
        normalise: rescale each profile's rank to sum to 100 first (OPAL ``-n``).

    Returns:
        The distance, or None when either profile has no taxon at ``rank``.
    """
    vectors = _rank_vectors(first, second, rank, normalise)
    if vectors is None:
        return None
    return sum(abs(x - y) for x, y in zip(*vectors, strict=True)) / 100.0


def bray_curtis(
    first: Profile, second: Profile, rank: Rank, normalise: bool = False
) -> float | None:
    """Bray-Curtis distance at ``rank``: sum |x - y| / sum (x + y) over the union of taxa.

    Returns:
        The distance (0 identical, 1 disjoint), or None when either profile lacks ``rank``.
    """
    vectors = _rank_vectors(first, second, rank, normalise)
    if vectors is None:
        return None
    x, y = vectors
    return sum(abs(u - v) for u, v in zip(x, y, strict=True)) / sum(
        u + v for u, v in zip(x, y, strict=True)
    )
