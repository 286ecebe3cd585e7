"""`mmm markers` end to end, in-process (main(argv) -> int)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from microbiomix.cli import main

KEFIR = "metaphlan_kefir/Subj001_time1_S1.metaphlan3.txt"


def read_tsv(path: Path) -> list[dict[str, str]]:
    lines = [ln for ln in path.read_text().splitlines() if not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def test_markers_tsv_long_format_full_precision(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "m.tsv"
    assert main(["markers", str(data_dir / KEFIR), "-o", str(out)]) == 0
    first_line = out.read_text().splitlines()[0]
    assert first_line.split("\t")[:5] == ["sample", "marker", "value", "percentile", "reference"]
    rows = read_tsv(out)
    assert {r["sample"] for r in rows} == {"Subj001_time1_S1"}
    by_marker = {r["marker"]: r for r in rows}
    assert list(by_marker)[:7] == [
        "richness", "shannon", "simpson", "inverse_simpson", "evenness", "gmhi", "gmwi2"]
    published = float((data_dir / "metaphlan_kefir/Subj001_time1_S1.gmwi2_published.txt").read_text())
    assert abs(float(by_marker["gmwi2"]["value"]) - published) < 1e-9


def test_merged_table_sample_ids_are_column_names(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "m.tsv"
    assert main(["markers", str(data_dir / "gmhi/example_species_relative_abundances.csv"),
                 "-o", str(out)]) == 0
    samples = {r["sample"] for r in read_tsv(out)}
    assert samples == {f"Sample{i}" for i in range(1, 26)}


def test_json_output_and_sample_id_override(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "m.json"
    assert main(["markers", str(data_dir / KEFIR), "--sample-id", "client42", "--format", "json",
                 "-o", str(out)]) == 0
    doc = json.loads(out.read_text())
    assert doc["schema_version"] and doc["microbiomix_version"]
    (sample,) = doc["samples"]
    assert sample["sample"] == "client42"
    assert sample["provenance"]["tool"] == "MetaPhlAn 3"
    assert sample["markers"]["gmwi2"]["doi"] == "10.1038/s41467-024-51651-9"


@pytest.mark.parametrize(
    ("content", "line"),
    [
        ("#mpa_v30_CHOCOPhlAn_201901\nk__Bacteria\t2\t100.0\nk__Bacteria|p__Firmicutes\t2|1239\tabc\n", 3),
        ("#mpa_v30_CHOCOPhlAn_201901\nk__Bacteria\t2\t100.0\nk__Bacteria\t2\t100.0\n", 3),
        ("#mpa_v30_CHOCOPhlAn_201901\nk__Bacteria\t2\t-1\n", 2),
    ],
)
def test_bad_input_one_line_exit_2_no_output(
    content: str, line: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text(content)
    out = tmp_path / "out.tsv"
    out.write_text("previous result\n")
    assert main(["markers", str(bad), "-o", str(out), "--overwrite"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert f"{bad}:{line}:" in err[0]
    assert "Traceback" not in err[0]
    assert out.read_text() == "previous result\n"  # nothing half-written
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


def test_duplicate_sample_ids_across_files(data_dir: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "Subj001_time1_S1.copy.txt"
    copy.write_text((data_dir / KEFIR).read_text())
    assert main(["markers", str(data_dir / KEFIR), str(copy)]) == 2
    assert "occurs in both" in capsys.readouterr().err


def test_unknown_format_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "x.txt"
    f.write_text("hello\n")
    assert main(["markers", str(f)]) == 2
    assert "not a profile format" in capsys.readouterr().err
