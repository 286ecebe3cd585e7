"""All markers for a cohort of N profiles: vectorised Cohort versus a per-sample loop.

The baseline is the strongest simple alternative: the same 7 markers in plain Python, one sample
at a time, a dict per sample (benchmarks/baseline_markers.py; GMHI as GMHI.R, GMWI2 as
gmwi2_metaphlan_output.py, diversity over named species). An earlier version of this benchmark
used pandas data frames per sample, which is about 15x slower than the dict loop and overstated
the speed-up. Profiles are resampled from the real MetaPhlAn 3 kefir profiles: each synthetic sample takes
a random real profile, keeps each taxon with probability 0.9 and multiplies its abundance by
log-normal noise (sigma 0.5), seed 7.

Usage: .venv/bin/python benchmarks/bench_markers.py [N] [LOOP_N (default N; fewer are extrapolated)]
"""

from __future__ import annotations

import math
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
import baseline_markers

from microbiomix.markers import compute_markers
from microbiomix.profile import Cohort, Profile
from microbiomix.readers import read_profiles

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "metaphlan_kefir"


def perturbed(
    base: list[Profile], n: int, seed: int, prefix: str, *, profiled_only: bool = False
) -> list[Profile]:
    """``n`` synthetic samples: each a random base profile keeping each taxon with probability 0.9,
    times lognormal(0, 0.5) noise. ``profiled_only`` drops zero rows and the unknown fraction."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        src = base[rng.integers(len(base))]
        items = list(src.abundances.items())
        keep = rng.random(len(items)) < 0.9
        noise = rng.lognormal(0.0, 0.5, len(items))
        abundances = {
            lin: v * f
            for (lin, v), k, f in zip(items, keep, noise, strict=True)
            if k and (v > 0 or not profiled_only)
        }
        unknown = None if profiled_only else src.unknown
        out.append(Profile(f"{prefix}{i}", abundances, unknown, src.provenance))
    return out


def resampled(n: int, seed: int = 7) -> list[Profile]:
    base = [p for path in sorted(DATA.glob("*.metaphlan3.txt")) for p in read_profiles(path)]
    return perturbed(base, n, seed, "S")


def loop_markers(profiles: list[Profile]) -> list[dict[str, float]]:
    """One sample at a time in plain Python (baseline_markers.py: a dict per sample)."""
    return [baseline_markers.markers({lin.to_metaphlan(): v for lin, v in p.abundances.items()},
                                     p.unknown or 0.0) for p in profiles]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    loop_n = int(sys.argv[2]) if len(sys.argv) > 2 else n  # the dict loop is fast: all of them
    profiles = resampled(n)
    loop_ids = ["richness", "shannon", "simpson", "inverse_simpson", "evenness", "gmhi", "gmwi2"]
    t0 = time.perf_counter()
    cohort = Cohort.from_profiles(profiles)
    t1 = time.perf_counter()
    results = compute_markers(cohort, loop_ids)
    t2 = time.perf_counter()
    everything = compute_markers(cohort)
    t3 = time.perf_counter()
    loop = loop_markers(profiles[:loop_n])
    t4 = time.perf_counter()
    # The loop must agree with the vectorised markers, or the comparison means nothing.
    by_id = {r.spec.id: r.values for r in results}
    for i, row in enumerate(loop):
        for key, value in row.items():
            assert math.isclose(by_id[key][i], value, rel_tol=1e-9, abs_tol=1e-9) or (
                math.isnan(value) and math.isnan(by_id[key][i])
            ), (key, i)
    loop_total = (t4 - t3) / loop_n * n
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"samples={n} taxa={len(cohort.taxa)} markers={len(everything)}")
    print(f"cohort build: {t1 - t0:.2f} s")
    print(f"7 markers vectorised: {t2 - t1:.2f} s; all {len(everything)} markers: {t3 - t2:.2f} s")
    print(f"loop, 7 markers, first {loop_n} samples: {t4 - t3:.2f} s "
          f"-> {loop_total:.1f} s extrapolated to {n}")
    print(f"speed-up (same 7 markers): {loop_total / (t2 - t1):.0f}x; "
          f"with cohort build: {loop_total / (t2 - t0):.0f}x")
    print(f"peak RSS: {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main()
