"""The real-world conformance corpus (tests/data/realworld/) and the issue-17 reader fixes.

Expected values in ``realworld/expected.tsv`` were written by reading each file, not by running
microbiomix. The fix tests start from real files (the corpus, ``cami_gi``) and change what the
case is about, so each asserts a known answer.
"""

from __future__ import annotations

import csv
import gzip
import json
import math
from pathlib import Path

import pytest

from microbiomix.errors import InputError
from microbiomix.profile import Profile
from microbiomix.readers import detect_format, read_profiles
from microbiomix.taxonomy import Rank, TaxonomySystem, name_key

DATA = Path(__file__).parent.parent / "data"
CORPUS = DATA / "realworld"


def _expected() -> list[dict[str, str]]:
    with (CORPUS / "expected.tsv").open() as handle:
        lines = [ln for ln in handle if not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


EXPECTED = _expected()


def _at(profile: Profile, rank: Rank, name: str) -> float:
    """Percent of the taxon ``name`` at ``rank`` (names compared as taxa are: _ and space alike)."""
    return sum(v for lin, v in profile.at_rank(rank).items() if name_key(lin.name) == name_key(name))


def _species(profile: Profile, name: str) -> float:
    return _at(profile, Rank.SPECIES, name)


def test_every_corpus_file_has_expected_values() -> None:
    on_disk = {
        str(p.relative_to(CORPUS))
        for p in CORPUS.rglob("*")
        if p.is_file() and p.name not in ("README.md", "expected.tsv")
    }
    assert on_disk == {row["path"] for row in EXPECTED}


@pytest.mark.parametrize("row", EXPECTED, ids=[row["path"] for row in EXPECTED])
def test_corpus_file(row: dict[str, str]) -> None:
    path = CORPUS / row["path"]
    assert detect_format(path) == row["format"]
    if row["error_line"] != "NA":
        with pytest.raises(InputError) as error:
            read_profiles(path)
        assert error.value.line == int(row["error_line"])
        return
    profiles = read_profiles(path)
    assert len(profiles) == int(row["samples"])
    profile = profiles[0]
    assert len(profile.at_rank(Rank.SPECIES)) == int(row["species"])
    if row["unknown"] == "NA":
        assert profile.unknown is None
    else:
        assert profile.unknown == pytest.approx(float(row["unknown"]), abs=1e-4)
    if row["spot_taxon"] != "NA":
        rank = Rank[row["spot_rank"].upper()]
        assert _at(profile, rank, row["spot_taxon"]) == pytest.approx(
            float(row["spot_percent"]), rel=1e-4
        )


# --- host and eukaryote rows survive with their domain (COORDINATION decision 1) -------------------


def test_kraken_host_and_yeast_keep_the_eukaryote_domain() -> None:
    profile = read_profiles(CORPUS / "taxpasta/kraken2/2612_pe-ERR5766176-db1.kraken2.report.txt")[0]
    species = {lin.name: lin for lin in profile.at_rank(Rank.SPECIES)}
    assert set(species) == {"Homo sapiens", "Saccharomyces cerevisiae"}
    assert species["Homo sapiens"].at(Rank.DOMAIN) == "Eukaryota"
    assert species["Homo sapiens"].at(Rank.PHYLUM) == "Chordata"
    assert species["Saccharomyces cerevisiae"].at(Rank.PHYLUM) == "Ascomycota"


def test_virus_rows_keep_the_virus_domain() -> None:
    profile = read_profiles(CORPUS / "taxpasta/krakenuniq/test1.krakenuniq.report.txt")[0]
    (species,) = profile.at_rank(Rank.SPECIES)
    assert species.at(Rank.DOMAIN) == "Viruses"
    strains = profile.at_rank(Rank.STRAIN)
    assert [s.name for s in strains] == ["Severe acute respiratory syndrome coronavirus 2"]


# --- mOTUs ------------------------------------------------------------------------------------------


def test_unnamed_motus_with_one_display_name_stay_apart() -> None:
    profile = read_profiles(CORPUS / "taxpasta/motus/2612_pe-ERR5766176-db_mOTU.out")[0]
    names = [lin.name for lin in profile.at_rank(Rank.SPECIES)]
    # Three meta_mOTUs print as "Prevotella species incertae sedis" (v3_12332, 12765, 12791).
    placeholders = [n for n in names if n.startswith("Prevotella species incertae sedis")]
    assert sorted(placeholders) == [
        "Prevotella species incertae sedis [meta_mOTU_v3_12332]",
        "Prevotella species incertae sedis [meta_mOTU_v3_12765]",
        "Prevotella species incertae sedis [meta_mOTU_v3_12791]",
    ]
    # Named species reported by several ref mOTUs are one species: 3 F. prausnitzii mOTUs, 1+1+1 reads.
    assert _species(profile, "Faecalibacterium prausnitzii") == pytest.approx(300 / 259)


# The mOTUs 4 layout as documented by its header (tool line, then mOTU/Taxonomy/sample columns):
# no public mOTUs 4 output was found to copy, so this is a layout sample, not a real file.
MOTUS4 = (
    "#tool_version=4.1.0\tdatabase_version=4.1\tmin_alignment_length=75\tmin_mgcs=3\t"
    "count_mode=INSERT_SCALED\tvalue_type=counts\n"
    "mOTU\tTaxonomy\tSampleA\n"
    "mOTUv4.0_000001\td__Bacteria;p__Bacillota;c__Bacilli;o__Lactobacillales;f__Lactobacillaceae;"
    "g__Lactobacillus;s__Lactobacillus testii\t12\n"
    "mOTUv4.0_000002\td__Bacteria;p__Pseudomonadota;c__Gammaproteobacteria;o__Enterobacterales;"
    "f__Enterobacteriaceae;g__Escherichia;s__Escherichia coli\t3\n"
    "mOTUv4.0_000003\td__Bacteria;p__Bacillota_A;c__Clostridia;o__Oscillospirales;"
    "f__Ruminococcaceae;g__Faecalibacterium;s__\t2\n"
    "unassigned\tunassigned\t3\n"
)


def test_motus4(tmp_path: Path) -> None:
    path = tmp_path / "a.motus4.tsv"
    path.write_text(MOTUS4)
    assert detect_format(path) == "motus4"
    (profile,) = read_profiles(path)
    assert profile.sample_id == "a"
    assert profile.provenance.taxonomy is TaxonomySystem.GTDB
    assert profile.provenance.tool_version == "4.1.0"
    assert profile.unknown == pytest.approx(15.0)  # 3 of 20
    assert _species(profile, "Lactobacillus testii") == pytest.approx(60.0)
    # A genus-level mOTU is its own species, named by its id.
    assert _species(profile, "mOTUv4.0_000003") == pytest.approx(10.0)
    genus = {lin.name: v for lin, v in profile.at_rank(Rank.GENUS).items()}
    assert genus["Faecalibacterium"] == pytest.approx(10.0)


# --- CAMI -------------------------------------------------------------------------------------------

CAMI_M3 = DATA / "cami_gi" / "metaphlan3" / "sample_0.profile"


def test_cami_headers_in_any_order(tmp_path: Path) -> None:
    lines = CAMI_M3.read_text().splitlines(keepends=True)
    sample = next(i for i, ln in enumerate(lines) if ln.startswith("@SampleID"))
    version = next(i for i, ln in enumerate(lines) if ln.startswith("@Version"))
    lines[sample], lines[version] = lines[version], lines[sample]
    path = tmp_path / "reordered.profile"
    path.write_text("".join(lines))
    assert detect_format(path) == "cami"
    (reordered,) = read_profiles(path)
    (original,) = read_profiles(CAMI_M3)
    assert reordered.abundances == original.abundances
    assert reordered.sample_id == original.sample_id == "0"  # from @SampleID:0


def test_cami_single_sample_placeholder_id_falls_back_to_the_file_name() -> None:
    # MetaPhlAn 4 writes "@SampleID:Metaphlan_Analysis".
    (profile,) = read_profiles(DATA / "cami_gi" / "metaphlan4_cami" / "sample_0.profile")
    assert profile.sample_id == "sample_0"
    (named,) = read_profiles(CAMI_M3, sample_id="given")
    assert named.sample_id == "given"


GOLD_HEAD = (
    "@SampleID:gs\n@Version:0.9.1\n@Ranks:superkingdom|phylum|class|order|family|genus|species|strain\n"
    "@@TAXID\tRANK\tTAXPATH\tTAXPATHSN\tPERCENTAGE\t_CAMI_GENOMEID\t_CAMI_OTU\n"
    "2\tsuperkingdom\t2\tBacteria\t100.0\t\t\n"
    "562\tspecies\t2|562\tBacteria|Escherichia coli\t100.0\t\t\n"
)


def test_cami_gold_standard_same_named_strains_under_two_taxids(tmp_path: Path) -> None:
    path = tmp_path / "gs.profile"
    path.write_text(
        GOLD_HEAD
        + "1.1\tstrain\t2|562|1.1\tBacteria|Escherichia coli|Escherichia coli\t60.0\tg1\t1\n"
        + "1.2\tstrain\t2|562|1.2\tBacteria|Escherichia coli|Escherichia coli\t40.0\tg2\t1\n"
    )
    (profile,) = read_profiles(path)
    strains = {lin.name: v for lin, v in profile.at_rank(Rank.STRAIN).items()}
    assert strains == {"Escherichia coli [1.1]": 60.0, "Escherichia coli [1.2]": 40.0}
    path.write_text(
        GOLD_HEAD
        + "1.1\tstrain\t2|562|1.1\tBacteria|Escherichia coli|Escherichia coli\t60.0\tg1\t1\n"
        + "1.1\tstrain\t2|562|1.1\tBacteria|Escherichia coli|Escherichia coli\t40.0\tg2\t1\n"
    )
    with pytest.raises(InputError) as error:
        read_profiles(path)
    assert error.value.line == 8 and "listed twice" in str(error.value)


def test_cami_extra_columns_are_errors(tmp_path: Path) -> None:
    path = tmp_path / "extra.profile"
    path.write_text(GOLD_HEAD + "561\tgenus\t2|561\tBacteria|Escherichia\t100.0\t\t\tsurplus\n")
    with pytest.raises(InputError) as error:
        read_profiles(path, input_format="cami")
    assert error.value.line == 7
    path.write_text(GOLD_HEAD.replace("_CAMI_OTU", "NOTES"))
    with pytest.raises(InputError) as error:
        read_profiles(path, input_format="cami")
    assert error.value.line == 4 and "NOTES" in str(error.value)


# --- BIOM -------------------------------------------------------------------------------------------


def test_biom_json_with_leading_whitespace_and_late_format_key(tmp_path: Path) -> None:
    rows = [
        {"id": f"otu{i}", "metadata": {"taxonomy": ["k__Bacteria", "p__Bacillota", f"g__G{i}"]}}
        for i in range(400)
    ]
    document = {
        "rows": rows,  # a long list first pushes "format" past the detection window
        "columns": [{"id": "S1", "metadata": None}],
        "id": None,
        "format": "Biological Observation Matrix 1.0.0",
        "format_url": "http://biom-format.org",
        "type": "OTU table",
        "generated_by": "hand",
        "date": "2020-01-01T00:00:00",
        "matrix_type": "sparse",
        "matrix_element_type": "float",
        "shape": [400, 1],
        "data": [[i, 0, 1.0] for i in range(400)],
    }
    path = tmp_path / "t.biom"
    path.write_text("\ufeff\n  \n" + json.dumps(document, indent=4), encoding="utf-8")
    assert path.stat().st_size > 64 * 1024
    assert detect_format(path) == "biom"
    (profile,) = read_profiles(path)
    genus = profile.at_rank(Rank.GENUS)
    assert len(genus) == 400 and all(v == pytest.approx(0.25) for v in genus.values())


# --- Kraken family -----------------------------------------------------------------------------------


def test_kraken1_report_with_dash_rank_codes(tmp_path: Path) -> None:
    # Kraken 1 writes '-' where Kraken 2 writes intermediate codes such as D1 or S1.
    source = (CORPUS / "taxpasta/kraken2/test_1.kraken2.report.txt").read_text().splitlines()
    rows = []
    for line in source:
        fields = line.split("\t")
        if any(ch.isdigit() for ch in fields[3]):
            fields[3] = "-"
        rows.append("\t".join(fields))
    path = tmp_path / "k1.report"
    path.write_text("\n".join(rows) + "\n")
    assert detect_format(path) == "kraken2-report"
    (profile,) = read_profiles(path)
    assert profile.provenance.tool == "Kraken 1"
    assert _species(profile, "Severe acute respiratory syndrome-related coronavirus") == 100.0
    assert profile.at_rank(Rank.STRAIN) == {}  # '-' below a species has no rank


def test_kreport2mpa_single_underscore_prefixes(tmp_path: Path) -> None:
    # The lineages and clade reads of taxpasta's 2612_pe Kraken 2 report, as older kreport2mpa wrote.
    lines = [
        "#Classification\t2612_pe",
        "d_Eukaryota\t168",
        "d_Eukaryota|k_Metazoa|p_Chordata|c_Mammalia|o_Primates|f_Hominidae|g_Homo|s_Homo_sapiens\t152",
        (
            "d_Eukaryota|k_Fungi|p_Ascomycota|c_Saccharomycetes|o_Saccharomycetales"
            "|f_Saccharomycetaceae|g_Saccharomyces|s_Saccharomyces_cerevisiae\t16"
        ),
    ]
    path = tmp_path / "old.mpa.txt"
    path.write_text("\n".join(lines) + "\n")
    assert detect_format(path) == "kraken2-mpa"
    (profile,) = read_profiles(path)
    assert profile.sample_id == "2612_pe"
    species = {lin.name: (lin, v) for lin, v in profile.at_rank(Rank.SPECIES).items()}
    lineage, value = species["Homo sapiens"]
    assert value == pytest.approx(152 / 168 * 100)
    assert lineage.at(Rank.DOMAIN) == "Eukaryota" and lineage.at(Rank.PHYLUM) == "Chordata"


# --- abundance sanity ------------------------------------------------------------------------------

SIMPLE = CORPUS / "taxpasta/metaphlan/mpa_valid_simple.tsv"


def _with_lines(tmp_path: Path, extra: list[str], name: str = "m.txt") -> Path:
    path = tmp_path / name
    path.write_text(SIMPLE.read_text().rstrip("\n") + "\n" + "\n".join(extra) + "\n")
    return path


def test_kingdom_row_of_1e308_is_an_error(tmp_path: Path) -> None:
    path = _with_lines(tmp_path, ["k__Archaea\t2157\t1e308\t"])
    with pytest.raises(InputError) as error:
        read_profiles(path, input_format="metaphlan")
    assert error.value.line == 16


def test_rank_sum_above_100_is_an_error_naming_the_line(tmp_path: Path) -> None:
    # k__Bacteria is 100.0; another 1.5% of archaea makes the domain rank 101.5%.
    path = _with_lines(tmp_path, ["k__Archaea\t2157\t1.5\t"])
    with pytest.raises(InputError) as error:
        read_profiles(path, input_format="metaphlan")
    assert error.value.line == 16 and "101.5%" in str(error.value)
    # Within the stated 1-point rounding tolerance it reads.
    ok = _with_lines(tmp_path, ["k__Archaea\t2157\t0.5\t"], "ok.txt")
    assert read_profiles(ok, input_format="metaphlan")


def test_counts_mistaken_for_percentages_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "counts.txt"
    path.write_text("#mpa_v30_CHOCOPhlAn_201901\nk__Bacteria\t2\t1200\t\nk__Archaea\t2157\t300\t\n")
    with pytest.raises(InputError) as error:
        read_profiles(path)
    assert error.value.line == 2 and "read counts rather than percentages" in str(error.value)


def test_duplicate_unknown_rows_are_an_error(tmp_path: Path) -> None:
    path = _with_lines(tmp_path, ["UNKNOWN\t-1\t10.0\t", "UNKNOWN\t-1\t10.0\t"])
    with pytest.raises(InputError) as error:
        read_profiles(path, input_format="metaphlan")
    assert error.value.line == 17 and "twice" in str(error.value)


def test_nul_byte_in_a_name_is_an_error(tmp_path: Path) -> None:
    text = SIMPLE.read_text().replace("s__Rothia_dentocariosa", "s__Rothia_dento\x00cariosa")
    path = tmp_path / "nul.txt"
    path.write_text(text)
    with pytest.raises(InputError) as error:
        read_profiles(path, input_format="metaphlan")
    assert error.value.line == 15 and "NUL" in str(error.value)


def test_duplicate_unassigned_in_motus_is_an_error(tmp_path: Path) -> None:
    text = (CORPUS / "taxpasta/motus/2612_se-ERR5766180-db_mOTU.out").read_text()
    path = tmp_path / "m.out"
    path.write_text(text + "unassigned\tNA\t3\n")
    with pytest.raises(InputError) as error:
        read_profiles(path)
    assert error.value.line == 37


def test_a_row_that_is_not_a_taxon_is_an_error(tmp_path: Path) -> None:
    path = _with_lines(tmp_path, ["Total\t-\t100.0\t"])
    with pytest.raises(InputError) as error:
        read_profiles(path, input_format="metaphlan")
    assert error.value.line == 16


def test_merged_metaphlan_table_with_clade_taxid_column(tmp_path: Path) -> None:
    rows = [ln.split("\t") for ln in SIMPLE.read_text().splitlines() if not ln.startswith("#")]
    lines = ["clade_name\tclade_taxid\tS1\tS2"]
    lines += [f"{r[0]}\t{r[1].strip()}\t{r[2]}\t{r[2]}" for r in rows]
    path = tmp_path / "merged.tsv"
    path.write_text("\n".join(lines) + "\n")
    assert detect_format(path) == "metaphlan-merged"
    profiles = read_profiles(path)
    assert [p.sample_id for p in profiles] == ["S1", "S2"]
    assert _species(profiles[1], "Rothia dentocariosa") == pytest.approx(34.74319)


def test_gzip_corpus_file_matches_its_text(tmp_path: Path) -> None:
    text = gzip.decompress((CORPUS / "taxpasta/metaphlan/ERR7569997.txt.gz").read_bytes())
    path = tmp_path / "ERR7569997.txt"
    path.write_bytes(text)
    (plain,) = read_profiles(path)
    (zipped,) = read_profiles(CORPUS / "taxpasta/metaphlan/ERR7569997.txt.gz")
    assert plain.abundances == zipped.abundances


# --- mmm formats -------------------------------------------------------------------------------------


def test_mmm_formats_lists_every_registered_reader(capsys: pytest.CaptureFixture[str]) -> None:
    from microbiomix.cli import main
    from microbiomix.readers import formats

    assert main(["formats", "--json"]) == 0
    listing = json.loads(capsys.readouterr().out)
    assert [entry["name"] for entry in listing] == list(formats())
    assert all(entry["versions"] and entry["example"] for entry in listing)
    by_name = {entry["name"]: entry for entry in listing}
    assert "KrakenUniq 1.0.0, 1.0.2" in by_name["krakenuniq"]["versions"]
    assert main(["formats"]) == 0
    text = capsys.readouterr().out
    assert "motus4\n" in text and "example:    %\\treads\\ttaxReads" in text


@pytest.mark.parametrize(
    ("fmt", "path"),
    [
        ("bracken", "taxpasta/bracken/2612_pe-ERR5766176-db1_S.tsv"),
        ("krakenuniq", "taxpasta/krakenuniq/test1.krakenuniq.report.txt"),
        ("motus", "taxpasta/motus/2612_se-ERR5766180-db_mOTU.out"),
    ],
)
def test_format_example_is_a_line_of_a_real_file(fmt: str, path: str) -> None:
    from microbiomix.readers import formats

    # The example's first two columns as the tool wrote them (later ones may be sample names).
    start = "\t".join(formats()[fmt].example.split("\t")[:2])
    assert any(line.startswith(start) for line in (CORPUS / path).read_text().splitlines())


def test_cami_gold_standard_keeps_the_fungus_with_its_domain() -> None:
    (profile,) = read_profiles(CORPUS / "opal/gs_hmp_mc.profile")
    (candida,) = [lin for lin in profile.at_rank(Rank.SPECIES) if lin.name == "Candida albicans"]
    assert candida.at(Rank.DOMAIN) == "Eukaryota"
    domains = {lin.name: v for lin, v in profile.at_rank(Rank.DOMAIN).items()}
    assert domains["Eukaryota"] == pytest.approx(0.0179662234998)


def test_raw_sylph_genomes_in_one_database_file_are_told_apart_by_contig() -> None:
    first, second = read_profiles(CORPUS / "sylph/result2.tsv")
    assert (first.sample_id, second.sample_id) == ("SRR14739086_1", "SRR14739086_2")
    # 87 and 79 rows, every one with Genome_file imgvr_reps.fna (counted with cut | uniq -c).
    assert len(first.at_rank(Rank.STRAIN)) == 87 and len(second.at_rank(Rank.STRAIN)) == 79


def test_kraken_percentage_that_disagrees_with_its_reads_is_an_error(tmp_path: Path) -> None:
    source = CORPUS / "taxpasta/kraken2/2612_pe-ERR5766176-db1.kraken2.report.txt"
    lines = source.read_text().splitlines()
    lines[3] = "1e308" + lines[3][lines[3].index("\t") :]  # the Eukaryota domain row
    path = tmp_path / "k.report"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError) as error:
        read_profiles(path)
    assert error.value.line == 4 and "disagrees" in str(error.value)


