"""`make bench`: run every benchmark and write what each printed into benchmarks/README.md, with the
machine, its load and the commit, between the `<!-- bench:start -->` and `<!-- bench:end -->` lines.

Figures in the README come only from here: rerun `make bench` to check or refresh them.
`--only NAME,...` runs some of them (the README section then keeps the others' last output).

Usage: .venv/bin/python benchmarks/run_all.py [--only bench_cli,bench_markers] [--dry-run]
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
README = HERE / "README.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"

# name -> arguments; each name is benchmarks/<name>.py (bench_calibration is issue 10's; it reads
# ../shared/data, the reference data beside the checkout).
BENCHMARKS: dict[str, list[str]] = {
    "bench_cli": ["--merged", "1000,10000,30000,100000", "--json-merged", "10000,100000"],
    "bench_gmwi2": ["1000", "--per-process", "50"],
    "bench_markers": ["10000"],
    "bench_reference": ["10000", "2000"],
    "bench_report": ["3", "--cohort", "100"],
    "bench_calibration": ["../shared/data"],
    "bench_profiling": ["accuracy", "500000"],
    "bench_profiling speed": ["speed", "1000000"],
    "bench_portal_load": [],
    "bench_portal_pdf": ["20"],
    "bench_pathogens": ["../shared/data"],
    "bench_genes": ["../shared/data"],
    "bench_batch": ["10", "2000", "2"],
    "bench_batch_slurm": ["20", "1000"],
}


def commit() -> str:
    return subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
                          capture_output=True, text=True, check=False).stdout.strip()


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text()
                .splitlines() if line.startswith("model name")), platform.processor())
    memory_kib = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())[1])  # type: ignore[index]
    return (f"{cpu}, {os.cpu_count()} cores, {memory_kib / 2**20:.0f} GiB; "
            f"{platform.system()} {platform.release()}; Python {platform.python_version()}")


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def run(name: str, args: list[str]) -> str:
    script = HERE / f"{name.split()[0]}.py"
    command = [sys.executable, str(script.relative_to(ROOT)), *args]
    shown = " ".join([".venv/bin/python", *command[1:]])
    if not script.exists():
        return f"### {name}\n\nnot run: {script.name} is not in this checkout\n"
    before = load()
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    took = time.perf_counter() - start
    output = done.stdout.strip()
    if done.returncode != 0:
        output += f"\n\nFAILED (exit {done.returncode}): " + " ".join(done.stderr.strip()
                                                                    .splitlines()[-3:])
    table = output.startswith("|")
    body = output if table else f"```\n{output}\n```"
    return (f"### {name}\n\n`{shown}`: run {time.strftime('%Y-%m-%d %H:%M')} at commit "
            f"{commit()}, load average before {before}, after {load()}; {took:.0f} s\n\n{body}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="comma-separated benchmark names")
    parser.add_argument("--dry-run", action="store_true", help="print, do not write the README")
    args = parser.parse_args()
    chosen = args.only.split(",") if args.only else list(BENCHMARKS)
    text = README.read_text()
    head, _, rest = text.partition(START)
    old, _, tail = rest.partition(END)
    sections = dict(_sections(old))
    for name in chosen:
        print(f"running {name} ...", file=sys.stderr)
        sections[name] = run(name, BENCHMARKS[name])
        print(sections[name], file=sys.stderr)
    body = (f"\n## Results of the last `make bench`\n\nMachine: {machine()}. Each benchmark's "
            "line says when and at which commit it ran (`--only` reruns keep the others' last "
            "results); other jobs on the same cores make every time an upper bound.\n\n"
            + "\n".join(sections[name] for name in BENCHMARKS if name in sections) + "\n")
    if args.dry_run:
        print(body)
        return
    README.write_text(head + START + body + END + tail)


def _sections(block: str) -> list[tuple[str, str]]:
    """The previous run's section of each benchmark, to keep those not rerun."""
    parts = re.split(r"^### ", block, flags=re.MULTILINE)[1:]
    return [(part.splitlines()[0].strip(), "### " + part.rstrip() + "\n") for part in parts]


if __name__ == "__main__":
    main()
