"""Real tool outputs made at test time, read back with known answers.

Four genome slices (tests/data/genomes_small/, 200 kb each) are mixed at known read proportions
(seeded substrings). sourmash 4.9.4 sketches them, `gather` and `tax metagenome` (every output
format) profile the mix; Kraken 2 (Debian package) builds a tiny database from a hand-made taxonomy
and classifies the same reads. Bracken is not packaged: its output is written from its documented
columns. BIOM tables are built with biom-format and round-tripped through JSON and HDF5.
"""

from __future__ import annotations

import gzip
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from microbiomix.readers import detect_format, read_profiles
from microbiomix.taxonomy import Rank, TaxonomySystem

GENOMES = Path(__file__).parent.parent / "data" / "genomes_small"
# genome -> (read share, NCBI taxids and names from species up to domain)
TRUTH = {
    "Escherichia_coli_K-12_MG1655": 0.4,
    "Klebsiella_pneumoniae_HS11286": 0.3,
    "Staphylococcus_aureus_N315": 0.2,
    "Helicobacter_pylori_F32": 0.1,
}
LINEAGES = {
    "Escherichia_coli_K-12_MG1655": "Bacteria;Proteobacteria;Gammaproteobacteria;Enterobacterales;"
    "Enterobacteriaceae;Escherichia;Escherichia coli",
    "Klebsiella_pneumoniae_HS11286": "Bacteria;Proteobacteria;Gammaproteobacteria;Enterobacterales;"
    "Enterobacteriaceae;Klebsiella;Klebsiella pneumoniae",
    "Staphylococcus_aureus_N315": "Bacteria;Firmicutes;Bacilli;Bacillales;Staphylococcaceae;"
    "Staphylococcus;Staphylococcus aureus",
    "Helicobacter_pylori_F32": "Bacteria;Proteobacteria;Epsilonproteobacteria;Campylobacterales;"
    "Helicobacteraceae;Helicobacter;Helicobacter pylori",
}
# NCBI taxonomy ids of these taxa (species ids as in ../shared/data/genomes/genomes.tsv).
TAXIDS = {
    "Bacteria": (2, 1, "superkingdom"),
    "Proteobacteria": (1224, 2, "phylum"),
    "Gammaproteobacteria": (1236, 1224, "class"),
    "Enterobacterales": (91347, 1236, "order"),
    "Enterobacteriaceae": (543, 91347, "family"),
    "Escherichia": (561, 543, "genus"),
    "Escherichia coli": (562, 561, "species"),
    "Klebsiella": (570, 543, "genus"),
    "Klebsiella pneumoniae": (573, 570, "species"),
    "Epsilonproteobacteria": (29547, 1224, "class"),
    "Campylobacterales": (213849, 29547, "order"),
    "Helicobacteraceae": (72293, 213849, "family"),
    "Helicobacter": (209, 72293, "genus"),
    "Helicobacter pylori": (210, 209, "species"),
    "Firmicutes": (1239, 2, "phylum"),
    "Bacilli": (91061, 1239, "class"),
    "Bacillales": (1385, 91061, "order"),
    "Staphylococcaceae": (90964, 1385, "family"),
    "Staphylococcus": (1279, 90964, "genus"),
    "Staphylococcus aureus": (1280, 1279, "species"),
}
READS = 30_000
READ_LENGTH = 150
RANDOM_READS = 1_500  # unclassifiable random sequence, 1500 / 31500 of the reads


def _species(genome: str) -> str:
    return LINEAGES[genome].rsplit(";", 1)[1]


def _sequences() -> dict[str, str]:
    seqs = {}
    for genome in TRUTH:
        with gzip.open(GENOMES / f"{genome}.200kb.fa.gz", "rt") as handle:
            seqs[genome] = "".join(line.strip() for line in handle if not line.startswith(">"))
    return seqs


