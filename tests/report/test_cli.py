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
