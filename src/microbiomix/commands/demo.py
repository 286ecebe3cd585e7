"""``mmm demo``: run the main job on the bundled example data."""

from __future__ import annotations

import argparse
import sys
from importlib import resources
from pathlib import Path

from microbiomix.commands.markers import write_tsv
from microbiomix.outputs import atomic_writer
from microbiomix.pipeline import load_profiles, marker_results

EXAMPLE_PROFILES = ("Subj001_time1_S1.metaphlan3.txt", "Subj001_time2_S2.metaphlan3.txt")


def example_path(name: str) -> Path:
    return Path(str(resources.files("microbiomix.examples").joinpath(name)))


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("demo", help="run on the bundled example data")
    parser.add_argument("-o", "--output-dir", default="demo-output", help="where to write")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    out = Path(args.output_dir)
    profiles = load_profiles([example_path(name) for name in EXAMPLE_PROFILES])
    results, _ = marker_results(profiles)
    target = out / "markers.tsv"
    with atomic_writer(target) as handle:
        write_tsv(results, handle)
    print(f"markers for {len(profiles)} example samples written to {target.resolve()}", file=sys.stderr)
    return 0
