"""GMWI2 from MetaPhlAn profiles: the published GMWI2 tool beside `mmm markers`, same inputs, same
run, values checked equal (issue 15).

The baseline is the authors' own script, `gmwi2_metaphlan_output.py` with their trained model
(benchmarks/gmwi2/, github.com/danielchang2002/GMWI2@9850ec7; pandas + scikit-learn 1.2.2, in
its own environment `.venv-gmwi2` made by `make gmwi2-venv`). Measured two ways:
- as its README runs it: one process per profile;
- its unchanged `main()` called per profile in one process (imports once), the strongest fair
  use of the same code for many samples.
Ours: `mmm markers` one process per profile, and one process over the folder of all profiles
(it computes every registered marker with reference percentiles, not GMWI2 alone).
Inputs: benchmarks/synthetic.py single MetaPhlAn 3 files (from the 22 real kefir profiles, seed
7), and the 22 real kefir profiles themselves for the value check. Every GMWI2 we write must equal
the published tool's to 1e-9 (absolute), or the script exits 1.
Times: GNU time per process (wall, CPU = user + system, peak RSS); for one process per profile,
the sums over the processes (peak RSS: the largest).

Usage: .venv/bin/python benchmarks/bench_gmwi2.py [SAMPLES] [--per-process N]
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import synthetic
from bench_cli import MMM, run

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GMWI2 = HERE / "gmwi2"
PUBLISHED = GMWI2 / "gmwi2_metaphlan_output.py"
IN_ONE_PROCESS = GMWI2 / "published_in_one_process.py"
MODEL = GMWI2 / "GMWI2_model.joblib"
KEFIR = ROOT / "tests" / "data" / "metaphlan_kefir"
TOLERANCE = 1e-9


def gmwi2_python() -> str:
    found = os.environ.get("MICROBIOMIX_GMWI2_PYTHON") or str(ROOT / ".venv-gmwi2" / "bin" / "python")
    if not Path(found).exists():
        raise SystemExit(f"the published GMWI2 tool's environment is missing ({found}): run "
                         "`make gmwi2-venv`")
    return found


def published_values(folder: Path) -> dict[str, float]:
    return {p.name.removesuffix("_GMWI2.txt"): float(p.read_text().strip())
            for p in folder.glob("*_GMWI2.txt")}


def our_values(tsv: Path) -> dict[str, float]:
    with tsv.open() as handle:
        return {r["sample"]: float(r["value"]) for r in csv.DictReader(handle, delimiter="\t")
                if r["marker"] == "gmwi2"}


def check_equal(ours: dict[str, float], published: dict[str, float], what: str) -> float:
    """The largest absolute difference; exits when a sample is missing or differs beyond 1e-9."""
    if set(ours) != set(published):
        raise SystemExit(f"{what}: samples differ: {sorted(set(ours) ^ set(published))[:5]}")
    worst = max(abs(ours[s] - published[s]) for s in ours)
    if worst > TOLERANCE:
        sample = max(ours, key=lambda s: abs(ours[s] - published[s]))
        raise SystemExit(f"{what}: GMWI2 differs for {sample}: ours {ours[sample]!r}, "
                         f"published {published[sample]!r}")
    return worst


def summed(runs: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    return (sum(w for w, _, _ in runs), sum(c for _, c, _ in runs), max(m for _, _, m in runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("samples", nargs="?", type=int, default=1000)
    parser.add_argument("--per-process", type=int, default=50,
                        help="profiles run one process each (the first N of SAMPLES)")
    args = parser.parse_args()
    python = gmwi2_python()
    work = Path(tempfile.mkdtemp(prefix="mmm-gmwi2-"))
    try:
        folder = work / "profiles"
        synthetic.write_singles(args.samples, folder)
        profiles = sorted(folder.iterdir())
        each = profiles[: args.per_process]

        # the 22 real kefir profiles: values only
        real_out = work / "kefir"
        real_out.mkdir()
        kefir = sorted(KEFIR.glob("*.metaphlan3.txt"))
        run([python, str(IN_ONE_PROCESS), str(MODEL), str(real_out), *map(str, kefir)])
        run([*MMM, "markers", *map(str, kefir), "-o", str(work / "kefir.tsv")])
        real_worst = check_equal(our_values(work / "kefir.tsv"), published_values(real_out),
                                 "kefir")
        # the environment reproduces the authors' own conda run (tests/data/metaphlan_kefir)
        authors = {p.name.split(".", 1)[0]: float(p.read_text().strip())
                   for p in KEFIR.glob("*.gmwi2_published.txt")}
        if authors != published_values(real_out):
            raise SystemExit("the published script here does not reproduce the authors' values")

        published_each = work / "published_each"
        published_each.mkdir()
        theirs_each = summed([
            run([python, str(PUBLISHED), str(p), str(MODEL),
                 str(published_each / p.name.split(".", 1)[0])]) for p in each])
        ours_each_runs = []
        ours_each: dict[str, float] = {}
        for p in each:
            out = work / "ours_one.tsv"
            ours_each_runs.append(run([*MMM, "markers", str(p), "-o", str(out), "--overwrite"]))
            ours_each.update(our_values(out))
        worst_each = check_equal(ours_each, published_values(published_each), "one process each")

        published_all = work / "published_all"
        published_all.mkdir()
        theirs_all = run([python, str(IN_ONE_PROCESS), str(MODEL), str(published_all),
                          *map(str, profiles)])
        ours_all = run([*MMM, "markers", str(folder), "-o", str(work / "ours_all.tsv")])
        worst_all = check_equal(our_values(work / "ours_all.tsv"), published_values(published_all),
                                "one process")

        def line(what: str, ours: tuple[float, float, float],
                 theirs: tuple[float, float, float], n: int) -> str:
            return (f"| {what} | {n:,} | {ours[0]:.2f} s / {ours[1]:.2f} s / {ours[2]:.0f} MiB "
                    f"| {theirs[0]:.2f} s / {theirs[1]:.2f} s / {theirs[2]:.0f} MiB "
                    f"| {ours[0] / n * 1000:.1f} ms vs {theirs[0] / n * 1000:.1f} ms "
                    f"| {theirs[0] / ours[0]:.1f}x ({theirs[1] / ours[1]:.1f}x) |")

        print("| GMWI2 for many profiles | profiles | `mmm markers` wall / CPU / peak RSS "
              "| published GMWI2 tool wall / CPU / peak RSS | per profile (wall), ours vs published "
              "| published / ours, wall (CPU) |")
        print("|---|---|---|---|---|---|")
        print(line("one process per profile (the published README's way)",
                   summed(ours_each_runs), theirs_each, len(each)))
        print(line("all profiles in one process (ours: a folder; published: its main() per "
                   "profile)", ours_all, theirs_all, len(profiles)))
        print()
        print(f"GMWI2 values equal to the published tool's on every profile: largest absolute "
              f"difference {max(worst_each, worst_all):.1e} on {len(profiles):,} synthetic "
              f"profiles, {real_worst:.1e} on the 22 real kefir MetaPhlAn 3 profiles "
              f"(tolerance {TOLERANCE:g}); there the published script run here gives exactly the "
              "values of the authors' own run. `mmm markers` computes every registered marker with "
              "reference percentiles; the published tool computes GMWI2 alone.")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
