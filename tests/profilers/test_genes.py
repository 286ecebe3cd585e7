"""Genes from reads: real genes (ResFinder, E. coli VF subset) spiked into a real genome, reads
simulated with ART, called with KMA. Known answers: which genes were spiked, and the headers."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from microbiomix.cli import main
from microbiomix.errors import InputError
from microbiomix.genecalls import GeneCalls
from microbiomix.interpret import interpret
from microbiomix.markers.pathogens import infection_inputs
from microbiomix.profilers.genes import build_gene_database, call_genes, open_gene_database
from microbiomix.profilers.simulate import simulate_reads, spike_genes

DATA = Path(__file__).resolve().parents[1] / "data"
SUBSET = DATA / "genes" / "genes_subset.fasta.gz"
BACKGROUND = DATA / "genomes_small" / "Escherichia_coli_K-12_MG1655.200kb.fa.gz"
SPIKED = ("blaCTX-M-15_1", "blaKPC-2_1", "stx2A", "eae", "mcr-1.1_1")
DECOYS = ("blaCTX-M-3_1", "blaKPC-3_1")  # one or two bases from a spiked allele

needs_tools = pytest.mark.skipif(
    shutil.which("kma") is None or shutil.which("art_illumina") is None,
    reason="kma and art_illumina (Debian kma, art-nextgen-simulation-tools; make test installs them)",
)


def _genes() -> dict[str, str]:
    records: dict[str, str] = {}
    header = ""
    with gzip.open(SUBSET, "rt") as handle:
        for line in handle:
            line = line.strip()
            if line.startswith(">"):
                header = line[1:]
                records[header] = ""
            else:
                records[header] += line
    return records


@pytest.fixture(scope="module")
def gene_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("kma") is None:
        pytest.skip("kma missing (Debian package kma; make test installs it)")
    out = tmp_path_factory.mktemp("genedb") / "subset"
    build_gene_database(SUBSET, out)
    return out


@pytest.fixture(scope="module")
def spiked_genome(tmp_path_factory: pytest.TempPathFactory) -> Path:
    genes = {h: s for h, s in _genes().items() if h.split("~~~")[1] in SPIKED}
    assert len(genes) == len(SPIKED)
    return spike_genes(BACKGROUND, genes, tmp_path_factory.mktemp("spiked") / "ecoli_spiked.fa")


def test_class_table_from_the_headers(gene_db: Path) -> None:
    db = open_gene_database(gene_db)
    by_gene = {row["gene"]: row for row in db.genes.values()}
    assert len(by_gene) == 12
    assert by_gene["blaKPC-2_1"]["group"] == "carbapenemase"
    assert by_gene["blaNDM-1_1"]["group"] == "carbapenemase"
    assert by_gene["blaCTX-M-15_1"]["group"] == "esbl_ampc"
    # TEM-1B's ResFinder phenotype (Amoxicillin;Ampicillin;Cephalothin;Piperacillin;Ticarcillin)
    # has no third-generation cephalosporin: a narrow-spectrum penicillinase, not an ESBL.
    assert by_gene["blaTEM-1B_1"]["group"] == "" and by_gene["blaTEM-1B_1"]["category"] == "resistance"
    assert by_gene["stx2A"]["group"] == "shiga_toxin" and by_gene["stx2A"]["category"] == "virulence"
    assert by_gene["eae"]["group"] == "intimin"
    assert by_gene["mcr-1.1_1"]["group"] == "colistin"
    assert by_gene["eae"]["accession"] == "gi:15804220"
    assert db.manifest["groups_covered"] == sorted(
        ["carbapenemase", "colistin", "eaec", "esbl_ampc", "etec_toxin", "intimin", "shiga_toxin"])


def test_plain_headers_and_bad_fasta(tmp_path: Path) -> None:
    if shutil.which("kma") is None:
        pytest.skip("kma missing")
    seq = next(iter(_genes().values()))
    plain = tmp_path / "mygenes.fasta"
    plain.write_text(f">geneA some product text\n{seq}\n")
    build_gene_database(plain, tmp_path / "db")
    row = next(iter(open_gene_database(tmp_path / "db").genes.values()))
    assert (row["gene"], row["database"], row["product"]) == ("geneA", "mygenes", "some product text")
    protein = tmp_path / "protein.fasta"
    protein.write_text(">p1\nMKLVEEQQRRPPLL\n")
    with pytest.raises(InputError) as err:
        build_gene_database(protein, tmp_path / "db2")
    assert err.value.line == 2 and "nucleotide" in str(err.value)
    assert not (tmp_path / "db2").exists()
    headless = tmp_path / "headless.fasta"
    headless.write_text("ACGT\n>x\nACGT\n")
    with pytest.raises(InputError) as err:
        build_gene_database(headless, tmp_path / "db3")
    assert err.value.line == 1


@needs_tools
def test_spiked_genes_detected_and_close_alleles_not(gene_db: Path, spiked_genome: Path,
                                                     tmp_path: Path) -> None:
    r1, r2 = simulate_reads(spiked_genome, 20, tmp_path / "deep", seed=5)
    calls = call_genes(r1, r2, gene_db)
    detected = {h.gene for h in calls.detected()}
    assert detected == set(SPIKED)
    for hit in calls.detected():
        assert hit.identity >= 99 and hit.coverage == 100 and 10 < hit.depth < 30
    assert not {h.gene for h in calls.hits} & set(DECOYS)


@needs_tools
def test_background_alone_has_no_calls(gene_db: Path, tmp_path: Path) -> None:
    plain = tmp_path / "background.fa"
    with gzip.open(BACKGROUND, "rt") as src:
        plain.write_text(src.read())
    r1, r2 = simulate_reads(plain, 10, tmp_path / "bg", seed=9)
    assert call_genes(r1, r2, gene_db).detected() == []


@needs_tools
def test_cli_genes_json_feeds_the_infection_rules(gene_db: Path, spiked_genome: Path,
                                                   tmp_path: Path) -> None:
    r1, r2 = simulate_reads(spiked_genome, 15, tmp_path / "s1", seed=7)
    tsv, js = tmp_path / "genes.tsv", tmp_path / "genes.json"
    assert main(["genes", str(r1), str(r2), "--db", str(gene_db), "-o", str(tsv),
                 "--json", str(js)]) == 0
    rows = [ln.split("\t") for ln in tsv.read_text().splitlines() if not ln.startswith("#")]
    assert rows[0][:2] == ["gene", "call"]
    assert {r[0] for r in rows[1:] if r[1] == "detected"} == set(SPIKED)
    calls = GeneCalls.from_json(js)
    inputs = infection_inputs(None, calls)
    assert inputs["genes.shiga_toxin"].value == 1 and inputs["genes.intimin"].value == 1
    assert inputs["genes.carbapenemase"].value == 1 and inputs["genes.esbl_ampc"].value == 1
    assert "genes.cdiff_toxin" not in inputs  # the subset holds no tcdA/tcdB: unknown, not absent
    findings = interpret(inputs)
    assert "shiga_toxin_genes" in {f.id for f in findings.red_flags}
    fired = {f.id for f in findings.findings}
    assert {"ehec_pattern", "carbapenemase_genes", "esbl_genes", "colistin_vancomycin_genes"} <= fired
    # the subset holds no tcdA/tcdB: the toxigenic-C. difficile rule does not apply (it is not an
    # unanswered red-flag question); the report's gene section lists the groups the DB covers
    assert "toxigenic_cdiff_with_diarrhoea" not in {n.id for n in findings.not_evaluated}
    assert "genes" not in (findings.red_flag_status or "")
    out = tmp_path / "findings.json"
    profile = DATA / "metaphlan_kefir" / "Subj016_time2_S14.metaphlan3.txt"
    assert main(["interpret", str(profile), "--genes", str(js), "-o", str(out)]) == 0
    document = json.loads(out.read_text())
    assert [r["id"] for r in document["red_flags"]] == ["shiga_toxin_genes"]
    assert "candida_in_stool" in {f["id"] for f in document["findings"]}


def test_gene_calls_json_errors_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "x.json"
    bad.write_text(json.dumps({"kind": "report"}))
    with pytest.raises(InputError, match="gene_calls"):
        GeneCalls.from_json(bad)


@needs_tools
def test_real_plasmids_of_hs11286_carry_kpc2(gene_db: Path, tmp_path: Path) -> None:
    """K. pneumoniae HS11286 (CP003200-CP003228) as Debian's kleborate-examples ship it: its
    plasmid pKPHS2 holds blaKPC-2 base for base (checked here by string search), not KPC-3."""
    from microbiomix.profilers import examples

    if not examples.available():
        pytest.skip("example genomes missing (make test installs kleborate-examples)")
    genome = examples.example_genomes(["Klebsiella_pneumoniae_HS11286"], tmp_path)[
        "Klebsiella_pneumoniae_HS11286"]
    import dnaio

    plasmids = tmp_path / "plasmids.fa"
    with dnaio.open(genome) as reader, dnaio.open(plasmids, mode="w") as writer:
        for record in reader:
            if "plasmid" in record.name:
                writer.write(record)
    genes = {h.split("~~~")[1]: s.upper() for h, s in _genes().items()}
    text = plasmids.read_text()
    joined = "".join(ln for ln in text.splitlines() if not ln.startswith(">")).upper()
    assert genes["blaKPC-2_1"] in joined and genes["blaKPC-3_1"] not in joined
    r1, r2 = simulate_reads(plasmids, 10, tmp_path / "hs", seed=2)
    calls = call_genes(r1, r2, gene_db)
    by_gene = {h.gene: h for h in calls.hits}
    assert by_gene["blaKPC-2_1"].call == "detected" and by_gene["blaKPC-2_1"].identity == 100
    assert "blaKPC-3_1" not in {h.gene for h in calls.detected()}
    assert calls.rule_inputs()["genes.carbapenemase"] == 1


@needs_tools
def test_mmm_run_with_gene_db(gene_db: Path, spiked_genome: Path, tmp_path: Path) -> None:
    from microbiomix.profilers import examples

    if not examples.available():
        pytest.skip("example genomes missing (make test installs them)")
    database = examples.build_example_database(tmp_path / "genomes", tmp_path / "sdb")
    r1, r2 = simulate_reads(spiked_genome, 20, tmp_path / "S1", seed=8)
    out = tmp_path / "out"
    assert main(["run", str(r1), str(r2), "--db", str(database), "--sample-id", "S1",
                 "--threshold-bp", "10000", "--quiet", "--gene-db", str(gene_db),
                 "-o", str(out)]) == 0
    calls = GeneCalls.from_json(out / "S1.genes.json")
    assert {h.gene for h in calls.detected()} == set(SPIKED)
    html = (out / "S1.report.html").read_text()
    assert 'data-red-flag="shiga_toxin_genes"' in html and 'id="infections"' in html


def test_cli_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reads = tmp_path / "r.fastq"
    reads.write_text("@r\nACGT\n+\nIIII\n")
    assert main(["genes", str(reads), "--db", str(tmp_path), "-o", str(tmp_path / "g.tsv")]) == 2
    err = capsys.readouterr().err
    assert "expected a gene database folder made by mmm db build-genes" in err
    assert "Traceback" not in err and not (tmp_path / "g.tsv").exists()
    assert main(["db", "build-genes", str(SUBSET), "-o", str(tmp_path)]) == 2
    assert "exists; choose a new output folder" in capsys.readouterr().err


@needs_tools
def test_single_end_reads(gene_db: Path, spiked_genome: Path, tmp_path: Path) -> None:
    r1, _ = simulate_reads(spiked_genome, 20, tmp_path / "se", seed=6)
    calls = call_genes(r1, None, gene_db, sample_id="SE")
    assert calls.sample_id == "SE"
    assert {h.gene for h in calls.detected()} == set(SPIKED)
