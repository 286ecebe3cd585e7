"""Speed of one report: build, HTML render, PDF render (issue 5 targets: HTML < 0.5 s,
HTML + PDF < 2 s).

Usage: .venv/bin/python benchmarks/bench_report.py [REPEATS]

Input: the bundled demo (later kefir MetaPhlAn 3 sample with the earlier one as re-test baseline,
example labs and intake, bundled healthy reference). Prints the median wall time of each step over REPEATS runs (default 5),
after one warm-up run (template compilation, reference loading, WeasyPrint font discovery).
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from microbiomix.commands.demo import EXAMPLE_PROFILES, example_path
from microbiomix.pipeline import build_report
from microbiomix.report import render_html, render_pdf, to_fhir


def timed(step: Callable[[], Any], repeats: int) -> float:
    step()  # warm-up
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        step()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main(repeats: int) -> None:
    def build() -> Any:
        return build_report(example_path(EXAMPLE_PROFILES[1]), labs_path=example_path("labs.csv"),
                            intake_path=example_path("intake.yaml"),
                            previous_paths=[example_path(EXAMPLE_PROFILES[0])])

    report = build()
    results = {
        "build_report (2 profiles, labs, intake, markers, reference, interpretation, re-test)": timed(build, repeats),
        "render_html practitioner": timed(lambda: render_html(report, "practitioner"), repeats),
        "render_html client": timed(lambda: render_html(report, "client"), repeats),
        "render_pdf practitioner (includes its HTML)": timed(
            lambda: render_pdf(report, "practitioner"), repeats),
        "render_pdf client (includes its HTML)": timed(lambda: render_pdf(report, "client"), repeats),
        "to_fhir (with validation)": timed(lambda: to_fhir(report), repeats),
    }
    for name, seconds in results.items():
        print(f"{name}\t{seconds:.3f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
