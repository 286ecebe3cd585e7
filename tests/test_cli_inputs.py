"""`mmm markers` inputs at scale: folders, --from-list, wide merged tables; -o never silently
replaced (--overwrite / --append)."""

from __future__ import annotations

import csv
import gzip
import math
import os
from pathlib import Path

import pytest

from microbiomix.cli import main
from microbiomix.readers import detect_format

GOLDEN = Path(__file__).parent / "data" / "golden"
MERGED = GOLDEN / "kefir_merged_metaphlan3.txt"


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(text.splitlines(), delimiter="\t"))


def assert_same_rows(got: list[dict[str, str]], expected: list[dict[str, str]]) -> None:
    """Same samples, markers, notes and references in the same order; the same numbers up to
    the last bits (a sum over a cohort's columns may round differently in another cohort)."""
    assert [(r["sample"], r["marker"], r["reference"]) for r in got] == [
        (r["sample"], r["marker"], r["reference"]) for r in expected]
    for row, original in zip(got, expected, strict=True):
        for column in ("value", "percentile", "coverage"):
            if original[column] == "NA":
                assert row[column] == "NA"
            else:
                assert math.isclose(float(row[column]), float(original[column]), rel_tol=1e-12,
                                    abs_tol=1e-12), (row, original)


def test_merged_table_wider_than_the_sniffing_window(tmp_path: Path) -> None:
    # The real 22-sample table with every sample column repeated 100 times: a header line of
    # about 75 kB, wider than the 64 KiB detection used to read.
    lines = MERGED.read_text().splitlines()
    copies = 100
    wide = [lines[0]]
    for line in lines[1:]:
        name, *cells = line.split("\t")
        if name == "clade_name":
            cells = [f"{sample}_copy{k}" for sample in cells for k in range(copies)]
        else:
            cells = [cell for cell in cells for _ in range(copies)]
        wide.append("\t".join([name, *cells]))
    path = tmp_path / "wide.tsv"
    path.write_text("\n".join(wide) + "\n")
    assert len(wide[1]) > 64 * 1024
    assert detect_format(path) == "metaphlan-merged"
    out = tmp_path / "wide.markers.tsv"
    assert main(["markers", str(path), "-o", str(out)]) == 0
    expected = {(r["sample"], r["marker"]): r for r in rows(
        gzip.decompress((GOLDEN / "kefir_merged_metaphlan3.markers.tsv.gz").read_bytes()).decode())}
    got = rows(out.read_text())
    assert len(got) == len(expected) * copies
    # a copied column is the same sample: the same markers
    assert_same_rows(
        [{**r, "sample": r["sample"].rsplit("_copy", 1)[0]} for r in got],
        [expected[(r["sample"].rsplit("_copy", 1)[0], r["marker"])] for r in got])


def test_folder_and_list_give_what_the_files_give(data_dir: Path, tmp_path: Path) -> None:
    folder = data_dir / "cami_gi" / "metaphlan3"
    files = sorted(str(p) for p in folder.glob("*.profile"))
    listing = tmp_path / "inputs.txt"
    listing.write_text(f"# two CAMI profiles\n{files[1]}\n\n{files[2]}\n")
    outputs = {}
    for name, args in {
        "files": files,
        "folder": [str(folder)],
        "list": [files[0], "--from-list", str(listing)],  # command line first, then lists
    }.items():
        out = tmp_path / f"{name}.tsv"
        assert main(["markers", *args, "-o", str(out)]) == 0
        outputs[name] = out.read_text()
    assert outputs["files"] == outputs["folder"] == outputs["list"]
    assert {r["sample"] for r in rows(outputs["files"])} == {"0", "1", "3"}  # their @SampleID


def test_list_naming_a_missing_file_names_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listing = tmp_path / "inputs.txt"
    listing.write_text(f"{MERGED}\nno/such/profile.txt\n")
    assert main(["markers", "--from-list", str(listing)]) == 2
    assert f"{listing}:2:" in capsys.readouterr().err


def test_no_input_at_all_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["markers"]) == 2
    assert "no input" in capsys.readouterr().err


