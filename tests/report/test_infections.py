"""The Infections section: right after the red flags, in both views, from a real profile and
gene calls made by KMA on ART reads of real genes spiked into a real genome."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from microbiomix.pipeline import build_report
from microbiomix.report import render_html
from microbiomix.report.model import Report

DATA = Path(__file__).resolve().parents[1] / "data"
# s__Candida_albicans 2.176368403317934 (read from the file)
PROFILE = DATA / "metaphlan_kefir" / "Subj016_time2_S14.metaphlan3.txt"
SPIKED = ("blaKPC-2_1", "stx2A", "eae")


@pytest.fixture(scope="module")
def genes_json(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("kma") is None or shutil.which("art_illumina") is None:
        pytest.skip("kma / art_illumina missing (make test installs them)")
    import gzip

    from microbiomix.profilers.genes import build_gene_database, call_genes
    from microbiomix.profilers.simulate import simulate_reads, spike_genes

    work = tmp_path_factory.mktemp("infections")
    records: dict[str, str] = {}
    with gzip.open(DATA / "genes" / "genes_subset.fasta.gz", "rt") as handle:
        for line in handle:
            if line.startswith(">"):
                header = line[1:].strip()
                records[header] = ""
            else:
                records[header] += line.strip()
    spiked = {h: s for h, s in records.items() if h.split("~~~")[1] in SPIKED}
    genome = spike_genes(DATA / "genomes_small" / "Escherichia_coli_K-12_MG1655.200kb.fa.gz",
                         spiked, work / "g.fa")
    build_gene_database(DATA / "genes" / "genes_subset.fasta.gz", work / "db")
    r1, r2 = simulate_reads(genome, 15, work / "reads", seed=4)
    out = work / "genes.json"
    out.write_text(call_genes(r1, r2, work / "db").to_json())
    return out


@pytest.fixture(scope="module")
def report(genes_json: Path) -> Report:
    return build_report(PROFILE, genes_path=genes_json)


def test_practitioner_section_follows_red_flags_with_evidence(report: Report) -> None:
    html = render_html(report, "practitioner")
    assert html.index('id="red-flags"') < html.index('id="infections"') < html.index('id="summary"')
    assert 'data-red-flag="shiga_toxin_genes"' in html
    assert 'data-pathogen="candida_albicans" data-call="detected"' in html
    assert "2.176% " in html or "2.176%;" in html
    assert 'data-gene="stx2A" data-call="detected"' in html
    assert 'data-gene="blaKPC-2_1" data-call="detected"' in html
    assert "Not detected by this method:</strong>" in html
    assert 'data-pathogen="helicobacter_pylori" data-call="not detected"' in html
    assert "Expected low sensitivity in stool metagenomes" in html  # the H. pylori blind spot
    titles = {f.title for f in report.infections.findings}  # type: ignore[union-attr]
    assert "STEC/EHEC gene pattern (Shiga toxin + intimin)" in titles
    assert "Carbapenemase genes detected" in titles


def test_client_view_plain_words(report: Report) -> None:
    html = render_html(report, "client")
    assert html.index('id="red-flags"') < html.index('id="infections"')
    assert "Please contact a doctor today" in html
    assert "We found a yeast (Candida albicans) that lives in many healthy guts." in html
    assert "Please tell any doctor who prescribes you antibiotics" in html
    assert "data-gene" not in html and "identity" not in html.lower().split('id="infections"')[1][:3000]


def test_without_genes_the_gene_part_says_not_assessed() -> None:
    bare = build_report(PROFILE)
    assert bare.infections is not None and bare.infections.genes is None
    html = render_html(bare, "practitioner")
    assert "Not assessed: no resistance or virulence gene calls" in html
    assert "mmm " not in html.split('id="infections-detail"')[-1]  # no command line in the text
    assert 'data-red-flag="shiga_toxin_genes"' not in html
    # no gene database given: the gene red flags are not unanswered questions
    assert "genes" not in (bare.red_flag_status or "")
    assert "shiga" not in " ".join(bare.red_flag_inputs_missing).lower()
    again = Report.from_json(bare.to_json())
    assert again.infections == bare.infections


def test_fhir_carries_the_pathogen_and_gene_observations(report: Report) -> None:
    from microbiomix.report import to_fhir

    bundle = to_fhir(report)
    texts = {e["resource"]["code"]["text"]: e["resource"].get("valueString")
             for e in bundle["entry"] if e["resource"]["resourceType"] == "Observation"}
    assert texts["Candida albicans DNA in stool (shotgun metagenome)"].startswith("detected: ")
    assert any(t.startswith("stx2A gene") and v.startswith("detected") for t, v in texts.items())
    conclusion = bundle["entry"][0]["resource"]["conclusion"]
    assert "Pathogen screen (DNA, not diagnosis): Candida albicans (detected)" in conclusion
