"""Malformed input: each reader raises InputError naming the offending line."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from microbiomix.errors import InputError
from microbiomix.readers import read_profiles

KRAKEN_OK = "100.00\t90\t0\tR\t1\troot\n100.00\t90\t90\tS\t562\t  Escherichia coli\n"
BRACKEN_HEADER = (
    "name\ttaxonomy_id\ttaxonomy_lvl\tkraken_assigned_reads\tadded_reads\tnew_est_reads\t"
    "fraction_total_reads\n"
)
SYLPH_TAX_HEADER = "clade_name\trelative_abundance\tsequence_abundance\tANI (if strain-level)\n"
MOTUS_HEAD = "# motus version 3.0.3 | calc_motu 3.0.3 -k mOTU\n#consensus_taxonomy\tS1\n"
GATHER_HEADER = "intersect_bp,f_unique_weighted,name,query_name\n"
SUMMARY_HEADER = "query_name,rank,fraction,lineage,f_weighted_at_rank\n"
GTDB = "d__Bacteria;p__Bacillota;c__Bacilli;o__Staphylococcales;f__Staphylococcaceae;g__Staphylococcus;s__Staphylococcus aureus"

# (format, file text, line the error must name)
CASES = [
    ("kraken2-report", KRAKEN_OK + " 10.00\t10\t10\tS\t573\n", 3),  # wrong column count
    ("kraken2-report", KRAKEN_OK + " ten\t10\t10\tS\t573\t  Klebsiella pneumoniae\n", 3),
    ("kraken2-report", KRAKEN_OK + " 10.00\t10\t10\tS\t562\t  Escherichia coli\n", 3),  # duplicate
    ("kraken2-report", KRAKEN_OK + " 10.00\t10\t10\tX\t573\t  Klebsiella pneumoniae\n", 3),
    ("bracken", BRACKEN_HEADER + "Escherichia coli\t562\tS\t10\t0\t10\n", 2),
    ("bracken", BRACKEN_HEADER + "Escherichia coli\t562\tS\t10\t0\t10\tmany\n", 2),
    (
        "bracken",
        BRACKEN_HEADER + "E. coli\t562\tS\t10\t0\t10\t0.5\nE. coli\t562\tS\t10\t0\t10\t0.5\n",
        3,
    ),
    ("sylph-tax", SYLPH_TAX_HEADER + "d__Bacteria\t100\t100\n", 2),
    ("sylph-tax", SYLPH_TAX_HEADER + "d__Bacteria\tNaN\t100\tNA\n", 2),
    ("sylph-tax", SYLPH_TAX_HEADER + "d__Bacteria\t100\t100\tNA\nd__Bacteria\t100\t100\tNA\n", 3),
    ("sylph", "Sample_file\tGenome_file\tTaxonomic_abundance\na.fq\tg.fa\t-5\n", 2),
    ("sylph", "Sample_file\tGenome_file\tTaxonomic_abundance\na.fq\tg.fa\n", 2),
    ("motus", MOTUS_HEAD + "Escherichia coli [ref_mOTU_v3_00095]\t0.5\textra\n", 3),
    ("motus", MOTUS_HEAD + "Escherichia coli [ref_mOTU_v3_00095]\tlots\n", 3),
    (
        "motus",
        MOTUS_HEAD + "E. coli [ref_mOTU_v3_00095]\t0.5\nE. coli [ref_mOTU_v3_00095]\t0.5\n",
        4,
    ),
    ("sourmash-gather", GATHER_HEADER + "1000,0.5,genome A\n", 2),
    ("sourmash-gather", GATHER_HEADER + "1000,half,genome A,q\n", 2),
    ("sourmash-gather", GATHER_HEADER + "1000,0.5,genome A,q\n1000,0.2,genome A,q\n", 3),
    ("sourmash-csv-summary", SUMMARY_HEADER + "q,species,0.5,Bacteria;Firmicutes,0.5\n", 2),
    ("sourmash-csv-summary", SUMMARY_HEADER + "q,phylum,0.5,Bacteria;Firmicutes,inf\n", 2),
    ("sourmash-krona", "fraction\tsuperkingdom\tphylum\n0.5\tBacteria\n", 2),
    ("sourmash-krona", "fraction\tsuperkingdom\tphylum\nx\tBacteria\tFirmicutes\n", 2),
    (
        "sourmash-lineage-summary",
        "lineage\tS1\nBacteria;Firmicutes\t0.5\nBacteria;Firmicutes\t0.1\n",
        3,
    ),
    ("sourmash-lineage-summary", "lineage\tS1\tS2\nBacteria;Firmicutes\t0.5\n", 2),
    (
        "sourmash-human",
        "sample name    proportion   cANI   lineage\n-----\nS1   ten%   95%   Bacteria\n",
        3,
    ),
    # a single-sample profile read as a merged table: no header row, a clade in its place
    ("metaphlan-merged", "#mpa_vJan21\n#clade_name\trelative_abundance\nd__Bacteria\t100.0\n", 3),
    ("lineage-table", f"GCA_1\t{GTDB}\t0.5\nGCA_2\t{GTDB}\n", 2),
    ("lineage-table", f"GCA_1\t{GTDB}\t0.5\nGCA_2\t{GTDB}\tabc\n", 2),
    ("lineage-table", f"GCA_1\t{GTDB}\t0.5\nGCA_1\t{GTDB}\t0.1\n", 2),
    ("lineage-table", f"GCA_1\t{GTDB}\t0.5\nGCA_2\tBacteria;Bacillota\t0.1\n", 2),
]


@pytest.mark.parametrize(
    ("fmt", "text", "line"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_malformed_names_line(tmp_path: Path, fmt: str, text: str, line: int) -> None:
    path = tmp_path / "bad.txt"
    path.write_text(text)
    with pytest.raises(InputError) as caught:
        read_profiles(path, input_format=fmt)
    assert caught.value.line == line
    assert caught.value.path == str(path)


VALID = {
    "kraken2-report": KRAKEN_OK,
    "bracken": BRACKEN_HEADER + "Escherichia coli\t562\tS\t10\t0\t10\t1.0\n",
    "sylph-tax": SYLPH_TAX_HEADER + "d__Bacteria\t100\t100\tNA\n",
    "motus": MOTUS_HEAD + "Escherichia coli [ref_mOTU_v3_00095]\t0.5\n",
    "sourmash-gather": GATHER_HEADER + "1000,0.5,genome A,q\n",
    "lineage-table": f"GCA_1\t{GTDB}\t0.5\n",
}


@pytest.mark.parametrize("fmt", sorted(VALID))
def test_truncated_gzip_names_a_line(tmp_path: Path, fmt: str) -> None:
    # valid rows, then a long comment: cutting the stream in half truncates it inside that line
    packed = gzip.compress(VALID[fmt].encode() + b"#" * 200_000)
    path = tmp_path / "cut.txt.gz"
    path.write_bytes(packed[: len(packed) // 2])
    with pytest.raises(InputError) as caught:
        read_profiles(path, input_format=fmt)
    assert caught.value.line is not None
    assert "truncated" in caught.value.expectation


@pytest.mark.parametrize(
    "fmt",
    sorted(VALID)
    + [
        "sylph",
        "sourmash-csv-summary",
        "sourmash-krona",
        "sourmash-lineage-summary",
        "sourmash-human",
        "biom",
    ],
)
def test_empty_file(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("")
    with pytest.raises(InputError):
        read_profiles(path, input_format=fmt)


@pytest.mark.parametrize("fmt", sorted(VALID))
def test_valid_minimal_files_read(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "ok.txt"
    path.write_text(VALID[fmt])
    assert read_profiles(path, input_format=fmt)


def test_biom_garbage_is_input_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.biom"
    path.write_text('{"format": "Biological Observation Matrix 1.0.0", "rows": [')
    with pytest.raises(InputError):
        read_profiles(path)