def test_existing_output_is_refused_replaced_or_appended_to_on_request(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kefir = sorted(str(p) for p in (data_dir / "metaphlan_kefir").glob("*.metaphlan3.txt"))
    out = tmp_path / "m.tsv"
    out.write_text("an earlier result\n")
    assert main(["markers", kefir[0], "-o", str(out)]) == 2
    assert "--overwrite" in capsys.readouterr().err
    assert out.read_text() == "an earlier result\n"
    # not a markers table: appending to it is refused too
    assert main(["markers", kefir[0], "-o", str(out), "--append"]) == 2
    assert out.read_text() == "an earlier result\n"
    # a run in two parts, the second appended, gives the rows of one run over all files
    assert main(["markers", *kefir[:11], "-o", str(out), "--overwrite"]) == 0
    assert main(["markers", *kefir[11:], "-o", str(out), "--append"]) == 0
    whole = gzip.decompress((GOLDEN / "kefir_metaphlan3.markers.tsv.gz").read_bytes()).decode()
    assert out.read_text().splitlines()[0] == whole.splitlines()[0]  # one header
    assert_same_rows(rows(out.read_text()), rows(whole))
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    assert main(["markers", kefir[0], "-o", str(out), "--append", "--format", "json"]) == 2
    assert oct(os.stat(out).st_mode)[-3:] != "600"  # the permissions of a plain file


def test_merged_table_mixing_naming_systems_keeps_the_sample_order(tmp_path: Path) -> None:
    # S2 names its taxa the GTDB way (Bacillota), S1 and S3 the NCBI way (Firmicutes): markers
    # are computed per naming system, yet the output follows the header's order.
    table = tmp_path / "mixed.tsv"
    table.write_text(
        "clade_name\tS1\tS2\tS3\n"
        "k__Bacteria\t100.0\t0.0\t100.0\n"
        "k__Bacteria|p__Firmicutes\t100.0\t0.0\t100.0\n"
        "d__Bacteria\t0.0\t100.0\t0.0\n"
        "d__Bacteria|p__Bacillota\t0.0\t100.0\t0.0\n"
    )
    out = tmp_path / "m.json"
    assert main(["markers", str(table), "--format", "json", "-o", str(out)]) == 0
    import json

    samples = json.loads(out.read_text())["samples"]
    assert [(s["sample"], s["provenance"]["taxonomy"]) for s in samples] == [
        ("S1", "ncbi"), ("S2", "gtdb"), ("S3", "ncbi")]


def test_wide_tables_in_blocks_give_what_one_pass_gives() -> None:
    # Parts of 5 samples (the 100,000-sample path: rows parsed into a temporary file, sample
    # columns read back per part) give the samples, values and notes of one pass over the table.
    from microbiomix.pipeline import marker_table, marker_tables
    from microbiomix.readers.metaphlan import read_merged_cohorts

    whole = list(read_merged_cohorts(MERGED))
    parts = list(read_merged_cohorts(MERGED, block=5))
    assert [len(c) for c in parts] == [5, 5, 5, 5, 2]
    assert [s for c in parts for s in c.sample_ids] == [s for c in whole for s in c.sample_ids]
    by_sample = {s: (c, i) for c in whole for i, s in enumerate(c.sample_ids)}
    for part in parts:
        for row, sample in enumerate(part.sample_ids):
            cohort, i = by_sample[sample]
            here = dict(zip((t.key for t in part.taxa), part.values[row].tolist(), strict=True))
            there = dict(zip((t.key for t in cohort.taxa), cohort.values[i].tolist(), strict=True))
            assert {k: v for k, v in here.items() if v} == {k: v for k, v in there.items() if v}
    one = marker_table([MERGED]).results()
    blocks = [r for table in marker_tables([MERGED], block=5) for r in table.results()]
    assert [(r.sample, r.spec.id, r.note, r.reference) for r in blocks] == [
        (r.sample, r.spec.id, r.note, r.reference) for r in one]
    for a, b in zip(blocks, one, strict=True):
        for x, y in ((a.value, b.value), (a.percentile, b.percentile), (a.coverage, b.coverage)):
            assert (x is None and y is None) or math.isclose(x, y, rel_tol=1e-12, abs_tol=1e-12)  # type: ignore[arg-type]


@pytest.mark.parametrize("window", [1, 2, 5])
def test_tsv_written_in_windows_is_the_same_bytes(
    two_systems_table: Path, monkeypatch: pytest.MonkeyPatch, window: int
) -> None:
    # `mmm markers` builds the TSV lines a window of samples at a time (1,000 by default, so the
    # text of a 10,000-sample block is never held at once). Any window gives the bytes of the
    # row-by-row writer, across blocks of two naming systems interleaved in the input
    # (S2 and S4 GTDB, the others NCBI) and over the real 22-sample kefir table.
    import io

    from microbiomix.commands import markers as command
    from microbiomix.pipeline import marker_table

    mixed = two_systems_table
    for table_path in (mixed, MERGED):
        table = marker_table([table_path])
        expected = io.StringIO()
        command.write_tsv(table.results(), expected)
        monkeypatch.setattr(command, "SAMPLES_PER_WRITE", window)
        got = io.StringIO()
        command.write_table_tsv(table, got)
        assert got.getvalue() == expected.getvalue()
        monkeypatch.undo()
    assert len(marker_table([mixed]).blocks) == 2  # the interleaving the windows cross