# --- end to end with the domain classifier (issue 10): host and eukaryotes out of the community ------


def _richness(profile: Profile) -> float:
    from microbiomix.markers import compute_markers
    from microbiomix.profile import Cohort

    (richness,) = compute_markers(Cohort.from_profiles([profile]), ["richness"])
    return float(richness.values[0])


def test_host_in_a_kraken_report_is_not_counted_as_a_gut_species() -> None:
    from microbiomix.quality import assess_profile

    (profile,) = read_profiles(CORPUS / "taxpasta/kraken2/2612_pe-ERR5766176-db1.kraken2.report.txt")
    quality = assess_profile(profile).as_dict()
    measured = {check["id"]: check["value"] for check in quality["checks"]}
    # 152 of the 168 classified reads are Homo sapiens, 16 Saccharomyces cerevisiae.
    assert measured["host_percent"] == pytest.approx(152 / 168 * 100)
    assert measured["microbial_eukaryote_percent"] == pytest.approx(16 / 168 * 100)
    assert quality["community_species"] == 0
    assert math.isnan(_richness(profile))  # was 2 (human and yeast) before the classifier


def test_gold_standard_fungus_is_not_a_community_species() -> None:
    (profile,) = read_profiles(CORPUS / "opal/gs_hmp_mc.profile")
    assert _richness(profile) == 21  # 22 species rows, one of them Candida albicans


