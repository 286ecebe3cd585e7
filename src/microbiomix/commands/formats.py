"""``mmm formats``: every profile format microbiomix reads, generated from the registered readers."""

from __future__ import annotations

import argparse
import json
import sys

from microbiomix.commands import COMMANDS
from microbiomix.readers import formats


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "formats",
        help=COMMANDS["formats"],
        description="Every profile format microbiomix reads, in detection order: its "
        "--input-format name, what it is, the tool versions known to work and an example header "
        "line (tabs shown as \\t).",
    )
    parser.add_argument("--json", action="store_true", help="write JSON instead of text")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    registered = formats()
    if args.json:
        listing = [
            {
                "name": fmt.name,
                "description": fmt.description,
                "versions": list(fmt.versions),
                "example": fmt.example,
            }
            for fmt in registered.values()
        ]
        json.dump(listing, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    for fmt in registered.values():
        print(f"{fmt.name}\n  {fmt.description}")
        for version in fmt.versions:
            print(f"  works with: {version}")
        if fmt.example:
            print("  example:    " + fmt.example.replace("\t", "\\t"))
        print()
    return 0
