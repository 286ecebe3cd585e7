"""`mmm` end to end: each command as a user runs it (a new process, output written), wall time and
peak RSS of that process, beside the strongest fair baseline run in the same session.

Inputs are made by benchmarks/synthetic.py from the 22 real MetaPhlAn 3 kefir profiles (seed 7).
Baselines: `python -c pass` (the interpreter's own start, a floor for start-up) and
benchmarks/baseline_markers.py (the 7 core markers in plain Python, dict per sample, no pandas
or NumPy; `mmm markers` computes every registered marker and percentiles); its values are
checked equal to ours (1e-9) on every input. Small cases: median of
REPEATS runs; large ones once. Every process is timed by GNU time (/usr/bin/time: wall
seconds, CPU seconds user + system, peak RSS); on a shared machine CPU time shows the work
itself when wall time includes waiting for a core.

Usage: .venv/bin/python benchmarks/bench_cli.py [--merged 1000,10000] [--json-merged 10000]
           [--singles 10000] [--repeats 5] [--reports 3] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import synthetic

from microbiomix.report.engines import resolved

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
MMM = [PYTHON, "-m", "microbiomix.cli"]
# What `--pdf-engine auto` (the default) uses on this machine; Chromium's renderer processes are
# not children GNU time waits for, so their CPU is not in the report rows' CPU there.
ENGINE = ("auto: Chromium here, its renderers' CPU not counted" if resolved("auto") == "chromium"
          else "auto: WeasyPrint here")
BASELINE = [PYTHON, str(ROOT / "benchmarks" / "baseline_markers.py")]
ONE = ROOT / "tests" / "data" / "metaphlan_kefir" / "Subj001_time1_S1.metaphlan3.txt"
EXAMPLES = ROOT / "src" / "microbiomix" / "examples"
TIME = "/usr/bin/time"  # GNU time (Debian package `time`)


def run(command: list[str], stdout: Path | None = None) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds (user + system), peak RSS MiB) of one process, measured by GNU time (a process forked from
    this one would count this process's memory as its own); fails loudly if the command fails."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        sink = open(stdout, "wb") if stdout else subprocess.DEVNULL  # noqa: SIM115
        try:
            done = subprocess.run([TIME, "-f", "%e %U %S %M", "-o", report.name, *command],
                                  stdout=sink, stderr=subprocess.PIPE, check=False)
        finally:
            if stdout:
                sink.close()  # type: ignore[union-attr]
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed: {done.stderr.decode()}")
        wall, user, system, peak_kib = report.read().split()[-4:]
    return float(wall), float(user) + float(system), int(peak_kib) / 1024


def check_same(ours: Path, baseline: Path) -> None:
    """The baseline must give microbiomix's values for its 7 markers (1e-9), or the comparison
    means nothing."""
    import csv
    import math

    with baseline.open() as handle:
        expected = {(r["sample"], r["marker"]): float(r["value"])
                    for r in csv.DictReader(handle, delimiter="\t")}
    with ours.open() as handle:
        for r in csv.DictReader(handle, delimiter="\t"):
            want = expected.pop((r["sample"], r["marker"]), None)
            if want is None:
                continue
            got = math.nan if r["value"] == "NA" else float(r["value"])
            if not (math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-9)
                    or (math.isnan(got) and math.isnan(want))):
                raise SystemExit(f"baseline differs: {r['sample']} {r['marker']} {got} {want}")
    if expected:
        raise SystemExit(f"baseline has {len(expected)} values microbiomix did not write")


def median_of(
    command: list[str], repeats: int, stdout: Path | None = None
) -> tuple[float, float, float]:
    runs = [run(command, stdout) for _ in range(repeats)]
    return (statistics.median(w for w, _, _ in runs), statistics.median(c for _, c, _ in runs),
            max(m for _, _, m in runs))


def row(what: str, ours: tuple[float, float, float],
        baseline: tuple[float, float, float] | None, baseline_name: str, target: str) -> str:
    ratio = ""
    if baseline and baseline[0] > 0 and ours[0] > 0:  # GNU time rounds to 0.01 s
        times = baseline[0] / ours[0]
        ratio = f"{times:.1f}x faster" if times >= 1 else f"{1 / times:.1f}x slower"
    base = (f"{baseline[0]:.2f} s / {baseline[1]:.2f} s / {baseline[2]:.0f} MiB ({baseline_name})"
            if baseline else "")
    return (f"| {what} | {ours[0]:.2f} s | {ours[1]:.2f} s | {ours[2]:.0f} MiB | {base} | {ratio} "
            f"| {target} |")


def merged_table(work: Path, n: int) -> Path:
    """The synthetic merged table of ``n`` samples in ``work``, made once."""
    table = work / f"merged_{n}.tsv"
    if not table.exists():
        synthetic.write_merged(n, table)
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--merged", default="1000,10000")
    parser.add_argument("--json-merged", default="10000",
                        help="merged tables for `mmm markers --format json` rows (written as the "
                        "samples are computed; the file is ~46 kB per sample)")
    parser.add_argument("--singles", type=int, default=10000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--reports", type=int, default=3)
    parser.add_argument("--workdir")
    args = parser.parse_args()
    work = Path(args.workdir or tempfile.mkdtemp(prefix="mmm-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    out = work / "out"
    lines = [
        ("| command (end to end, new process) | wall | CPU | peak RSS | baseline wall / CPU / RSS "
         "| ours vs baseline (wall) | target |"),
        "|---|---|---|---|---|---|---|",
    ]
    floor = median_of([PYTHON, "-c", "pass"], args.repeats)
    lines.append(row("`mmm --help`", median_of([*MMM, "--help"], args.repeats), floor,
                     "`python -c pass`", "< 0.3 s"))
    lines.append(row(
        "`mmm markers` one MetaPhlAn profile",
        median_of([*MMM, "markers", str(ONE), "-o", str(out), "--overwrite"], args.repeats),
        median_of([*BASELINE, str(ONE)], args.repeats, out), "baseline_markers.py",
        "< 0.5 s"))
    for n in [int(x) for x in args.merged.split(",") if x]:
        table = merged_table(work, n)
        ours = run([*MMM, "markers", str(table), "-o", str(out), "--overwrite"])
        base = run([*BASELINE, str(table)], work / "baseline.tsv")
        check_same(out, work / "baseline.tsv")
        target = {10_000: "< 5 s, < 1 GiB", 100_000: "< 60 s, flat memory"}.get(n, "")
        lines.append(row(f"`mmm markers` merged table, {n:,} samples", ours, base,
                         "baseline_markers.py", target))
    for n in [int(x) for x in args.json_merged.split(",") if x]:
        # beside the TSV of the same table in the same run: what writing the JSON costs
        document, table = work / "out.json", merged_table(work, n)
        ours = run([*MMM, "markers", str(table), "--format", "json", "-o", str(document),
                    "--overwrite"])
        document.unlink()  # 4.6 GB for 100,000 samples
        tsv = run([*MMM, "markers", str(table), "-o", str(out), "--overwrite"])
        lines.append(row(f"`mmm markers --format json` merged table, {n:,} samples", ours, tsv,
                         "`mmm markers` TSV", {100_000: "< 60 s, flat memory"}.get(n, "")))
    if args.singles:
        folder = work / f"singles_{args.singles}"
        if not folder.exists():
            synthetic.write_singles(args.singles, folder)
        ours = run([*MMM, "markers", str(folder), "-o", str(out), "--overwrite"])
        base = run([*BASELINE, str(folder)], work / "baseline.tsv")
        check_same(out, work / "baseline.tsv")
        lines.append(row(f"`mmm markers` {args.singles:,} single files (a folder)", ours, base,
                         "baseline_markers.py", "< 10 s"))
    if args.reports:
        report = [*MMM, "report", str(EXAMPLES / "Subj030_time2_S19.metaphlan3.txt"),
                  "--previous", str(EXAMPLES / "Subj030_time1_S18.metaphlan3.txt"),
                  "--labs", str(EXAMPLES / "labs.csv"), "--intake", str(EXAMPLES / "intake.yaml")]
        for view in ("practitioner", "client"):  # cohorts and steps: bench_report.py
            html = median_of([*report, "--view", view, "-o", str(work / "r.html")], args.reports)
            pdf = median_of([*report, "--view", view, "-o", str(work / "r.html"),
                             "--pdf", str(work / "r.pdf")], args.reports)
            lines.append(row(f"`mmm report` demo sample, {view} view, HTML only", html, None,
                             "", ""))
            lines.append(row(f"`mmm report` demo sample, {view} view, HTML + PDF (default "
                             f"engine: {ENGINE})", pdf, None, "", "< 2 s"))
    print("\n".join(lines))
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
