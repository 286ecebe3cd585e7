"""Profiling from reads: accuracy against a simulated truth, and speed / memory vs bare sourmash.

Usage::

    .venv/bin/python benchmarks/bench_profiling.py accuracy [PAIRS]   # default 500000
    .venv/bin/python benchmarks/bench_profiling.py speed [PAIRS]      # default 1000000

Both build the example database (7 genomes of 5 species from Debian's example-data packages, see
``microbiomix.profilers.examples``) and simulate read pairs with ART (HiSeq 2500 profile, 2x150,
seeded) from 5 *other* strains of those species at 40/27/18/13/2 % of pairs.

``accuracy`` runs ``mmm profile`` with default parameters and compares with the truth at species
rank (L1, Bray-Curtis via microbiomix.compare, precision, recall for species above 0.5 %).
``speed`` times ``mmm profile`` and the bare profiler on the same input: ``sourmash sketch dna -p
k=31,scaled=1000,abund R1 R2`` then ``sourmash gather`` with the same database and threshold. Wall
time and peak RSS come from GNU time (``/usr/bin/time -f``) around each command.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from microbiomix.profilers import examples
from microbiomix.profilers.evaluation import species_accuracy
from microbiomix.profilers.simulate import simulate_community
from microbiomix.readers import read_profiles

PYTHON = sys.executable


def timed(command: list[str]) -> tuple[float, float]:
    """(wall seconds, peak RSS MiB) of one command, measured by GNU time."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        subprocess.run(
            ["/usr/bin/time", "-f", "%e %M", "-o", report.name, *command],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wall, rss_kib = report.read().split()[-2:]
    return float(wall), int(rss_kib) / 1024


def prepare(work: Path, pairs: int, seed: int) -> tuple[Path, Path, Path, dict[str, float]]:
    database = examples.build_example_database(work / "genomes", work / "db")
    start = time.perf_counter()
    community = simulate_community(
        examples.community_genomes(work / "genomes"), pairs, work / "reads" / "sim", seed=seed
    )
    print(f"simulated {pairs} pairs in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return database, community.r1, community.r2, community.truth


def mmm_profile(r1: Path, r2: Path, database: Path, out: Path) -> list[str]:
    """The ``mmm profile`` command line timed by both measurements."""
    return [
        PYTHON, "-m", "microbiomix.cli", "profile", str(r1), str(r2), "--db", str(database),
        "-o", str(out), "--quiet",
    ]


def accuracy(pairs: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        database, r1, r2, truth = prepare(work, pairs, seed=1)
        out = work / "sim.profile"
        wall, rss = timed(mmm_profile(r1, r2, database, out))
        result = species_accuracy(truth, read_profiles(out)[0])
        return {
            "pairs": pairs,
            "truth": truth,
            **result.as_dict(),
            "predicted": list(result.predicted),
            "wall_s": wall,
            "peak_rss_mib": rss,
        }


def speed(pairs: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        database, r1, r2, _ = prepare(work, pairs, seed=2)
        mmm = mmm_profile(r1, r2, database, work / "x.profile")
        sketch = [
            PYTHON,
            "-m",
            "sourmash",
            "sketch",
            "dna",
            "-p",
            "k=31,scaled=1000,abund",
            str(r1),
            str(r2),
            "--name",
            "x",
            "-o",
            str(work / "q.sig.zip"),
        ]
        gather = [
            PYTHON,
            "-m",
            "sourmash",
            "gather",
            str(work / "q.sig.zip"),
            str(database / "genomes.sig.zip"),
            "-k",
            "31",
            "--threshold-bp",
            "50000",
            "-o",
            str(work / "g.csv"),
        ]
        mmm_wall, mmm_rss = timed(mmm)
        sketch_wall, sketch_rss = timed(sketch)
        gather_wall, gather_rss = timed(gather)
        bare = sketch_wall + gather_wall
        reads = 2 * pairs
        return {
            "pairs": pairs,
            "mmm_profile_s": mmm_wall,
            "mmm_profile_peak_rss_mib": round(mmm_rss, 1),
            "mmm_reads_per_s": round(reads / mmm_wall),
            "sourmash_sketch_s": sketch_wall,
            "sourmash_sketch_peak_rss_mib": round(sketch_rss, 1),
            "sourmash_gather_s": gather_wall,
            "sourmash_gather_peak_rss_mib": round(gather_rss, 1),
            "bare_reads_per_s": round(reads / bare),
            "overhead_vs_bare": round(mmm_wall / bare - 1, 3),
        }


def main(argv: list[str]) -> int:
    what = argv[0] if argv else "accuracy"
    if what == "accuracy":
        result = accuracy(int(argv[1]) if len(argv) > 1 else 500_000)
    elif what == "speed":
        result = speed(int(argv[1]) if len(argv) > 1 else 1_000_000)
    else:
        print(__doc__, file=sys.stderr)
        return 2
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
