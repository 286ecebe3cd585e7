"""`mmm markers --format json` is written a window of samples at a time as the parts of the input
are computed (flat memory for 100,000 samples); the bytes must be those of ``json.dump`` of the
whole document built at once (``pipeline.markers_document``), whatever the parts and windows.

The oracle is the standard library's ``json.dumps(indent=2, allow_nan=False)``; the inputs are the
real profiles in tests/data (the 22-sample kefir merged table, CAMI profiles of several tools,
the GMHI example table, HUMAnN 3.9 test tables) and a hand-written table interleaving two naming
systems.
"""

from __future__ import annotations

import enum
import io
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from microbiomix import pipeline
from microbiomix.cli import main
from microbiomix.errors import InputError
from microbiomix.outputs import atomic_writer, write_json_streamed
from microbiomix.pipeline import (
    function_results,
    marker_tables,
    markers_document,
    write_markers_document,
)
from microbiomix.reference import Reference, bundled_references

DATA = Path(__file__).parent / "data"
MERGED = DATA / "golden" / "kefir_merged_metaphlan3.txt"
MIXED = [DATA / p for p in (
    "cami_gi/gold_gtdb_r214/sample_0.profile", "gmhi/example_species_relative_abundances.csv",
    "metaphlan_kefir/Subj001_time1_S1.metaphlan3.txt", "cami_gi/gold_gtdb_r214/sample_1.profile",
    "golden/kefir_merged_metaphlan3.txt", "cami_gi/metaphlan4_gtdb/sample_3.profile")]
HUMANN = [DATA / "humann" / name for name in (
    "humann39_tests_demo_genefamilies.tsv", "humann39_tests_regroup_uniref50_ec.tsv",
    "humann39_tests_demo_pathabundance.tsv")]
def references(extra: Reference | None = None) -> dict[str, Reference]:
    found = {r.name: r for r in bundled_references().values()}
    if extra is not None:
        found[extra.name] = extra
    return found


def old_way(tables: list[pipeline.MarkerTable], refs: dict[str, Reference],
            functions: list[dict[str, Any]] | None) -> str:
    """The document as `mmm markers --format json` built it before: every result at once, one
    ``json.dump``."""
    results = [r for table in tables for r in table.results()]
    provenance = {k: v for table in tables for k, v in table.provenance().items()}
    quality = {k: v for table in tables for k, v in table.quality().items()}
    document = markers_document(results, provenance, quality, refs)
    if functions is not None:
        document["functions"] = functions
    return json.dumps(document, indent=2, allow_nan=False) + "\n"


def streamed(tables: list[pipeline.MarkerTable], refs: dict[str, Reference],
             functions: list[dict[str, Any]] | None) -> str:
    out = io.StringIO()
    write_markers_document(out, iter(tables), refs, functions)
    return out.getvalue()


@pytest.mark.parametrize("block", [1, 2, 5, None])
def test_streamed_json_is_the_whole_document_dumped(
    monkeypatch: pytest.MonkeyPatch, two_systems_table: Path, block: int | None
) -> None:
    refs = references()
    from microbiomix.commands.markers import function_json

    functions = [function_json(v) for v in function_results(HUMANN, None)]
    assert functions
    cases = {"kefir merged": [MERGED], "two systems": [two_systems_table], "mixed files": MIXED}
    for name, paths in cases.items():
        tables = list(marker_tables(paths, block=block))
        if name == "two systems":  # a part holding both systems has two blocks to interleave
            assert any(len(t.blocks) == 2 for t in tables) == (block != 1)
        expected = old_way(tables, refs, functions)
        bare = old_way(tables, refs, None)
        for window in (1, 2, 3, 1000):
            monkeypatch.setattr(pipeline, "SAMPLES_PER_WINDOW", window)
            assert streamed(tables, refs, functions) == expected, (name, block, window)
            assert streamed(tables, refs, None) == bare, (name, block, window)


def test_streamed_json_with_a_given_reference_and_the_real_cami_profiles() -> None:
    # a reference built from 11 of the kefir profiles (`mmm reference build`): the kefir samples
    # are placed in it, the CAMI ones (other profilers) are not, and their entry says so
    from microbiomix.reference import build_reference

    kefir = sorted((DATA / "metaphlan_kefir").glob("*.metaphlan3.txt"))[:11]
    given = build_reference(pipeline.load_profiles(kefir), name="kefir11",
                            description="11 kefir study profiles (test)")
    refs = references(given)
    paths = [MERGED, *(DATA / "cami_gi" / tool / f"sample_{k}.profile"
                       for k, tool in ((0, "metaphlan4_cami"), (1, "sylph"), (3, "motus3")))]
    for block in (2, None):
        tables = list(marker_tables(paths, reference=given, block=block))
        text = streamed(tables, refs, [])
        assert text == old_way(tables, refs, [])
        document = json.loads(text)
        first = document["samples"][0]
        assert first["sample"] == "Subj001_time1_S1.metaphlan3"
        assert first["reference"]["name"] == "kefir11"
        assert len(document["samples"]) == 22 + 3
        assert document["samples"][23]["reference"]["compatible"] is False


