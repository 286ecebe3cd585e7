"""`mmm batch` end to end vs the same `mmm` commands run directly, one sample after another.

Usage::

    .venv/bin/python benchmarks/bench_batch.py [SAMPLES] [PAIRS] [ROUNDS]   # default 12 2000 2

Simulates SAMPLES small read sets (ART, PAIRS pairs each, from the example genomes; as
tests/workflow/conftest.py does), then times, end to end as a user types them:

- baseline: a bash loop running, per sample, `mmm profile` (QC + profile), `mmm markers --format
  json` and `mmm report` (HTML): the strongest fair alternative, the commands themselves with
  nothing around them, one at a time;
- a bash loop of `mmm run` (the same chain in one process per sample; its markers JSON lacks the
  quality and reference blocks `mmm markers` writes, so that file is not compared for it);
- `mmm batch ... --cores 1` (the Snakemake workflow; one process per chunk of samples, default
  chunk size) and `mmm batch ... --cores 1 --samples-per-job 1`.

Both sides use one core at a time, so the comparison is fair on a shared machine; the rounds are
interleaved (loop, batch, batch per sample, loop, ...) so each sees the same load, and the load
average is printed beside each time. Wall time and CPU time (user + system of all child processes)
are reported; overhead = batch / loop. Every output file of the batch (profile, QC JSON, markers
JSON, report HTML) is checked byte for byte against the loop's (the report's generation minute
excepted), so both did the same work.
"""

from __future__ import annotations

import os
import re
import resource
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_batch_slurm import make_inputs  # the same simulated samples as the SLURM benchmark

from microbiomix.workflow.batch import Sample, read_sample_sheet

MMM = [sys.executable, "-m", "microbiomix.cli"]
PROFILE_OPTIONS = ["--threshold-bp", "10000"]  # the example genomes are small (as in the tests)
GENERATED_AT = re.compile(rb"\d{4}-\d\d-\d\d \d\d:\d\d UTC")


def loop_script(database: Path, rows: list[Sample], out: Path) -> str:
    """The baseline: the three commands per sample, as a user would write them in bash."""
    mmm = shlex.join(MMM)
    # Run in the output folder with relative paths, as the workflow does: the markers JSON records
    # the profile's path as given. mmm makes the sample folders itself.
    lines = ["set -e", f"mkdir -p {out}", f"cd {out}"]
    for row in rows:
        name, r1, r2 = row.sample, row.r1, row.r2
        d = f"samples/{name}"
        lines += [
            (
                f"{mmm} profile {r1} {r2} --db {database} --sample-id {name} "
                f"{shlex.join(PROFILE_OPTIONS)} --quiet -o {d}/{name}.profile "
                f"--qc-json {d}/{name}.qc.json"
            ),
            f"{mmm} markers {d}/{name}.profile --format json -o {d}/{name}.markers.json",
            f"{mmm} report {d}/{name}.profile -o {d}/{name}.report.html 2> /dev/null",
        ]
    return "\n".join(lines) + "\n"


def run_loop_script(database: Path, rows: list[Sample], out: Path) -> str:
    """A stronger baseline: `mmm run`, one process per sample for the whole chain."""
    mmm = shlex.join(MMM)
    lines = ["set -e", f"mkdir -p {out}", f"cd {out}"]
    for row in rows:
        lines.append(
            f"{mmm} run {row.r1} {row.r2} --db {database} --sample-id {row.sample} "
            f"{shlex.join(PROFILE_OPTIONS)} --quiet -o samples/{row.sample} > /dev/null"
        )
    return "\n".join(lines) + "\n"


def timed(command: list[str]) -> tuple[float, float, float]:
    """Wall time, CPU time of the children, load average (1 min) at the start."""
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, load


def results(out: Path) -> dict[str, bytes]:
    files = {}
    for path in sorted((out / "samples").rglob("*")):
        if path.is_file():
            content = path.read_bytes()
            if path.name.endswith(".report.html"):
                content = GENERATED_AT.sub(b"<generated at>", content)
            files[str(path.relative_to(out))] = content
    return files


def main() -> None:
    samples = int(sys.argv[1]) if len(sys.argv) > 1 else 12
    pairs = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        sheet, database = make_inputs(work, samples, pairs)
        rows = read_sample_sheet(sheet)
        times: dict[str, list[tuple[float, float, float]]] = {
            "loop": [], "run": [], "batch": [], "one": []}
        for index in range(rounds):
            loop_out = work / f"loop{index}"
            script = work / f"loop{index}.sh"
            script.write_text(loop_script(database, rows, loop_out))
            times["loop"].append(timed(["bash", str(script)]))
            script = work / f"run{index}.sh"
            script.write_text(run_loop_script(database, rows, work / f"run{index}"))
            times["run"].append(timed(["bash", str(script)]))
            batch = [*MMM, "batch", str(sheet), "--db", str(database), "--cores", "1",
                     "--profile-options", shlex.join(PROFILE_OPTIONS),
                     "--snakemake-args", "--quiet all"]
            times["batch"].append(timed([*batch, "-o", str(work / f"batch{index}")]))
            times["one"].append(
                timed([*batch, "-o", str(work / f"one{index}"), "--samples-per-job", "1"])
            )
            expected = results(loop_out)
            for name in (f"batch{index}", f"one{index}"):
                got = results(work / name)
                different = sorted(f for f in expected.keys() | got.keys()
                                   if expected.get(f) != got.get(f))
                if different:
                    raise SystemExit(f"{name}: outputs differ from the loop's: {different}")
            # mmm run writes its markers JSON without the quality and reference blocks of
            # mmm markers (not batch's concern); everything else must match.
            got = results(work / f"run{index}")
            different = sorted(f for f in expected.keys() | got.keys()
                               if expected.get(f) != got.get(f) and not f.endswith(".markers.json"))
            if different:
                raise SystemExit(f"run{index}: outputs differ from the loop's: {different}")
    print(f"{samples} samples x {pairs} read pairs, {rounds} interleaved rounds, "
          f"{os.cpu_count()} cores; each cell: wall s / CPU s (1-min load average at its start)")
    print()
    print("| run | " + " | ".join(f"round {i + 1}" for i in range(rounds))
          + " | vs the profile/markers/report loop, wall (CPU) | vs the `mmm run` loop (the "
          "target: at most 1.10), wall (CPU) |")
    print("|---|" + "---|" * rounds + "---|---|")
    names = {
        "loop": "bash loop: `mmm profile`, `mmm markers`, `mmm report` per sample",
        "run": "bash loop: `mmm run` per sample (the same chain, one process per sample)",
        "batch": "`mmm batch --cores 1` (default chunks)",
        "one": "`mmm batch --cores 1 --samples-per-job 1`",
    }
    for key, label in names.items():
        cells = [f"{w:.1f} / {c:.1f} ({load:.1f})" for w, c, load in times[key]]
        ratios = [", ".join(f"{w / bw:.2f} ({c / bc:.2f})" for (w, c, _), (bw, bc, _)
                            in zip(times[key], times[baseline], strict=True))
                  for baseline in ("loop", "run")]
        print(f"| {label} | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")


if __name__ == "__main__":
    main()