# --- files that are not profiles are named, so a folder of mixed outputs gets a useful refusal --------

NOT_PROFILES = [
    # Kraken 2 manual, "Standard Kraken Output Format": C/U, read id, taxid, length, LCA mapping.
    ("C\tread1\t562\t150\t562:13 561:4 A:31 0:1\nU\tread2\t0\t150\t0:116\n", "per-read output"),
    ("@read1\nACGT\n+\nIIII\n", "FASTQ"),
    (">seq1\nACGT\n", "FASTA"),
    ("@HD\tVN:1.6\tSO:unsorted\n@SQ\tSN:chr1\tLN:100\n", "SAM"),
    ("# Gene Family\tS1_Abundance-RPKs\nUNMAPPED\t100.0\n", "HUMAnN"),
    ('[{"class": "sourmash_signature", "email": "", "signatures": []}]', "sourmash signature"),
    ("", "empty"),
]


@pytest.mark.parametrize(("text", "named"), NOT_PROFILES, ids=[n for _, n in NOT_PROFILES])
def test_common_non_profile_files_are_named(tmp_path: Path, text: str, named: str) -> None:
    path = tmp_path / "input"
    path.write_text(text)
    with pytest.raises(InputError) as error:
        detect_format(path)
    assert named in str(error.value)


