"""Property-based: arbitrary bytes and mutated real files give profiles or an InputError, never
another exception, for every registered reader and for format detection."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microbiomix.errors import InputError
from microbiomix.profile import Profile
from microbiomix.readers import formats, read_profiles

DATA = Path(__file__).parent.parent / "data"
SEEDS = [
    DATA / "cami_gi" / "gold_ncbi" / "sample_0.profile",
    DATA / "cami_gi" / "gold_gtdb_r214" / "sample_1.profile",
    DATA / "cami_gi" / "sylph" / "sample_0.profile",
    DATA / "cami_gi" / "metaphlan4_gtdb" / "sample_3.profile",
    DATA / "metaphlan_kefir" / "Subj001_time1_S1.metaphlan3.txt",
    DATA / "gmhi" / "example_species_relative_abundances.csv",
    DATA / "realworld" / "taxpasta" / "krakenuniq" / "test1.krakenuniq.report.txt",
    DATA / "realworld" / "taxpasta" / "motus" / "2612_se-ERR5766180-db_mOTU.out",
    DATA / "realworld" / "opal" / "test2.profile",
    DATA / "realworld" / "sylph" / "result.tsv",
]
SMALL_SEEDS = {
    "kraken2-report": b"  4.76\t100\t100\tU\t0\tunclassified\n 95.24\t2000\t0\tR\t1\troot\n"
    b" 95.24\t2000\t0\tD\t2\t  Bacteria\n 95.24\t2000\t2000\tS\t562\t    Escherichia coli\n",
    "bracken": b"name\ttaxonomy_id\ttaxonomy_lvl\tkraken_assigned_reads\tadded_reads\tnew_est_reads\t"
    b"fraction_total_reads\nEscherichia coli\t562\tS\t10\t0\t10\t1.0\n",
    "motus": b"# motus version 3.0.3 | calc_motu 3.0.3 -k mOTU\n#consensus_taxonomy\tS1\n"
    b"Escherichia coli [ref_mOTU_v3_00095]\t0.5\nunassigned\t0.5\n",
    "sourmash-gather": b"intersect_bp,f_unique_weighted,name,query_name\n1000,0.5,genome A,q\n",
    "sourmash-csv-summary": b"query_name,rank,fraction,lineage,f_weighted_at_rank\n"
    b"q,phylum,0.5,Bacteria;Firmicutes,0.5\nq,phylum,0.5,unclassified,0.5\n",
    "sourmash-krona": b"fraction\tsuperkingdom\tphylum\n0.5\tBacteria\tFirmicutes\n",
    "sourmash-lineage-summary": b"lineage\tS1\tS2\nBacteria;Firmicutes\t0.5\t0.1\n",
    "sourmash-human": b"sample name    proportion   cANI   lineage\n-----------    ----------   ----   "
    b"-------\nS1   50.0%   95.0%   Bacteria;Firmicutes\nS1   50.0%   -   unclassified\n",
    "sylph": b"Sample_file\tGenome_file\tTaxonomic_abundance\na.fq\tg.fa\t100\n",
    "motus4": b"#tool_version=4.1.0\tvalue_type=counts\nmOTU\tTaxonomy\tS1\n"
    b"mOTUv4.0_000002\td__Bacteria;p__Pseudomonadota;g__Escherichia;s__Escherichia coli\t3\n"
    b"unassigned\tunassigned\t1\n",
    "kraken2-mpa": b"#Classification\tS1\nd_Bacteria\t10\nd_Bacteria|p_Firmicutes\t6\n",
}
SEED_BYTES = [p.read_bytes()[:6000] for p in SEEDS] + list(SMALL_SEEDS.values())
NAMES = [None, *formats()]


def _check(data: bytes, name: str | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "input.txt"
        path.write_bytes(data)
        try:
            profiles = read_profiles(path, input_format=name)
        except InputError:
            return
        assert profiles and all(isinstance(p, Profile) for p in profiles)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEED_BYTES)))
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "delete", "insert", "cut"]))
        position = draw(st.integers(0, max(0, len(data) - 1)))
        if kind == "flip" and data:
            data[position] = draw(st.sampled_from(b"\t\n,;|.-e0 9#@_x\x00\xff"))
        elif kind == "delete":
            del data[position : position + draw(st.integers(1, 40))]
        elif kind == "insert":
            data[position:position] = draw(st.binary(max_size=20))
        else:
            data = data[:position]
    return bytes(data)


@pytest.mark.parametrize("name", NAMES, ids=[str(n) for n in NAMES])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes(name: str | None, data: bytes) -> None:
    _check(data, name)


@pytest.mark.parametrize("name", NAMES, ids=[str(n) for n in NAMES])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=mutated())
def test_mutated_real_files(name: str | None, data: bytes) -> None:
    _check(data, name)
