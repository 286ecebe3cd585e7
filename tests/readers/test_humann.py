"""HUMAnN tables read back: real outputs of HUMAnN 3.9 (its own test data and a run of HUMAnN 3.9
on its demo reads here), expected values copied from the files (see tests/data/humann/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from microbiomix.errors import InputError
from microbiomix.functional import FunctionalUnit, species_name
from microbiomix.readers.humann import looks_like_humann, read_humann

HUMANN = Path(__file__).parents[1] / "data" / "humann"
EXAMPLE_PROFILE = Path(__file__).parents[2] / "src/microbiomix/examples/Subj001_time1_S1.metaphlan3.txt"


def test_gene_families_rpk_stratified() -> None:
    (p,) = read_humann(HUMANN / "humann39_tests_demo_genefamilies.tsv")
    assert p.sample_id == "demo"  # header: demo_Abundance-RPKs
    assert p.namespace == "uniref50" and p.measure == "abundance"
    assert p.unit is FunctionalUnit.RPK
    assert p.unmapped == 100.0
    assert p.totals["UniRef50_R5IH84"] == pytest.approx(37.0370370370)
    assert p.strata["UniRef50_R5IH84"] == {
        "g__Bacteroides.s__Bacteroides_stercoris": pytest.approx(37.0370370370)
    }
    # 1412 community rows with a value > 0 besides UNMAPPED (awk over the file, README).
    assert len(p.totals) == 1412
    assert p.provenance.notes == ()


def test_pathway_abundance_special_rows_and_names() -> None:
    (p,) = read_humann(HUMANN / "humann39_tests_demo_pathabundance.tsv")
    assert p.namespace == "metacyc_pathway" and p.unit is FunctionalUnit.RPK
    assert "RPK-derived" in p.provenance.notes[0]
    assert p.unmapped == pytest.approx(34.9620985021)
    assert p.unintegrated == pytest.approx(778.4041770541)
    assert p.special_strata["UNINTEGRATED"] == {
        "g__Bacteroides.s__Bacteroides_thetaiotaomicron": pytest.approx(440.0004428300),
        "g__Bacteroides.s__Bacteroides_stercoris": pytest.approx(379.1331776970),
    }
    assert p.names["PWY-7208"] == "superpathway of pyrimidine nucleobases salvage"
    assert p.totals["PWY-7208"] == pytest.approx(3.1634460239)
    assert p.strata["PWY-7208"] == {
        "g__Bacteroides.s__Bacteroides_thetaiotaomicron": pytest.approx(2.4482393111)
    }
    assert "UNMAPPED" not in p.totals and "UNINTEGRATED" not in p.totals


def test_pathway_coverage() -> None:
    (p,) = read_humann(HUMANN / "humann39_tests_demo_pathcoverage_with_names.tsv")
    assert p.sample_id == "HUMAnN_test"
    assert p.measure == "coverage" and p.unit is FunctionalUnit.COVERAGE
    assert p.totals["PWY0-1586"] == pytest.approx(0.6852995)
    assert p.strata["PWY0-1586"] == {"unclassified": pytest.approx(0.6695126)}


def test_joined_table_without_units_is_unknown() -> None:
    profiles = read_humann(HUMANN / "humann39_tests_multi_sample_genefamilies.tsv")
    assert [p.sample_id for p in profiles] == ["sample1", "sample2"]
    for p in profiles:
        assert p.unit is FunctionalUnit.UNKNOWN  # header '# Gene Family<TAB>sample1<TAB>sample2'
        assert "unit is unknown" in p.provenance.notes[0]
        assert p.totals["UniRef50_A3DKL1"] == pytest.approx(6.8027210884)
        assert p.strata["UniRef50_A3DKL1"] == {
            "g__Dialister.s__Dialister_invisus": pytest.approx(6.8027210884)}


@pytest.mark.parametrize(("name", "namespace", "feature"), [
    ("humann39_tests_regroup_uniref50_ec.tsv", "ec", "2.7.1.41"),
    ("humann39_tests_regroup_uniref50_ko.tsv", "ko", "K01838"),
    ("humann39_tests_regroup_uniref50_rxn.tsv", "metacyc_reaction", "BETA-PHOSPHOGLUCOMUTASE-RXN"),
])
def test_regrouped_tables(name: str, namespace: str, feature: str) -> None:
    s1, s2 = read_humann(HUMANN / name)
    assert (s1.sample_id, s2.sample_id) == ("Sample1", "Sample2")
    assert s1.namespace == namespace == s2.namespace
    assert (s1.totals[feature], s2.totals[feature]) == (30.0, 50.0)
    assert s1.strata[feature] == {"bug1": 15.0, "bug2": 15.0}


@pytest.mark.parametrize(("name", "unit", "a_value"), [
    ("humann39_tests_renorm_cpm.tsv", FunctionalUnit.CPM, 800000.0),
    ("humann39_tests_renorm_relab.tsv", FunctionalUnit.RELAB, 0.8),
])
def test_renormalised_tables_unit_from_sums(name: str, unit: FunctionalUnit, a_value: float) -> None:
    # humann_renorm_table without --update-snames keeps the header ('#\t1\t2'): the sums decide.
    first, _ = read_humann(HUMANN / name)
    assert first.unit is unit
    assert first.totals["A"] == a_value
    assert "sum to" in first.provenance.notes[0]


def test_header_unit_overruled_by_cpm_sums(tmp_path: Path) -> None:
    # A CPM table whose header still says -RPKs (renorm without --update-snames) is CPM.
    text = (HUMANN / "humann39_tests_renorm_cpm.tsv").read_text().splitlines()
    text[0] = "# Gene Family\tx_Abundance-RPKs\ty_Abundance-RPKs"
    path = tmp_path / "cpm.tsv"
    path.write_text("\n".join(text) + "\n")
    x, y = read_humann(path)
    assert (x.sample_id, x.unit) == ("x", FunctionalUnit.CPM)
    assert (y.sample_id, y.unit) == ("y", FunctionalUnit.CPM)


def test_real_run_output_strata_sum_to_totals() -> None:
    # HUMAnN 3.9 run here on its demo reads (README): gene-family strata sum to the community row.
    (p,) = read_humann(HUMANN / "run_humann39_demo_genefamilies.tsv")
    assert p.unit is FunctionalUnit.RPK and p.namespace == "uniref90"
    assert p.unmapped == 18395.0
    assert p.totals["UniRef90_G1UL42"] == pytest.approx(333.3333333333)
    assert p.contributors(["UniRef90_G1UL42"]) == {
        "g__Bacteroides.s__Bacteroides_dorei": pytest.approx(333.3333333333)}
    for feature, total in p.totals.items():
        assert sum(p.strata[feature].values()) == pytest.approx(total, rel=1e-8)
    species = {species_name(s) for strata in p.strata.values() for s in strata}
    assert species == {"Bacteroides dorei", "Bacteroides vulgatus"}


def test_species_names() -> None:
    assert species_name("g__Bacteroides.s__Bacteroides_dorei") == "Bacteroides dorei"
    assert species_name("s__Bacteroides_fragilis") == "Bacteroides fragilis"  # HUMAnN 2
    assert species_name("unclassified") == "unclassified"


def test_sample_id_renames_single_sample() -> None:
    (p,) = read_humann(HUMANN / "humann39_tests_demo_genefamilies.tsv", sample_id="S9")
    assert p.sample_id == "S9"


def test_sniffer() -> None:
    for path in HUMANN.glob("*.tsv"):
        # HUMAnN's renorm tool tests use bare ids ('A', 'D'): nothing marks them as HUMAnN.
        assert looks_like_humann(path) == ("renorm" not in path.name), path
    assert not looks_like_humann(EXAMPLE_PROFILE)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bad.tsv"
    path.write_text(text)
    return path


@pytest.mark.parametrize(("text", "line", "words"), [
    ("", None, "empty file"),
    ("UNMAPPED\t1.0\n", 1, "expected a HUMAnN header"),
    ("# Gene Family\tS_Abundance-RPKs\n", None, "no rows after the header"),
    ("# Gene Family\tS_Abundance-RPKs\nUNMAPPED\t1.0\nUniRef90_A\t2.0\t3.0\n", 3, "expected 2"),
    ("# Gene Family\tS_Abundance-RPKs\nUniRef90_A\tabc\n", 2, "expected a number"),
    ("# Gene Family\tS_Abundance-RPKs\nUniRef90_A\t-1\n", 2, "non-negative"),
    ("# Gene Family\tS_Abundance-RPKs\nUniRef90_A\t1\nUniRef90_A\t2\n", 3, "listed twice"),
    ("# Gene Family\tS_Abundance-RPKs\tS_Abundance-RPKs\nUniRef90_A\t1\t1\n", 1, "two columns"),
])
def test_malformed(tmp_path: Path, text: str, line: int | None, words: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(InputError) as caught:
        read_humann(path)
    assert caught.value.line == line
    assert words in str(caught.value)
    assert str(path) in str(caught.value)


def test_truncated_gzip(tmp_path: Path) -> None:
    import gzip

    data = gzip.compress((HUMANN / "humann39_tests_demo_genefamilies.tsv").read_bytes())
    path = tmp_path / "cut.tsv.gz"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match="damaged or truncated"):
        read_humann(path)


def test_humann4_layout() -> None:
    # Version and unit in the first header cell, bare sample column, READS_UNMAPPED, SGB strata
    # (layout of HUMAnN 4.0.0a2 outputs; values of these small files written by hand, README).
    (genes,) = read_humann(HUMANN / "format_humann4_2_genefamilies.tsv")
    assert (genes.sample_id, genes.unit, genes.namespace) == ("S4", FunctionalUnit.RPK, "uniref90")
    assert genes.provenance.tool_version == "4.0.0.alpha.2" and genes.provenance.tool == "HUMAnN 4"
    assert genes.unmapped == 1000.0
    assert genes.totals == {"UniRef90_A0A000": 10.0, "UniRef90_B0B000": 2.5,
                            "UniClust90_2091-XXXXXXXX_00001": 5.0}
    assert {species_name(s) for s in genes.strata["UniRef90_A0A000"]} == {
        "SGB1871 (unnamed)", "unclassified"}
    (reactions,) = read_humann(HUMANN / "format_humann4_3_reactions.tsv")
    assert reactions.namespace == "metacyc_reaction" and reactions.ungrouped == 600.0
    assert reactions.unit is FunctionalUnit.UNKNOWN  # '# Reaction HUMAnN v4.0.0.alpha.2<TAB>S4'
    (pathways,) = read_humann(HUMANN / "format_humann4_4_pathabundance.tsv")
    assert (pathways.sample_id, pathways.unit) == ("S4", FunctionalUnit.RPK)
    assert (pathways.unmapped, pathways.unintegrated) == (300.0, 250.0)


def test_humann4_unknown_unit_word(tmp_path: Path) -> None:
    path = _write(tmp_path, "# Gene Family HUMAnN v4.0.0 Furlongs\tS\nUniRef90_A\t1\n")
    with pytest.raises(InputError, match="unknown unit 'Furlongs'") as caught:
        read_humann(path)
    assert caught.value.line == 1