def test_kraken_report_is_not_mistaken_for_per_read_output() -> None:
    assert detect_format(CORPUS / "taxpasta/kraken2/test_1.kraken2.report.txt") == "kraken2-report"


def test_metaphlan2_with_read_statistics_reads_the_relative_abundance_column(tmp_path: Path) -> None:
    # MetaPhlAn 2 `-t rel_ab_w_read_stats` header (metaphlan2.py) and a row quoted in BioLockJ's docs;
    # a layout sample, not a whole real file. The abundance is column 2, not coverage or reads.
    path = tmp_path / "mp2.txt"
    path.write_text(
        "#SampleID\tMetaphlan2_Analysis\n"
        "#clade_name\trelative_abundance\tcoverage\taverage_genome_length_in_the_clade\t"
        "estimated_number_of_reads_from_the_clade\n"
        "k__Bacteria\t100.0\t0.9\t4000000\t3953827\n"
        "k__Bacteria|p__Bacteroidetes\t14.68863\t0.137144143537\t4234739\t580770\n"
    )
    assert detect_format(path) == "metaphlan"
    (profile,) = read_profiles(path)
    phyla = {lin.name: v for lin, v in profile.at_rank(Rank.PHYLUM).items()}
    assert phyla == {"Bacteroidetes": 14.68863}