@pytest.fixture(scope="module")
def reads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rng = random.Random(20240601)
    seqs = _sequences()
    path = tmp_path_factory.mktemp("reads") / "mix.fa"
    with path.open("w") as out:
        number = 0
        for genome, share in TRUTH.items():
            seq = seqs[genome]
            for _ in range(int(READS * share)):
                start = rng.randrange(len(seq) - READ_LENGTH)
                out.write(f">r{number}\n{seq[start : start + READ_LENGTH]}\n")
                number += 1
        for _ in range(RANDOM_READS):
            out.write(f">r{number}\n{''.join(rng.choice('ACGT') for _ in range(READ_LENGTH))}\n")
            number += 1
    return path


# --- sourmash -------------------------------------------------------------------------------------

SOURMASH = [str(Path(sys.executable).parent / "sourmash")]


def _sourmash(*args: str, cwd: Path) -> None:
    subprocess.run(SOURMASH + list(args), check=True, capture_output=True, cwd=cwd)


@pytest.fixture(scope="module")
def sourmash_outputs(reads: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("sourmash")
    genomes = sorted(str(GENOMES / f"{g}.200kb.fa.gz") for g in TRUTH)
    _sourmash(
        "sketch",
        "dna",
        "-p",
        "k=31,scaled=1000",
        "--name-from-first",
        *genomes,
        "-o",
        "db.zip",
        cwd=work,
    )
    _sourmash(
        "sketch",
        "dna",
        "-p",
        "k=31,scaled=1000,abund",
        str(reads),
        "--name",
        "mix",
        "-o",
        "mix.zip",
        cwd=work,
    )
    with (work / "lineages.csv").open("w") as out:
        out.write("ident,superkingdom,phylum,class,order,family,genus,species\n")
        for genome, lineage in LINEAGES.items():
            out.write(f"{genome},{lineage.replace(';', ',')}\n")
    _sourmash(
        "gather", "mix.zip", "db.zip", "-o", "gather.csv", "--threshold-bp", "10000", cwd=work
    )
    tax = ["tax", "metagenome", "-g", "gather.csv", "-t", "lineages.csv"]
    _sourmash(*tax, "-F", "csv_summary", "-F", "human", "-F", "kreport", "-o", "mix", cwd=work)
    _sourmash(*tax, "-F", "krona", "-F", "lineage_summary", "-r", "species", "-o", "mix", cwd=work)
    # a second sample: the same query without Helicobacter in the database
    _sourmash("sig", "cat", "db.zip", "--exclude", "Helicobacter", "-o", "db2.zip", cwd=work)
    _sourmash(
        "gather", "mix.zip", "db2.zip", "-o", "gather2.csv", "--threshold-bp", "10000", cwd=work
    )
    text = (work / "gather2.csv").read_text().replace(",mix,", ",mix_noHp,")
    (work / "gather2.csv").write_text(text)
    _sourmash(
        "tax",
        "metagenome",
        "-g",
        "gather.csv",
        "gather2.csv",
        "-t",
        "lineages.csv",
        "-F",
        "lineage_summary",
        "-r",
        "genus",
        "-o",
        "both",
        cwd=work,
    )
    return work


def _close_to_truth(values: dict[str, float], tolerance: float) -> None:
    total = sum(values.values())
    for genome, share in TRUTH.items():
        assert values[_species(genome)] / total == pytest.approx(share, abs=tolerance), genome


def test_sourmash_gather_csv(sourmash_outputs: Path) -> None:
    path = sourmash_outputs / "gather.csv"
    assert detect_format(path) == "sourmash-gather"
    (profile,) = read_profiles(path)
    assert profile.provenance.taxonomy is TaxonomySystem.UNKNOWN
    matches = {lin.name.split(" ")[0]: v for lin, v in profile.at_rank(Rank.STRAIN).items()}
    assert set(matches) == set(TRUTH)
    _close_to_truth({_species(g): v for g, v in matches.items()}, 0.07)
    assert profile.unknown == pytest.approx(100.0 - sum(matches.values()))


@pytest.mark.parametrize(
    ("name", "fmt", "weighted"),
    [
        ("mix.summarized.csv", "sourmash-csv-summary", True),
        ("mix.human.txt", "sourmash-human", True),
        ("mix.kreport.txt", "kraken2-report", True),
        ("mix.krona.tsv", "sourmash-krona", False),
        ("mix.lineage_summary.tsv", "sourmash-lineage-summary", False),
    ],
)
def test_sourmash_tax_outputs(sourmash_outputs: Path, name: str, fmt: str, weighted: bool) -> None:
    path = sourmash_outputs / name
    assert detect_format(path) == fmt
    (profile,) = read_profiles(path)
    species = {lin.name: v for lin, v in profile.at_rank(Rank.SPECIES).items()}
    assert set(species) == {_species(g) for g in TRUTH}
    assert profile.provenance.taxonomy is TaxonomySystem.NCBI
    if weighted:  # abundance-weighted: recovers read proportions
        _close_to_truth(species, 0.07)
    else:  # unweighted k-mer fractions: each 200 kb genome contributes about equally
        for value in species.values():
            assert value == pytest.approx(25.0, abs=8.0)
    if fmt in ("sourmash-csv-summary", "kraken2-report"):
        genus = {lin.name: v for lin, v in profile.at_rank(Rank.GENUS).items()}
        family = {lin.name: v for lin, v in profile.at_rank(Rank.FAMILY).items()}
        assert family["Enterobacteriaceae"] == pytest.approx(
            genus["Escherichia"] + genus["Klebsiella"], abs=0.011
        )


def test_sourmash_csv_summary_matches_gather(sourmash_outputs: Path) -> None:
    (gather,) = read_profiles(sourmash_outputs / "gather.csv")
    (summary,) = read_profiles(sourmash_outputs / "mix.summarized.csv")
    by_genome = {lin.name.split(" ")[0]: v for lin, v in gather.abundances.items()}
    species = {lin.name: v for lin, v in summary.at_rank(Rank.SPECIES).items()}
    for genome in TRUTH:
        assert species[_species(genome)] == pytest.approx(by_genome[genome], abs=1e-9)
    lineage = next(lin for lin in summary.at_rank(Rank.SPECIES) if lin.name == "Escherichia coli")
    assert lineage.at(Rank.FAMILY) == "Enterobacteriaceae"


def test_sourmash_lineage_summary_two_samples(sourmash_outputs: Path) -> None:
    profiles = read_profiles(sourmash_outputs / "both.lineage_summary.tsv")
    assert sorted(p.sample_id for p in profiles) == ["mix", "mix_noHp"]
    no_hp = next(p for p in profiles if p.sample_id == "mix_noHp")
    genera = {lin.name for lin in no_hp.at_rank(Rank.GENUS)}
    assert genera == {"Escherichia", "Klebsiella", "Staphylococcus"}
    assert no_hp.unknown is not None and no_hp.unknown > 10.0  # Helicobacter's share


# --- Kraken 2 -------------------------------------------------------------------------------------

needs_kraken2 = pytest.mark.skipif(
    shutil.which("kraken2-build") is None, reason="Debian package kraken2 not installed"
)


@pytest.fixture(scope="module")
def kraken_reports(
    reads: Path, tmp_path_factory: pytest.TempPathFactory, build_kraken2_db
) -> Path:
    work = tmp_path_factory.mktemp("kraken2")
    db = work / "db"
    nodes = [(taxid, parent, rank, name) for name, (taxid, parent, rank) in TAXIDS.items()]
    genomes = {g: (TAXIDS[_species(g)][0], seq) for g, seq in _sequences().items()}
    build_kraken2_db(db, nodes, genomes)
    common = ["kraken2", "--db", str(db), "--output", "/dev/null"]
    subprocess.run(
        common + ["--report", str(work / "mix.kreport"), str(reads)],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        common
        + ["--report", str(work / "mix.minimizer.kreport"), "--report-minimizer-data", str(reads)],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        common + ["--report", str(work / "mix.mpa.txt"), "--use-mpa-style", str(reads)],
        check=True,
        capture_output=True,
    )
    return work


@needs_kraken2
@pytest.mark.parametrize("name", ["mix.kreport", "mix.minimizer.kreport"])
def test_kraken2_report(kraken_reports: Path, name: str) -> None:
    path = kraken_reports / name
    assert detect_format(path) == "kraken2-report"
    (profile,) = read_profiles(path)
    total = READS + RANDOM_READS
    assert profile.unknown == pytest.approx(RANDOM_READS / total * 100.0, abs=0.2)
    species = {lin.name: v for lin, v in profile.at_rank(Rank.SPECIES).items()}
    # Error-free reads from distinct genera: every read lands on its species.
    for genome, share in TRUTH.items():
        assert species[_species(genome)] == pytest.approx(share * READS / total * 100.0, abs=0.2)
    coli = next(lin for lin in profile.at_rank(Rank.SPECIES) if lin.name == "Escherichia coli")
    assert coli.at(Rank.GENUS) == "Escherichia"
    assert coli.at(Rank.FAMILY) == "Enterobacteriaceae"
    assert coli.at(Rank.CLASS) == "Gammaproteobacteria"
    assert profile.provenance.tool.startswith("Kraken 2")
    assert ("minimizer" in profile.provenance.tool) == ("minimizer" in name)


@needs_kraken2
def test_kraken2_mpa_style_report_counts_become_percent(kraken_reports: Path) -> None:
    path = kraken_reports / "mix.mpa.txt"
    assert detect_format(path) == "kraken2-mpa"
    (profile,) = read_profiles(path)
    assert profile.unknown is None  # mpa style leaves unclassified reads out
    species = {lin.name: v for lin, v in profile.at_rank(Rank.SPECIES).items()}
    classified = READS  # error-free reads all classify; the random ones do not
    for genome, share in TRUTH.items():
        assert species[_species(genome)] == pytest.approx(share * READS / classified * 100.0, abs=0.3)


# --- Bracken (format from its documentation: Lu et al. 2017 and the Bracken README) ----------------


def test_bracken_output(tmp_path: Path) -> None:
    path = tmp_path / "mix.bracken"
    rows = [
        ("Escherichia coli", 562, 11800, 200, 12000, 0.4),
        ("Klebsiella pneumoniae", 573, 8900, 100, 9000, 0.3),
        ("Staphylococcus aureus", 1280, 6000, 0, 6000, 0.2),
        ("Helicobacter pylori", 210, 2950, 50, 3000, 0.1),
    ]
    header = "name\ttaxonomy_id\ttaxonomy_lvl\tkraken_assigned_reads\tadded_reads\tnew_est_reads\tfraction_total_reads"
    body = "".join(f"{n}\t{t}\tS\t{k}\t{a}\t{e}\t{f:.5f}\n" for n, t, k, a, e, f in rows)
    path.write_text(header + "\n" + body)
    assert detect_format(path) == "bracken"
    (profile,) = read_profiles(path)
    species = {lin.name: v for lin, v in profile.at_rank(Rank.SPECIES).items()}
    assert species == pytest.approx(
        {
            "Escherichia coli": 40.0,
            "Klebsiella pneumoniae": 30.0,
            "Staphylococcus aureus": 20.0,
            "Helicobacter pylori": 10.0,
        }
    )
    assert profile.unknown is None


# --- BIOM ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["json", "hdf5"])
def test_biom_round_trip(tmp_path: Path, kind: str) -> None:
    import h5py
    import numpy as np
    from biom.table import Table

    data = np.array([[30.0, 0.0], [10.0, 5.0], [60.0, 15.0], [0.0, 5.0]])
    taxonomy = [
        [
            "k__Bacteria",
            "p__Bacteroidetes",
            "c__Bacteroidia",
            "o__Bacteroidales",
            "f__Bacteroidaceae",
            "g__Bacteroides",
            "s__Bacteroides_vulgatus",
        ],
        [
            "k__Bacteria",
            "p__Firmicutes",
            "c__Clostridia",
            "o__Clostridiales",
            "f__Ruminococcaceae",
            "g__Faecalibacterium",
            "s__Faecalibacterium_prausnitzii",
        ],
        [
            "k__Bacteria",
            "p__Bacteroidetes",
            "c__Bacteroidia",
            "o__Bacteroidales",
            "f__Bacteroidaceae",
            "g__Bacteroides",
            "s__Bacteroides_uniformis",
        ],
        [
            "k__Bacteria",
            "p__Verrucomicrobia",
            "c__Verrucomicrobiae",
            "o__Verrucomicrobiales",
            "f__Akkermansiaceae",
            "g__Akkermansia",
            "s__Akkermansia_muciniphila",
        ],
    ]
    table = Table(
        data,
        [f"OTU{i}" for i in range(4)],
        ["S1", "S2"],
        observation_metadata=[{"taxonomy": t} for t in taxonomy],
    )
    path = tmp_path / f"table.{kind}.biom"
    if kind == "json":
        path.write_text(table.to_json("microbiomix tests"))
    else:
        with h5py.File(path, "w") as handle:
            table.to_hdf5(handle, "microbiomix tests")
    assert detect_format(path) == "biom"
    profiles = {p.sample_id: p for p in read_profiles(path)}
    assert set(profiles) == {"S1", "S2"}
    s1 = {lin.name: v for lin, v in profiles["S1"].at_rank(Rank.SPECIES).items()}
    assert s1 == pytest.approx(
        {
            "Bacteroides vulgatus": 30.0,
            "Faecalibacterium prausnitzii": 10.0,
            "Bacteroides uniformis": 60.0,
        }
    )
    s2_genus = {lin.name: v for lin, v in profiles["S2"].at_rank(Rank.GENUS).items()}
    assert s2_genus == pytest.approx(
        {"Faecalibacterium": 20.0, "Bacteroides": 60.0, "Akkermansia": 20.0}
    )
    assert profiles["S2"].provenance.taxonomy is TaxonomySystem.NCBI


# --- mOTUs native and raw sylph (layouts from the tools' documentation) -----------------------------

MOTUS_HEADER = (
    "# git tag version 3.0.3 |  motus version 3.0.3 | map_tax 3.0.3 | gene database: nr3.0.3 | "
    "calc_mgc 3.0.3 -y insert.scaled_counts -l 75 | calc_motu 3.0.3 -k mOTU -C no_CAMI -g 3 {flags}| "
    "taxonomy: ref_mOTU_3.0.3 meta_mOTU_3.0.3\n# call: python motus profile -s reads.fq {flags}-n S1\n"
)


def test_motus_default_and_ncbi_layouts(tmp_path: Path) -> None:
    default = tmp_path / "default.motus"
    default.write_text(
        MOTUS_HEADER.format(flags="")
        + "#consensus_taxonomy\tS1\n"
        + "Escherichia coli [ref_mOTU_v3_00095]\t0.5000000000\n"
        + "Escherichia coli [ref_mOTU_v3_00096]\t0.1000000000\n"
        + "Faecalibacterium prausnitzii [ref_mOTU_v3_06108]\t0.3000000000\n"
        + "Clostridiales species incertae sedis [meta_mOTU_v3_12345]\t0.0000000000\n"
        + "unassigned\t0.1000000000\n"
    )
    counts = tmp_path / "counts.motus"
    counts.write_text(
        MOTUS_HEADER.format(flags="-c -p ")
        + "#consensus_taxonomy\tNCBI_tax_id\tS1\n"
        + "Escherichia coli [ref_mOTU_v3_00095]\t562\t50\n"
        + "Escherichia coli [ref_mOTU_v3_00096]\t562\t10\n"
        + "Faecalibacterium prausnitzii [ref_mOTU_v3_06108]\t853\t30\n"
        + "Clostridiales species incertae sedis [meta_mOTU_v3_12345]\tNA\t0\n"
        + "unassigned\tNA\t10\n"
    )
    for path in (default, counts):
        assert detect_format(path) == "motus"
        (profile,) = read_profiles(path)
        species = {lin.name: v for lin, v in profile.at_rank(Rank.SPECIES).items()}
        assert species == pytest.approx(
            {"Escherichia coli": 60.0, "Faecalibacterium prausnitzii": 30.0}
        )
        assert profile.unknown == pytest.approx(10.0)
        assert profile.provenance.tool == "mOTUs 3.0.3"
        assert len(profile.at_rank(Rank.STRAIN)) == 3


def test_motus_full_lineage_layout(tmp_path: Path) -> None:
    path = tmp_path / "q.motus"
    path.write_text(
        MOTUS_HEADER.format(flags="-q ")
        + "#mOTU\tconsensus_taxonomy\tNCBI_tax_id\tS1\n"
        + "ref_mOTU_v3_00095\tk__Bacteria|p__Proteobacteria|c__Gammaproteobacteria|o__Enterobacterales|"
        "f__Enterobacteriaceae|g__Escherichia|s__Escherichia coli\t562\t0.7\n"
        + "ref_mOTU_v3_06108\tk__Bacteria|p__Firmicutes|c__Clostridia|o__Clostridiales|f__Ruminococcaceae|"
        "g__Faecalibacterium|s__Faecalibacterium prausnitzii\t853\t0.2\n"
        + "unassigned\tunassigned\tNA\t0.1\n"
    )
    assert detect_format(path) == "motus"
    (profile,) = read_profiles(path)
    phyla = {lin.name: v for lin, v in profile.at_rank(Rank.PHYLUM).items()}
    assert phyla == pytest.approx({"Proteobacteria": 70.0, "Firmicutes": 20.0})
    assert profile.unknown == pytest.approx(10.0)


def test_raw_sylph_profile(tmp_path: Path) -> None:
    path = tmp_path / "raw.sylph.tsv"
    header = (
        "Sample_file\tGenome_file\tTaxonomic_abundance\tSequence_abundance\tAdjusted_ANI\tEff_cov\t"
        "ANI_5-95_percentile\tEff_lambda\tLambda_5-95_percentile\tMedian_cov\tMean_cov_geq1\t"
        "Containment_ind\tNaive_ANI\tContig_name\n"
    )
    row = "{s}\t{g}\t{a}\t{a}\t99.1\t5.0\tNA-NA\tHIGH\tNA-NA\t5\t5.1\t900/1000\t99.1\tcontig\n"
    path.write_text(
        header
        + row.format(s="a_1.fq.gz", g="GCF_000005845.2.fna.gz", a=70.0)
        + row.format(s="a_1.fq.gz", g="GCF_000013425.1.fna.gz", a=30.0)
        + row.format(s="b_1.fq.gz", g="GCF_000005845.2.fna.gz", a=100.0)
    )
    assert detect_format(path) == "sylph"
    profiles = {p.sample_id: p for p in read_profiles(path)}
    assert set(profiles) == {"a_1", "b_1"}
    assert profiles["a_1"].provenance.taxonomy is TaxonomySystem.UNKNOWN
    strains = {lin.name: v for lin, v in profiles["a_1"].at_rank(Rank.STRAIN).items()}
    assert strains == {"GCF_000005845.2.fna.gz": 70.0, "GCF_000013425.1.fna.gz": 30.0}
