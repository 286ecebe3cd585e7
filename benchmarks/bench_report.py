"""Speed of one report: build, HTML render, PDF render (issue 5 targets: HTML < 0.5 s,
HTML + PDF < 2 s).

Usage: .venv/bin/python benchmarks/bench_report.py [REPEATS]

Input: the bundled demo (later kefir MetaPhlAn 3 sample with the earlier one as re-test baseline,
example labs and intake, bundled healthy reference). Each step runs once as a warm-up (template
compilation, reference loading, WeasyPrint font discovery), then REPEATS times (default 5); the
median wall time and the median CPU time of this process are printed. WeasyPrint is
single-threaded, so on an idle machine wall time ~ CPU time; on a loaded machine (other jobs on the
same cores) wall time grows while CPU time shows the work itself. The load average before and after
is printed so the numbers can be read against it.
"""

from __future__ import annotations

import logging
import os
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from microbiomix.commands.demo import EXAMPLE_PROFILES, example_path
from microbiomix.pipeline import build_report
from microbiomix.report import render_html, render_pdf, to_fhir
from microbiomix.report.pdf import _no_fetch


def timed(step: Callable[[], Any], repeats: int) -> tuple[float, float]:
    """Median (wall, CPU) seconds of ``step`` over ``repeats`` runs after one warm-up."""
    step()
    walls, cpus = [], []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        step()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def main(repeats: int) -> None:
    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)

    def build() -> Any:
        return build_report(example_path(EXAMPLE_PROFILES[1]), labs_path=example_path("labs.csv"),
                            intake_path=example_path("intake.yaml"),
                            previous_paths=[example_path(EXAMPLE_PROFILES[0])])

    def pdf_only(html: str) -> Callable[[], Any]:
        return lambda: HTML(string=html, url_fetcher=_no_fetch, base_url=None).write_pdf()

    load_before = os.getloadavg()
    report = build()
    html = {view: render_html(report, view, for_print=True) for view in ("practitioner", "client")}
    pages = {view: len(HTML(string=text, url_fetcher=_no_fetch).render().pages)
             for view, text in html.items()}
    results = {
        "build_report (2 profiles, labs, intake, markers, reference, interpretation, re-test)":
            timed(build, repeats),
        "render_html practitioner": timed(lambda: render_html(report, "practitioner"), repeats),
        "render_html client": timed(lambda: render_html(report, "client"), repeats),
        f"PDF from HTML only, practitioner ({pages['practitioner']} pages)":
            timed(pdf_only(html["practitioner"]), repeats),
        f"PDF from HTML only, client ({pages['client']} pages)":
            timed(pdf_only(html["client"]), repeats),
        "render_pdf practitioner (HTML + PDF)": timed(
            lambda: render_pdf(report, "practitioner"), repeats),
        "render_pdf client (HTML + PDF)": timed(lambda: render_pdf(report, "client"), repeats),
        "to_fhir (with validation)": timed(lambda: to_fhir(report), repeats),
    }
    load_after = os.getloadavg()
    print(f"load average (1, 5, 15 min) before {load_before[0]:.2f} {load_before[1]:.2f} "
          f"{load_before[2]:.2f}, after {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f}")
    print("step\twall s (median)\tCPU s (median)")
    for name, (wall, cpu) in results.items():
        print(f"{name}\t{wall:.3f}\t{cpu:.3f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
