"""All markers, including the dysbiosis score and percentiles, for N profiles against a
reference of M samples.

Inputs: N profiles resampled from the real MetaPhlAn 3 kefir profiles (as bench_markers.py).
Reference: M profiles resampled the same way from the 118 bundled healthy MetaPhlAn2 profiles
(each keeps a taxon with probability 0.9, log-normal noise sigma 0.5, seed 11), built with
build_reference (not timed in the marker step; its time is reported separately).

Usage: .venv/bin/python benchmarks/bench_reference.py [N] [M]
"""

from __future__ import annotations

import resource
import sys
import time
from importlib import resources
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_markers import perturbed, resampled

from microbiomix.profile import Cohort, Profile
from microbiomix.readers import read_profiles
from microbiomix.reference import build_reference, compute_markers_against


def healthy(m: int, seed: int = 11) -> list[Profile]:
    path = resources.files("microbiomix.knowledge").joinpath(
        "reference/healthy_profiles_metaphlan2.csv")
    with resources.as_file(path) as p:
        base = read_profiles(p, "metaphlan-merged")
    return perturbed(base, m, seed, "R", profiled_only=True)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    m = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    t = time.perf_counter()
    reference = build_reference(healthy(m), name="bench", description="resampled")
    build = time.perf_counter() - t
    cohort = Cohort.from_profiles(resampled(n))
    t = time.perf_counter()
    results = compute_markers_against(cohort, reference)
    for r in results:
        reference.percentile(r.spec.id, r.values)
    markers = time.perf_counter() - t
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{len(results)} markers x {n} samples against {m} reference samples: {markers:.2f} s "
          f"(reference build {build:.2f} s); peak RSS {rss:.0f} MiB")


if __name__ == "__main__":
    main()
