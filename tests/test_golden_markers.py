"""`mmm markers` output stays byte-identical for every profile in tests/data and the demo.

The expected files in tests/data/golden/ (gzip; `zdiff` shows changes) are the output of the command at the commit named in
tests/data/golden/README.md. A change that is meant to change marker values (a new marker, a
corrected list) regenerates them on purpose:

    PYTHONPATH=src python tests/test_golden_markers.py --regenerate

and the diff of the expected files is then reviewed like any other change. Speed work must not
change a byte.
"""

from __future__ import annotations

import gzip
import sys
import tempfile
from pathlib import Path

import pytest

from microbiomix.cli import main

DATA = Path(__file__).parent / "data"
GOLDEN = DATA / "golden"


def _files(folder: str, pattern: str) -> list[str]:
    return sorted(str(p.relative_to(DATA)) for p in (DATA / folder).glob(pattern))


# name -> the arguments after `mmm markers`, paths relative to tests/data (they appear in the
# JSON provenance, so the command runs from there).
CASES: dict[str, list[str]] = {
    "kefir_metaphlan3": _files("metaphlan_kefir", "*.metaphlan3.txt"),
    "kefir_merged_metaphlan3": ["golden/kefir_merged_metaphlan3.txt"],
    "gmhi_example_csv": ["gmhi/example_species_relative_abundances.csv"],
    "kefir_one_sample_id": ["metaphlan_kefir/Subj030_time3_S20.metaphlan3.txt",
                            "--sample-id", "client42"],
    "demo_examples": [
        str(Path("..", "..", "src", "microbiomix", "examples", name))
        for name in ("Subj030_time1_S18.metaphlan3.txt", "Subj030_time2_S19.metaphlan3.txt")
    ],
    # several files, two naming systems interleaved: samples grouped per system, output in input order
    "mixed_inputs": ["cami_gi/gold_gtdb_r214/sample_0.profile",
                     "gmhi/example_species_relative_abundances.csv",
                     "metaphlan_kefir/Subj001_time1_S1.metaphlan3.txt",
                     "cami_gi/gold_gtdb_r214/sample_1.profile",
                     "golden/kefir_merged_metaphlan3.txt",
                     "cami_gi/metaphlan4_gtdb/sample_3.profile"],
    **{f"cami_{tool}": _files(f"cami_gi/{tool}", "*.profile")
       for tool in ("gold_ncbi", "gold_gtdb_r214", "metaphlan3", "metaphlan4_cami",
                    "metaphlan4_gtdb", "motus3", "sylph")},
}
FORMATS = ("tsv", "json")


def run_case(name: str, output_format: str, output: Path) -> None:
    import os

    here = Path.cwd()
    os.chdir(DATA)
    try:
        code = main(["markers", *CASES[name], "--format", output_format, "-o", str(output)])
    finally:
        os.chdir(here)
    assert code == 0, f"mmm markers failed for {name}"


@pytest.mark.parametrize("output_format", FORMATS)
@pytest.mark.parametrize("name", sorted(CASES))
def test_markers_output_is_byte_identical(name: str, output_format: str, tmp_path: Path) -> None:
    assert CASES[name], f"no input files for {name}"
    out = tmp_path / f"{name}.{output_format}"
    run_case(name, output_format, out.resolve())
    expected = GOLDEN / f"{name}.markers.{output_format}.gz"
    assert out.read_bytes() == gzip.decompress(expected.read_bytes()), (
        f"{name}: output differs from {expected}; if the change is intended, regenerate "
        "(see this file's docstring) and review the diff"
    )


def regenerate() -> None:
    for name in sorted(CASES):
        for output_format in FORMATS:
            with tempfile.TemporaryDirectory() as folder:
                out = Path(folder, "out").resolve()
                run_case(name, output_format, out)
                # mtime=0: the same output gives the same bytes, so git sees no change
                packed = gzip.compress(out.read_bytes(), compresslevel=9, mtime=0)
            target = GOLDEN / f"{name}.markers.{output_format}.gz"
            target.write_bytes(packed)
            print(f"wrote {target}", file=sys.stderr)


if __name__ == "__main__":
    if sys.argv[1:] != ["--regenerate"]:
        sys.exit("usage: PYTHONPATH=src python tests/test_golden_markers.py --regenerate")
    regenerate()
