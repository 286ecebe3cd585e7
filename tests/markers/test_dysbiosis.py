"""Dysbiosis score (Lloyd-Price 2019) against hand-made and real references."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest

from microbiomix.markers import registry
from microbiomix.markers.dysbiosis import threshold
from microbiomix.profile import Cohort, Profile, Provenance
from microbiomix.readers import read_profiles
from microbiomix.reference import build_reference, default_reference
from microbiomix.taxonomy import Lineage, TaxonomySystem

PROV = Provenance("test", "test", TaxonomySystem.NCBI)


def species(sample: str, abundances: dict[str, float]) -> Profile:
    return Profile(sample, {Lineage((None,) * 6 + (n,)): v for n, v in abundances.items()}, None, PROV)


def score(reference, *profiles: Profile):  # type: ignore[no-untyped-def]
    marker = registry()["dysbiosis_score"].with_reference(reference)  # type: ignore[attr-defined]
    return marker.compute(Cohort.from_profiles(list(profiles)))


def test_hand_computed_three_sample_reference() -> None:
    # Reference proportions (a, b): (1, 0), (0.5, 0.5), (0, 1).
    # Leave-one-out: R1 -> median(0.5, 1) = 0.75; R2 -> median(0.5, 0.5) = 0.5; R3 -> 0.75.
    # 90th percentile of [0.5, 0.75, 0.75] (linear) = 0.75.
    ref = build_reference(
        [species("R1", {"Aa aa": 2.0}), species("R2", {"Aa aa": 1.0, "Bb bb": 1.0}),
         species("R3", {"Bb bb": 7.0})],
        name="tiny", description="hand-made",
    )
    np.testing.assert_allclose(ref.distributions["dysbiosis_score"], [0.5, 0.75, 0.75])
    assert threshold(ref) == pytest.approx(0.75)
    # X = (0.5, 0.5): distances 0.5, 0, 0.5 -> 0.5. Y lies wholly outside the reference -> 1.
    # Z = (0.8 a, 0.2 b): distances 0.2, 0.3, 0.8 -> 0.3.
    result = score(ref, species("X", {"Aa aa": 5.0, "Bb bb": 5.0}), species("Y", {"Cc cc": 3.0}),
                   species("Z", {"Aa aa": 4.0, "Bb bb": 1.0}))
    np.testing.assert_allclose(result.values, [0.5, 1.0, 0.3], atol=1e-12)
    np.testing.assert_allclose(result.coverage, [1.0, 0.0, 1.0])
    assert (result.notes[0] or "").startswith("not dysbiotic")
    assert (result.notes[1] or "").startswith("dysbiotic")
    # mean-rank percentile of 0.5 among [0.5, 0.75, 0.75]: (0 + 1) / 6
    np.testing.assert_allclose(ref.percentile("dysbiosis_score", result.values[:1]), [100 / 6])


def _bray_curtis_by_hand(a: dict[str, float], b: dict[str, float]) -> float:
    names = set(a) | set(b)
    ta, tb = sum(a.values()), sum(b.values())
    return sum(abs(a.get(n, 0) / ta - b.get(n, 0) / tb) for n in names) / 2.0


def test_kefir_reference_reproduces_pairwise_computation(data_dir: Path) -> None:
    profiles = [p for path in sorted((data_dir / "metaphlan_kefir").glob("*.metaphlan3.txt"))
                for p in read_profiles(path)]
    held_out, reference_profiles = profiles[0], profiles[1:]
    ref = build_reference(reference_profiles, name="kefir", description="test")

    def table(p: Profile) -> dict[str, float]:
        # species of the community (bacteria, archaea): phage rows of --add_viruses are not
        return {lin.name: v for lin, v in p.abundances.items()
                if lin.rank == 6 and v > 0 and lin.at(0) in ("Bacteria", "Archaea")}

    expected = float(np.median([_bray_curtis_by_hand(table(held_out), table(r))
                                for r in reference_profiles]))
    assert score(ref, held_out).values[0] == pytest.approx(expected, abs=1e-12)
    loo = []
    for i, r in enumerate(reference_profiles):
        others = [_bray_curtis_by_hand(table(r), table(o))
                  for j, o in enumerate(reference_profiles) if j != i]
        loo.append(float(np.median(others)))
    np.testing.assert_allclose(ref.distributions["dysbiosis_score"], sorted(loo), atol=1e-12)
    assert all(a <= b for a, b in pairwise(ref.distributions["dysbiosis_score"]))


def test_default_reference_note_says_small() -> None:
    cohort = Cohort.from_profiles([species("X", {"Bacteroides uniformis": 1.0})])
    unbound = registry()["dysbiosis_score"].compute(cohort)
    assert np.isnan(unbound.values[0]) and "needs a healthy reference" in (unbound.notes[0] or "")
    marker = registry()["dysbiosis_score"].with_reference(default_reference())  # type: ignore[attr-defined]
    result = marker.compute(cohort)
    assert "small and from few studies" in (result.notes[0] or "")
    assert 0.0 <= result.values[0] <= 1.0


@pytest.mark.parametrize(("n", "m", "chunk"), [(7, 5, 3), (40, 12, 16), (3, 1, 500)])
def test_fast_median_bray_curtis_equals_scipy(
    n: int, m: int, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scipy.spatial.distance import cdist

    from microbiomix.markers import dysbiosis

    # Sparse rows with columns non-zero on one side only, a sample with no abundance at all,
    # odd and even reference sizes, several blocks on two threads.
    monkeypatch.setattr(dysbiosis, "CHUNK", chunk)
    monkeypatch.setattr(dysbiosis, "MAX_THREADS", 2)
    rng = np.random.default_rng(3)
    samples = rng.random((n, 9)) * (rng.random((n, 9)) < 0.5)
    samples[:, 0] = 0.0
    samples[1] = 0.0
    reference = rng.random((m, 9)) * (rng.random((m, 9)) < 0.5)
    reference[:, 8] = 0.0
    reference[:, 1] += 0.1  # no empty reference row
    expected = np.median(cdist(samples, reference, metric="braycurtis"), axis=1)
    np.testing.assert_allclose(dysbiosis.median_bray_curtis(samples, reference), expected,
                               rtol=0, atol=1e-12)
    if m > 1:
        distances = cdist(reference, reference, metric="braycurtis")
        np.fill_diagonal(distances, np.nan)
        np.testing.assert_allclose(dysbiosis.leave_one_out_scores(reference),
                                   np.nanmedian(distances, axis=1), rtol=0, atol=1e-12)


@pytest.mark.parametrize(("n", "m", "k"), [(1, 300, 327), (16, 66, 924), (3, 118, 2000), (2, 5, 1)])
def test_numpy_cityblock_is_scipy_bit_for_bit(n: int, m: int, k: int) -> None:
    """Few sample rows are summed in NumPy, many in SciPy: both must give the same floats (a
    report's dysbiosis score and a cohort's are then the same number). Sizes of the bundled
    references (MetaPhlAn 3: 300 x 327, mOTUs 3: 66 x 924) and longer rows."""
    from scipy.spatial.distance import cdist

    from microbiomix.markers.dysbiosis import NUMPY_ROWS, _cityblock

    assert n <= NUMPY_ROWS
    rng = np.random.default_rng(k)
    samples = rng.random((n, k)) * (rng.random((n, k)) < 0.3) * 100
    reference = rng.random((m, k)) * (rng.random((m, k)) < 0.3) * 100
    expected = cdist(samples, reference, metric="cityblock")
    assert np.array_equal(_cityblock(samples, reference), expected)
    # the check can fail: NumPy's pairwise sum of the same terms is not bit for bit the same
    if k > 100:
        pairwise_sum = np.abs(samples[:, None, :] - reference[None, :, :]).sum(axis=-1)
        assert not np.array_equal(pairwise_sum, expected)
