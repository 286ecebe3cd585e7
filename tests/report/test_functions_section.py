"""The report's gene-based function section: real kefir MetaPhlAn 3 profile plus HUMAnN tables."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from report_data import EARLIER

from microbiomix.cli import main
from microbiomix.errors import UsageError
from microbiomix.pipeline import build_report
from microbiomix.report import render_html
from microbiomix.report.model import Report, json_schema

HUMANN = Path(__file__).parents[1] / "data" / "humann"
EC = HUMANN / "constructed_ec_cpm.tsv"
PATHWAYS = HUMANN / "humann39_tests_demo_pathabundance.tsv"


@pytest.fixture(scope="module")
def with_genes() -> Report:
    return build_report(EARLIER, functions=[EC, PATHWAYS])


def test_gene_based_replaces_guild_findings(with_genes: Report) -> None:
    without = build_report(EARLIER)
    assert without.functions is None
    # The species-inferred guild fires its finding on this profile (percentile 1.3 < 10) ...
    assert "Few butyrate-producing bacteria" in [f.title for f in without.findings]
    # ... and is superseded, not interpreted, once butyrate genes are measured.
    assert "Few butyrate-producing bacteria" not in [f.title for f in with_genes.findings]
    guild = with_genes.marker("guild_butyrate_producers")
    assert guild is not None and guild.basis == "inferred from species"
    assert guild.superseded_by == ["Butyrate production, terminal enzymes (but / buk)",
                                   "Butyrate production, MetaCyc pathways"]
    assert any("Butyrate producers (inferred from species) is not interpreted" in m
               for m in with_genes.missing)
    # GUS, not interpretable from species, is now measured (the constructed EC table has it).
    assert with_genes.functions is not None
    assert with_genes.functions.answered == ["beta_glucuronidase", "cysteine_h2s"]
    assert any(text.endswith("measured from genes in this report (see Digestive function)")
               and text.startswith("Beta-glucuronidase") for text in with_genes.limitations)
    assert not any("measured from genes in this report" in t for t in without.limitations)
    mucin = with_genes.marker("guild_mucin_degraders")  # no gene-based marker covers it
    assert mucin is not None and mucin.superseded_by == []


def test_digestion_question_says_why_gene_values_give_no_verdict(with_genes: Report) -> None:
    # No labs and no reference for gene-based values: the question stays "not assessed", but the
    # summary must not read as if no functional data had been given.
    def digestion(report: Report) -> tuple[str, str]:
        q = next(q for q in report.questions if q.key == "digestion")
        return q.status, q.summary

    status, summary = digestion(with_genes)
    assert status == "not assessed"
    assert summary.startswith("Not assessed: gene-based function values are shown")
    assert digestion(build_report(EARLIER)) == (
        "not assessed", "Not assessed: none of the inputs that answer this question was provided.")


def test_section_values_without_percentiles(with_genes: Report) -> None:
    fx = with_genes.functions
    assert fx is not None and fx.basis == "measured from genes"
    assert "without percentiles" in fx.reference_note
    entries = {(e.id, e.namespace): e for e in fx.entries}
    butyrate = entries[("fn_butyrate_terminal_genes", "ec")]
    assert (butyrate.value, butyrate.unit) == (35000.0, "CPM")
    assert [c.name for c in butyrate.carriers] == [
        "Faecalibacterium prausnitzii", "Clostridium butyricum", "unclassified"]
    assert entries[("fn_butyrate_pathways", "metacyc_pathway")].ids_found == []
    assert [(t.unmapped, t.unintegrated) for t in fx.tables] == [
        (400000.0, None), (pytest.approx(34.9620985021), pytest.approx(778.4041770541))]
    assert fx.tables[0].ungrouped == 500000.0
    assert [(i.kind, i.source) for i in with_genes.inputs if i.kind == "functions"] == [
        ("functions", EC.name), ("functions", PATHWAYS.name)]
    expected = ("the table's sample is named 'S1', not 'Subj001_time1_S1': used as this sample's "
                "because it is the file's only sample")
    assert fx.tables[0].notes == [expected]


def test_html_and_json(with_genes: Report) -> None:
    html = render_html(with_genes, "practitioner")
    assert "measured from genes" in html and "No percentiles." in html
    assert 'data-function="fn_beta_glucuronidase"' in html
    assert "Superseded: measured from genes instead" in html
    client = render_html(with_genes, "client")
    assert "What your gut bacteria&#39;s genes can do" in client or \
        "What your gut bacteria's genes can do" in client
    assert "Bile salt hydrolase (BSH, deconjugation of bile acids): not detected (a small amount" \
        in client
    document = json.loads(with_genes.to_json())
    jsonschema.Draft202012Validator(json_schema()).validate(document)
    assert Report.from_json(with_genes.to_json()).functions == with_genes.functions
    plain = render_html(build_report(EARLIER), "practitioner")
    assert "No functional profile was given" in plain


def test_fhir_observations(with_genes: Report) -> None:
    from microbiomix.report import to_fhir

    bundle = to_fhir(with_genes)  # validated by fhir.resources inside
    observations = {r["resource"]["code"]["coding"][0]["code"]: r["resource"]
                    for r in bundle["entry"] if r["resource"]["resourceType"] == "Observation"}
    gus = observations["fn_beta_glucuronidase:ec"]
    assert gus["valueQuantity"] == {"value": 65000.0, "unit": "CPM"}
    assert "referenceRange" not in gus
    assert any(n["text"].startswith("Carried by: Bacteroides ovatus 77%") for n in gus["note"])


def test_joined_table_column_chosen_by_sample_name() -> None:
    # Sample1/Sample2 of HUMAnN's regroup test output; the profile is renamed Sample2.
    report = build_report(EARLIER, sample_id="Sample2",
                          functions=[HUMANN / "humann39_tests_regroup_uniref50_ec.tsv"])
    assert report.functions is not None
    assert [(t.column, t.features) for t in report.functions.tables] == [("Sample2", 2)]


def test_humann_table_as_profile_points_to_functions() -> None:
    from microbiomix.errors import InputError

    with pytest.raises(InputError, match="give it with --functions"):
        build_report(HUMANN / "humann39_tests_demo_pathabundance.tsv")


def test_joined_table_without_the_sample_is_refused() -> None:
    with pytest.raises(UsageError, match="none is named"):
        build_report(EARLIER, functions=[HUMANN / "humann39_tests_multi_sample_genefamilies.tsv"])


def test_cli_report_and_markers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.html"
    assert main(["report", str(EARLIER), "--functions", str(EC), "-o", str(out)]) == 0
    assert "measured from genes" in out.read_text()
    table = tmp_path / "m.tsv"
    assert main(["markers", str(EARLIER), str(EC), "-o", str(table)]) == 0
    rows = [line.split("\t") for line in table.read_text().splitlines()]
    gus = [r for r in rows if r[1] == "fn_beta_glucuronidase:ec"]
    assert len(gus) == 1 and gus[0][0] == "S1" and gus[0][2] == "65000.0" and gus[0][3] == "NA"
    assert any(r[0] == "Subj001_time1_S1" and r[1] == "shannon" for r in rows)
    document = tmp_path / "m.json"
    assert main(["markers", str(EC), "--format", "json", "-o", str(document)]) == 0
    functions = json.loads(document.read_text())["functions"]
    assert {f["marker"] for f in functions} >= {"fn_butyrate_terminal_genes"}
    assert all(f["percentile"] is None and f["basis"] == "measured from genes" for f in functions)
    bad = tmp_path / "bad.tsv"
    bad.write_text("# Gene Family\tS_Abundance-RPKs\nUniRef90_A\tx\n")
    assert main(["report", str(EARLIER), "--functions", str(bad), "-o", str(tmp_path / "b.html")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("mmm report: error:") and f"{bad}:2" in err[-1]
    assert not (tmp_path / "b.html").exists()
