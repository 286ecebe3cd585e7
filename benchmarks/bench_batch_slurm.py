"""`mmm batch` on SLURM vs locally: what the scheduler costs per sample on this machine.

Usage::

    .venv/bin/python benchmarks/bench_batch_slurm.py [SAMPLES] [PAIRS]   # default 50 samples, 1000 pairs

Simulates SAMPLES small read sets (ART, PAIRS pairs each, from the example genomes), then runs the
same sample sheet twice, end to end as a user types it: `mmm batch ... --cores 2` (local) and
`mmm batch ... --executor slurm --jobs 2` on a single-node SLURM cluster started for the run
(tests/workflow/slurm_cluster.py; needs root and `make test`'s Debian packages). Both use the
machine's 2 cores. Prints a Markdown table row: wall time of each, and the overhead per sample,
(slurm - local) / SAMPLES. Status polling is set to 2 s (the plugin's default first wait is 40 s).
"""

from __future__ import annotations

import csv
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from microbiomix.profilers import examples
from microbiomix.profilers.simulate import simulate_community

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "workflow"))
import slurm_cluster

FAST_STATUS = "--slurm-init-seconds-before-status-checks 2 --seconds-between-status-checks 2"


def make_inputs(work: Path, samples: int, pairs: int) -> tuple[Path, Path]:
    database = examples.build_example_database(work / "genomes", work / "db")
    community = examples.community_genomes(work / "genomes")
    sheet = work / "samples.csv"
    with sheet.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["sample", "r1", "r2"])
        for index in range(samples):
            name = f"S{index:03d}"
            reads = simulate_community(community, pairs, work / "reads" / name, seed=index)
            writer.writerow([name, reads.r1, reads.r2])
    return sheet, database


def batch(sheet: Path, database: Path, out: Path, env: dict[str, str] | None, *extra: str) -> float:
    command = [sys.executable, "-m", "microbiomix.cli", "batch", str(sheet), "--db", str(database),
               "-o", str(out), "--cores", "2", "--profile-options", "--threshold-bp 10000", *extra]
    start = time.perf_counter()
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    samples = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    pairs = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        sheet, database = make_inputs(work, samples, pairs)
        local = batch(sheet, database, work / "local", None, "--snakemake-args", "--quiet all")
        cluster = slurm_cluster.start(work / "slurm")
        try:
            on_slurm = batch(
                sheet, database, work / "on-slurm", cluster.env, "--executor", "slurm",
                "--jobs", "2", "--mem-mb", "1000", "--runtime", "10",
                "--snakemake-args", f"{FAST_STATUS} --quiet all",
            )
            jobs = cluster.run("sacct", "-X", "-n", "--starttime", "now-1days", "-o", "JobID")
        finally:
            cluster.stop()
    print("| samples | pairs each | local (`--cores 2`) | SLURM (`--jobs 2`) | SLURM jobs | "
          "overhead per sample |")
    print("|---|---|---|---|---|---|")
    print(f"| {samples} | {pairs} | {local:.1f} s | {on_slurm:.1f} s | {len(jobs.split())} | "
          f"{(on_slurm - local) / samples:.2f} s |")


if __name__ == "__main__":
    main()
