"""Speed of reports: `mmm report` end to end (new process, files written) for one sample and for a
cohort in one process, and the steps in-process (issue 15 targets: HTML + PDF under 2 s per sample
from the command line; 100 samples' reports in one process at under 0.5 s each).

Usage: .venv/bin/python benchmarks/bench_report.py [REPEATS] [--cohort N]

One sample: the bundled demo (`mmm demo`: later Subj030 sample, the earlier one as re-test baseline,
example labs and intake, bundled healthy reference), each view, HTML only and HTML + PDF; the median
of REPEATS runs (default 3) under GNU time (wall, CPU = user + system of the process and its
children, peak RSS). Cohort: `mmm report --output-dir` over N synthetic MetaPhlAn 3 profiles made
from the real kefir profiles (benchmarks/synthetic.py, seed 7; default N = 100), HTML + PDF, once
per view; per report = total / N. Each again with `--pdf-engine chromium` (the Debian chromium
through Playwright, one browser per run). GNU time does not see Chromium's renderer processes, so
CPU there is marked as a lower bound; the in-process Chromium rows count every browser process.
Peak RSS is that of the largest single process, not the sum.

In-process, warm (templates compiled, reference and WeasyPrint loaded; REPEATS runs after one
warm-up, medians): the build, the HTML, and WeasyPrint's two stages, layout (parse, style, boxes,
line breaking, pages) and drawing the PDF, with the page count, so the cost per page can be read.
WeasyPrint is single-threaded: on an idle machine wall ~ CPU; on a loaded one wall grows while CPU
shows the work. The load average before and after is printed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any

import synthetic
from bench_cli import MMM, median_of, run

from microbiomix.commands.demo import EXAMPLE_PROFILES, example_path
from microbiomix.pipeline import build_report
from microbiomix.report import render_html, render_pdf, to_fhir
from microbiomix.report.pdf import _no_fetch, weasyprint_html

VIEWS = ("practitioner", "client")


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


def end_to_end(repeats: int, cohort: int, work: Path) -> list[str]:
    demo = [*MMM, "report", str(example_path(EXAMPLE_PROFILES[1])),
            "--previous", str(example_path(EXAMPLE_PROFILES[0])),
            "--labs", str(example_path("labs.csv")), "--intake", str(example_path("intake.yaml"))]
    lines = [("| `mmm report`, end to end (new process, files written) | wall | CPU | peak RSS "
              "| target |"), "|---|---|---|---|---|"]
    for view in VIEWS:
        html = median_of([*demo, "--view", view, "-o", str(work / "r.html")], repeats)
        both = median_of([*demo, "--view", view, "-o", str(work / "r.html"),
                          "--pdf", str(work / "r.pdf"), "--pdf-engine", "weasyprint"], repeats)
        lines.append(f"| demo sample, {view} view, HTML | {html[0]:.2f} s | {html[1]:.2f} s "
                     f"| {html[2]:.0f} MiB | |")
        lines.append(f"| demo sample, {view} view, HTML + PDF, `--pdf-engine weasyprint` "
                     f"| {both[0]:.2f} s | {both[1]:.2f} s | {both[2]:.0f} MiB | < 2 s |")
        if chromium_available():
            fast = median_of([*demo, "--view", view, "-o", str(work / "r.html"),
                              "--pdf", str(work / "r.pdf")], repeats)
            lines.append(f"| demo sample, {view} view, HTML + PDF, default engine (`auto`: "
                         f"Chromium here; browser started) | {fast[0]:.2f} s | {fast[1]:.2f} s"
                         f"{UNSEEN} | {fast[2]:.0f} MiB | < 2 s |")
    if cohort:
        folder = work / f"cohort_{cohort}"
        synthetic.write_singles(cohort, folder)
        profiles = sorted(str(p) for p in folder.iterdir())
        engines = ("weasyprint", "chromium") if chromium_available() else ("weasyprint",)
        for view in VIEWS:
            for engine in engines:
                target = work / f"out_{view}_{engine}"
                wall, cpu, rss = run([*MMM, "report", *profiles, "--view", view,
                                      "--output-dir", str(target), "--formats", "html", "pdf",
                                      "--pdf-engine", engine])
                pages = [pdf_pages(pdf) for pdf in target.glob("*.pdf")]
                named = f", `--pdf-engine {engine}`"
                unseen = "" if engine == "weasyprint" else UNSEEN
                lines.append(f"| cohort of {cohort} (`--output-dir`), {view} view, HTML + PDF"
                             f"{named} ({min(pages)}-{max(pages)} pages), per report "
                             f"| {wall / cohort:.2f} s | {cpu / cohort:.2f} s{unseen} | {rss:.0f} MiB "
                             f"(whole run: {wall:.1f} s / {cpu:.1f} s) | < 0.5 s |")
        # The same samples as one merged table (each file is read once, not once per sample).
        merged = work / f"merged_{cohort}.txt"
        synthetic.write_merged(cohort, merged)
        wall, cpu, rss = run([*MMM, "report", str(merged), "--output-dir", str(work / "out_merged"),
                              "--formats", "html", "json"])
        lines.append(f"| cohort of {cohort} as one merged table (`--output-dir`), practitioner "
                     f"view, HTML + JSON, per report | {wall / cohort:.3f} s | {cpu / cohort:.3f} s "
                     f"| {rss:.0f} MiB (whole run: {wall:.1f} s / {cpu:.1f} s) | |")
    return lines


# GNU time counts only the descendants that were waited for: Chromium's renderer processes are not
# among them, so its CPU there is a lower bound. The in-process Chromium rows count every browser
# process (psutil).
UNSEEN = " + renderers not seen"


def chromium_available() -> bool:
    """`--pdf-engine chromium` can run: Playwright and a system Chromium."""
    from microbiomix.errors import UsageError
    from microbiomix.report.chromium import chromium_executable

    try:
        import playwright  # noqa: F401

        chromium_executable()
    except (ImportError, UsageError):
        return False
    return True


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


def in_process(repeats: int) -> list[str]:
    html_class = weasyprint_html()

    def build() -> Any:
        return build_report(example_path(EXAMPLE_PROFILES[1]), labs_path=example_path("labs.csv"),
                            intake_path=example_path("intake.yaml"),
                            previous_paths=[example_path(EXAMPLE_PROFILES[0])])

    report = build()
    lines = ["| step, in-process (warm) | wall | CPU |", "|---|---|---|"]

    def add(name: str, figures: tuple[float, float]) -> None:
        lines.append(f"| {name} | {figures[0]:.3f} s | {figures[1]:.3f} s |")

    add("build_report (2 profiles, labs, intake, markers, reference, interpretation, re-test)",
        timed(build, repeats))
    for view in VIEWS:
        printed = render_html(report, view, for_print=True)
        pages = len(html_class(string=printed, url_fetcher=_no_fetch).render().pages)
        add(f"render_html {view}", timed(lambda v=view: render_html(report, v), repeats))
        layout = timed(lambda p=printed: html_class(string=p, url_fetcher=_no_fetch).render(),
                       repeats)
        document = html_class(string=printed, url_fetcher=_no_fetch).render()
        drawing = timed(document.write_pdf, repeats)
        add(f"WeasyPrint layout, {view} ({pages} pages; CPU per page "
            f"{layout[1] / pages * 1000:.0f} ms)", layout)
        add(f"WeasyPrint drawing the PDF, {view} (CPU per page {drawing[1] / pages * 1000:.0f} ms)",
            drawing)
        add(f"render_pdf {view} (HTML + layout + PDF)",
            timed(lambda v=view: render_pdf(report, v), repeats))
    add("to_fhir (with validation)", timed(lambda: to_fhir(report), repeats))
    lines += chromium_comparison(report, repeats)
    return lines


def chromium_comparison(report: Any, repeats: int) -> list[str]:
    """The second engine on the same print HTML: `ChromiumPrinter` (what `mmm report --pdf-engine
    chromium` uses: one browser kept open), wall and CPU of this process plus every browser
    process; skipped without Playwright or a system Chromium."""
    if not chromium_available():
        return []
    import psutil

    from microbiomix.report.chromium import ChromiumPrinter, chromium_executable

    lines = []
    with ChromiumPrinter() as printer:
        printer.pdf_from_html("<html><head></head><body></body></html>")  # waits for the start
        tree = psutil.Process().children(recursive=True)
        browser = f"{Path(chromium_executable()).name} {printer.browser_version}"

        def cpu() -> float:
            total = time.process_time()
            for process in tree:
                try:
                    times = process.cpu_times()
                    total += times.user + times.system
                except psutil.NoSuchProcess:
                    pass
            return total

        for view in VIEWS:
            printed = render_html(report, view, for_print=True)
            printer.pdf_from_html(printed)
            walls, cpus = [], []
            for _ in range(repeats):
                wall, used = time.perf_counter(), cpu()
                printer.pdf_from_html(printed)
                walls.append(time.perf_counter() - wall)
                cpus.append(cpu() - used)
            lines.append(f"| Chromium ({browser}) print to PDF of the same print HTML "
                         f"(`--pdf-engine chromium`), {view}, browser kept open (CPU: all its "
                         f"processes) "
                         f"| {statistics.median(walls):.3f} s | {statistics.median(cpus):.3f} s |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repeats", nargs="?", type=int, default=3)
    parser.add_argument("--cohort", type=int, default=100, help="samples of the cohort run (0: none)")
    args = parser.parse_args()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="mmm-bench-report-") as tmp:
        lines = end_to_end(args.repeats, args.cohort, Path(tmp))
    lines += ["", *in_process(args.repeats)]
    load_after = os.getloadavg()
    print(f"load average (1, 5, 15 min) before {load_before[0]:.2f} {load_before[1]:.2f} "
          f"{load_before[2]:.2f}, after {load_after[0]:.2f} {load_after[1]:.2f} "
          f"{load_after[2]:.2f}; WeasyPrint {version('weasyprint')}\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
