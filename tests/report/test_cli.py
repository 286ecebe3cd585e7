"""`mmm report` and `mmm demo` end to end, in-process."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from report_data import EARLIER, LATER

from microbiomix.cli import main
from microbiomix.report.model import json_schema


def test_report_writes_every_format(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code = main(["report", str(LATER), "--previous", str(EARLIER), "-o", str(out / "r.html"),
                 "--pdf", str(out / "r.pdf"), "--json", str(out / "r.json"),
                 "--fhir", str(out / "r.fhir.json"), "--view", "client"])
    assert code == 0
    assert "Your gut microbiome report" in (out / "r.html").read_text()
    assert (out / "r.pdf").read_bytes().startswith(b"%PDF-")
    document = json.loads((out / "r.json").read_text())
    jsonschema.Draft202012Validator(json_schema()).validate(document)
    assert document["retest"]["timepoints"][0]["sample_id"] == "Subj001_time1_S1"
    assert json.loads((out / "r.fhir.json").read_text())["resourceType"] == "Bundle"


def test_bad_profile_exits_2_and_writes_nothing(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.txt"
    bad.write_text("this is not a profile\n")
    target = tmp_path / "r.html"
    assert main(["report", str(bad), "-o", str(target)]) == 2
    assert not target.exists()
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("mmm report: error:")


def test_demo_writes_reports(tmp_path: Path) -> None:
    assert main(["demo", "-o", str(tmp_path)]) == 0
    for name in ("report-practitioner.html", "report-practitioner.pdf", "report-client.html",
                 "report-client.pdf", "report.json", "report.fhir.json"):
        assert (tmp_path / name).stat().st_size > 1000, name


def test_input_format_is_forced_for_profile_and_previous(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "r.json"
    code = main(["report", str(LATER), "--previous", str(EARLIER), "--input-format", "metaphlan",
                 "-o", str(tmp_path / "r.html"), "--json", str(out)])
    assert code == 0
    assert json.loads(out.read_text())["retest"]["timepoints"][0]["sample_id"] == "Subj001_time1_S1"
    # Forced to a format the file is not, the reader says so and nothing is written.
    target = tmp_path / "bad.html"
    assert main(["report", str(LATER), "--input-format", "cami", "-o", str(target)]) == 2
    assert not target.exists()
    assert "@SampleID" in capsys.readouterr().err


def _without_time(document: str) -> dict:  # type: ignore[type-arg]
    data = json.loads(document)
    data.pop("generated")
    return data  # type: ignore[no-any-return]


def test_cohort_mode_writes_the_same_report_per_sample_as_one_sample_runs(tmp_path: Path) -> None:
    # Two single-sample files, then MetaPhlAn's own merged table of the 22 kefir profiles
    # (merge_metaphlan_tables.py; tests/data/golden/README.md; its sample ids keep the files'
    # ".metaphlan3" suffix): a report per sample, each equal to
    # the one `mmm report FILE --sample-id ID` writes (but the time it was made).
    merged = Path(__file__).parents[1] / "data" / "golden" / "kefir_merged_metaphlan3.txt"
    out = tmp_path / "cohort"
    assert main(["report", str(EARLIER), str(LATER), str(EARLIER), "--output-dir", str(out),
                 "--formats", "html", "json"]) == 2  # one sample twice: one file name, refused
    assert not out.exists()
    assert main(["report", str(EARLIER), str(LATER), "--output-dir", str(out),
                 "--formats", "html", "json", "--view", "client"]) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "Subj001_time1_S1.html", "Subj001_time1_S1.json",
        "Subj001_time2_S2.html", "Subj001_time2_S2.json"]
    assert main(["report", str(LATER), "-o", str(tmp_path / "one.html"),
                 "--json", str(tmp_path / "one.json"), "--view", "client"]) == 0
    assert (_without_time((out / "Subj001_time2_S2.json").read_text())
            == _without_time((tmp_path / "one.json").read_text()))
    assert "Your gut microbiome report" in (out / "Subj001_time2_S2.html").read_text()
    # every sample of a multi-sample file
    merged_out = tmp_path / "merged"
    assert main(["report", str(merged), "--output-dir", str(merged_out), "--formats", "json"]) == 0
    written = sorted(merged_out.iterdir())
    assert len(written) == 22
    assert main(["report", str(merged), "--sample-id", "Subj013_time1_S10.metaphlan3",
                 "-o", str(tmp_path / "s10.html"), "--json", str(tmp_path / "s10.json")]) == 0
    assert (_without_time((merged_out / "Subj013_time1_S10.metaphlan3.json").read_text())
            == _without_time((tmp_path / "s10.json").read_text()))


def test_cohort_mode_refuses_per_sample_inputs(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["report", str(EARLIER), str(LATER), "--output-dir", str(tmp_path / "c"),
                 "--labs", str(tmp_path / "labs.csv")]) == 2
    assert "--labs cannot be used with --output-dir" in capsys.readouterr().err
    assert main(["report", str(EARLIER), str(LATER), "-o", str(tmp_path / "r.html")]) == 2
    assert "2 profiles given" in capsys.readouterr().err
    assert not (tmp_path / "c").exists() and not (tmp_path / "r.html").exists()