def test_no_profiles_gives_an_empty_sample_list() -> None:
    from microbiomix.commands.markers import function_json

    functions = [function_json(v) for v in function_results(HUMANN, None)]
    text = streamed([], references(), functions)
    assert text == old_way([], references(), functions)
    assert '  "samples": [],\n  "functions": [\n    {\n      "sample": "' in text


def test_the_comparison_sees_order_and_separators() -> None:
    # what the golden comparison relies on: a swapped pair of samples or one separator changed
    # is a different text
    (table,) = marker_tables([MERGED])
    refs = references()
    good = streamed([table], refs, [])
    swapped = table.order[:]
    swapped[0], swapped[1] = swapped[1], swapped[0]
    assert streamed([pipeline.MarkerTable(table.blocks, swapped)], refs, []) != good
    assert good.count('"sample": "') == 22
    assert good.replace('",\n', '"\n', 1) != good


class Colour(enum.Enum):
    RED = "red"


class Name(str, enum.Enum):
    A = "a\u00e9"


@pytest.mark.parametrize("value", [
    [], {}, [[]], [{}], {"a": []}, {"a": {}}, "", "x\ny\t\"\\\u2028\u00e9\U0001f600\x00",
    0, -1, 10**30, True, False, None, 0.0, -0.0, 1e-300, 5e-324, 1e16, 123456.789, 0.1 + 0.2,
    (1, (2, 3)), {"k": (None, True)}, {3: "int key", 2.5: "float key", None: "n", True: "t"},
    np.float64(0.3), Name.A, {"nested": [{"deep": [1, [2, {"x": None}]]}, "s"]},
])
def test_written_json_is_json_dumps(value: Any) -> None:
    document = {"head": value, "items": None, "tail": [value, {"v": value}]}
    out = io.StringIO()
    write_json_streamed(out, document, "items", iter([value, value, {"e": value}]))
    expected = {**document, "items": [value, value, {"e": value}]}
    assert out.getvalue() == json.dumps(expected, indent=2, allow_nan=False) + "\n"


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, np.float64("nan")])
def test_not_a_number_is_refused_as_json_refuses_it(value: float) -> None:
    with pytest.raises(ValueError, match="Out of range float values are not JSON compliant"):
        json.dumps(value, allow_nan=False)
    with pytest.raises(ValueError, match="Out of range float values are not JSON compliant"):
        write_json_streamed(io.StringIO(), {"items": None}, "items", iter([{"v": value}]))


def test_an_object_json_cannot_write_fails_as_json_fails() -> None:
    with pytest.raises(TypeError, match="not JSON serializable"):
        write_json_streamed(io.StringIO(), {"items": None}, "items", iter([Colour.RED]))


def test_an_error_in_a_later_part_leaves_nothing_half_written(tmp_path: Path) -> None:
    # parts of 5 samples: four parts of the kefir table are written before the malformed
    # OPAL-format file (pyopal's small1.profile, line 13 has 7 columns) is read
    target = tmp_path / "out.json"
    target.write_text("the previous run\n")
    bad = DATA / "realworld" / "opal" / "small1.profile"
    with pytest.raises(InputError, match=r"small1\.profile:13: expected 5 tab-separated"), \
            atomic_writer(target) as handle:
        write_markers_document(handle, marker_tables([MERGED, bad], block=5), references(), [])
    assert target.read_text() == "the previous run\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_the_command_writes_the_old_document(tmp_path: Path) -> None:
    # end to end: `mmm markers --format json` with HUMAnN tables beside the profiles gives the
    # document built the old way from the same inputs
    from microbiomix.commands.markers import function_json

    out = tmp_path / "m.json"
    assert main(["markers", *map(str, MIXED), *map(str, HUMANN), "--format", "json",
                 "-o", str(out)]) == 0
    functions = [function_json(v) for v in function_results(HUMANN, None)]
    assert out.read_text() == old_way(list(marker_tables(MIXED)), references(), functions)


def test_the_document_without_quality_or_references_as_mmm_run_writes_it() -> None:
    # `mmm run` writes markers_document(results, provenance): no quality verdict and no
    # reference entry, the markers as in the full document
    from microbiomix.pipeline import marker_results

    profiles = pipeline.load_profiles([MERGED])
    results, provenance = marker_results(profiles)
    bare = markers_document(results, provenance)
    full = json.loads(streamed(list(marker_tables([MERGED])), references(), None))
    assert len(bare["samples"]) == len(full["samples"]) == 22
    for plain, rich in zip(bare["samples"], full["samples"], strict=True):
        assert list(plain) == ["sample", "quality", "reference", "provenance", "markers"]
        assert plain["quality"] is None and plain["reference"] is None
        assert rich["quality"]["verdict"] in ("pass", "caution", "fail")
        assert rich["reference"]["compatible"] is True
        assert plain["sample"] == rich["sample"]
        assert json.loads(json.dumps(plain["markers"])) == rich["markers"]