def test_metaphlan4_read_statistics_with_unclassified_row(tmp_path: Path) -> None:
    # The layout metaphlan 4.2.5 writes for `-t rel_ab_w_read_stats` (metaphlan.py,
    # RelativeAbundanceReadStatsAnalysis.report_results): UNCLASSIFIED first, then clade, taxids,
    # relative abundance, coverage, reads. A layout sample, not a whole real file.
    path = tmp_path / "mp4.txt"
    path.write_text(
        "#mpa_vJan21_CHOCOPhlAnSGB_202103\n#2948649 reads processed\n"
        "#Estimated reads mapped to known clades: 1788459\n"
        "#clade_name\tclade_taxid\trelative_abundance\tcoverage\t"
        "estimated_number_of_reads_from_the_clade\n"
        "UNCLASSIFIED\t-1\t38.89555\t-\t1160190\n"
        "k__Bacteria\t2\t61.10445\t0.29824\t1788459\n"
        "k__Bacteria|p__Firmicutes\t2|1239\t61.10445\t0.29824\t1788459\n"
    )
    (profile,) = read_profiles(path)
    assert profile.unknown == pytest.approx(38.89555)
    assert profile.provenance.tool == "MetaPhlAn 4"
    assert {lin.name: v for lin, v in profile.at_rank(Rank.PHYLUM).items()} == {"Firmicutes": 61.10445}


def test_metaphlan_and_cami_name_a_single_sample_the_same_way(tmp_path: Path) -> None:
    lines = (CORPUS / "taxpasta/metaphlan/mpa_valid_simple.tsv").read_text().splitlines()
    named = tmp_path / "x.txt"
    named.write_text("\n".join(ln.replace("Metaphlan_Analysis", "patientA_week2") for ln in lines))
    assert read_profiles(named)[0].sample_id == "patientA_week2"  # metaphlan --sample_id
    assert read_profiles(named, sample_id="given")[0].sample_id == "given"
    # MetaPhlAn's default name is a placeholder: the file name is used, as for CAMI.
    assert read_profiles(CORPUS / "taxpasta/metaphlan/mpa_valid_simple.tsv")[0].sample_id == (
        "mpa_valid_simple"
    )


def test_krakenuniq_with_ncbi_2025_rank_names(tmp_path: Path) -> None:
    # taxpasta's KrakenUniq test1 report with the ranks NCBI renamed in 2025: Viruses is an
    # "acellular root" (was superkingdom); the lineage must still start at the virus domain.
    text = (CORPUS / "taxpasta/krakenuniq/test1.krakenuniq.report.txt").read_text()
    path = tmp_path / "new.krakenuniq.txt"
    path.write_text(text.replace("\tsuperkingdom\t", "\tacellular root\t"))
    (profile,) = read_profiles(path)
    (species,) = profile.at_rank(Rank.SPECIES)
    assert species.at(Rank.DOMAIN) == "Viruses"
