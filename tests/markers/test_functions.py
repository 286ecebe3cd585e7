"""Gene-based function markers: knowledge checked against HUMAnN's own name maps, arithmetic on
tables whose sums are worked out by hand (tests/data/humann/README.md)."""

from __future__ import annotations

import gzip
from importlib import resources
from pathlib import Path

import pytest

from microbiomix.functional import FunctionalUnit
from microbiomix.markers import registry as taxonomic_registry
from microbiomix.markers.functions import (
    answered,
    compute_function_markers,
    registry,
    unmeasured_hint,
)
from microbiomix.readers.humann import read_humann

HUMANN = Path(__file__).parents[1] / "data" / "humann"
MAPS = {
    "ec": "map_level4ec_name.txt.gz",
    "ko": "map_ko_name.txt.gz",
    "metacyc_reaction": "map_metacyc-rxn_name.txt.gz",
    "metacyc_pathway": "map_metacyc-pwy_name.txt.gz",
}


def test_every_id_and_name_is_in_humann_name_maps() -> None:
    pytest.importorskip("humann")  # the `functional` extra (humann==3.9)
    misc = resources.files("humann").joinpath("data", "misc")
    names = {}
    for namespace, filename in MAPS.items():
        with gzip.open(str(misc.joinpath(filename)), "rt") as handle:
            names[namespace] = dict(line.rstrip("\n").split("\t", 1) for line in handle
                                    if "\t" in line)
    checked = 0
    for spec in registry().values():
        for namespace, ids in spec.ids.items():
            for i in ids:
                assert names[namespace].get(i) == spec.names[i], (spec.id, namespace, i)
                checked += 1
    assert checked == 64  # every `{id: ...}` entry of functions.yaml


def test_specs_are_sourced_and_replace_existing_guilds() -> None:
    guilds = {i for i in taxonomic_registry() if i.startswith("guild_")}
    specs = registry()
    assert len(specs) == 13
    for spec in specs.values():
        assert spec.doi.startswith("10.") and f"doi:{spec.doi}" in spec.citation
        assert spec.caveat and spec.claim and spec.ids
        assert set(spec.replaces) <= guilds, spec.id


def test_constructed_ec_table_sums_and_carriers() -> None:
    # By hand from constructed_ec_cpm.tsv: but 30000 + buk 5000 = 35000 CPM; carriers
    # F. prausnitzii 20000/35000, C. butyricum 5000/35000, unclassified 10000/35000 (last).
    tables = read_humann(HUMANN / "constructed_ec_cpm.tsv")
    values = {v.spec.id: v for v in compute_function_markers(tables)}
    butyrate = values["fn_butyrate_terminal_genes"]
    assert butyrate.unit is FunctionalUnit.CPM and butyrate.namespace == "ec"
    assert butyrate.value == 35000.0 and butyrate.per_million == pytest.approx(35000.0)
    assert butyrate.ids_found == ("2.8.3.8", "2.7.2.7")
    assert [(c.name, c.share) for c in butyrate.carriers] == [
        ("Faecalibacterium prausnitzii", pytest.approx(20 / 35)),
        ("Clostridium butyricum", pytest.approx(5 / 35)),
        ("unclassified", pytest.approx(10 / 35)),
    ]
    gus = values["fn_beta_glucuronidase"]
    assert gus.value == 65000.0
    assert [c.name for c in gus.carriers] == ["Bacteroides ovatus", "Escherichia coli"]
    bsh = values["fn_bile_salt_hydrolase"]
    assert (bsh.value, bsh.ids_found, bsh.carriers) == (0.0, (), ())
    assert "not detected is not absent" in (bsh.note or "")
    # Markers without an EC list (butyrate pathways) are not measured from an EC table.
    assert "fn_butyrate_pathways" not in values


def test_constructed_ko_table_mucin_glycan_degradation() -> None:
    # By hand from constructed_ko_cpm.tsv: K01186 1000 + K01206 2500 + K12373 500 = 4000 CPM;
    # K13714 (3000, in GMM MF0103 but not in HUMAnN's KO map) and K00929 (butyrate) are not summed.
    # Carriers: B. thetaiotaomicron 2000/4000, A. muciniphila (1000 + 500)/4000, unclassified 500.
    values = {v.spec.id: v for v in compute_function_markers(
        read_humann(HUMANN / "constructed_ko_cpm.tsv"))}
    mucin = values["fn_mucin_glycan_degradation"]
    assert (mucin.namespace, mucin.unit) == ("ko", FunctionalUnit.CPM)
    assert mucin.value == 4000.0 and mucin.per_million == pytest.approx(4000.0)
    assert mucin.ids_found == ("K01186", "K12373", "K01206")
    assert [(c.name, c.share) for c in mucin.carriers] == [
        ("Bacteroides thetaiotaomicron", pytest.approx(0.5)),
        ("Akkermansia muciniphila", pytest.approx(0.375)),
        ("unclassified", pytest.approx(0.125)),
    ]
    assert mucin.spec.replaces == ()  # the mucolytic-specialist guild measures something else
    assert values["fn_butyrate_terminal_genes"].value == 3000.0


def test_real_pathway_table_has_no_butyrate_pathway() -> None:
    # HUMAnN's demo pathabundance (27 pathways, read by eye) holds none of the four butyrate ids.
    (table,) = read_humann(HUMANN / "humann39_tests_demo_pathabundance.tsv")
    (value,) = compute_function_markers([table], ["fn_butyrate_pathways"])
    assert value.unit is FunctionalUnit.RPK
    assert (value.value, value.per_million, value.ids_found) == (0.0, 0.0, ())
    assert "RPK is not normalised" in (value.note or "")


def test_rpk_per_million_uses_the_table_total(tmp_path: Path) -> None:
    # 2.7.2.7 = 10 RPK of a table totalling 10 + 30 + UNMAPPED 60 = 100 -> 100000 per million.
    path = tmp_path / "ec.tsv"
    path.write_text("# Gene Family\tS_Abundance-RPKs\nUNMAPPED\t60\n2.7.2.7\t10\n1.1.1.1\t30\n")
    (value,) = compute_function_markers(read_humann(path), ["fn_butyrate_terminal_genes"])
    assert value.value == 10.0 and value.per_million == pytest.approx(100000.0)
    assert "carriers are not known" in (value.note or "")


def test_coverage_and_gene_family_tables_are_not_summed() -> None:
    coverage = read_humann(HUMANN / "humann39_tests_demo_pathcoverage_with_names.tsv")
    genes = read_humann(HUMANN / "run_humann39_demo_genefamilies.tsv")
    assert compute_function_markers([*coverage, *genes]) == []
    assert "humann_regroup_table" in (unmeasured_hint(genes) or "")
    assert unmeasured_hint(read_humann(HUMANN / "constructed_ec_cpm.tsv")) is None


def test_answers_need_a_measuring_id(tmp_path: Path) -> None:
    # A KO table measures taurine (K03851) but has no cysteine id: cysteine H2S stays unanswered.
    path = tmp_path / "ko.tsv"
    path.write_text("# Gene Family\tS_Abundance-RPKs\nK03851\t4\nK01195\t2\n")
    values = compute_function_markers(read_humann(path))
    assert answered(values) == ["beta_glucuronidase"]
    ec = compute_function_markers(read_humann(HUMANN / "constructed_ec_cpm.tsv"))
    assert answered(ec) == ["beta_glucuronidase", "cysteine_h2s"]


def test_empty_table_measures_nothing() -> None:
    # HUMAnN 3.9's own run here wrote a pathway table with no pathway (README): not "not detected".
    (empty,) = read_humann(HUMANN / "run_humann39_demo_pathabundance.tsv")
    assert empty.totals == {} and "nothing can be measured" in empty.provenance.notes[-1]
    assert compute_function_markers([empty]) == []
    assert unmeasured_hint([empty]) is not None


def test_unknown_marker_id() -> None:
    with pytest.raises(ValueError, match="fn_nope"):
        compute_function_markers([], ["fn_nope"])


def test_humann4_reactions_per_million_and_sgb_carriers() -> None:
    # BETA-GLUCURONID-RXN 30 of a table totalling 30 + 20 + 10 + UNMAPPED 1000 + UNGROUPED 600
    # = 1660 -> 30 / 1660 * 1e6 per million; carriers SGB1871 20/30, B. ovatus 10/30.
    tables = read_humann(HUMANN / "format_humann4_3_reactions.tsv")
    (gus,) = compute_function_markers(tables, ["fn_beta_glucuronidase"])
    assert gus.value == 30.0 and gus.per_million == pytest.approx(30 / 1660 * 1e6)
    assert [(c.name, c.share) for c in gus.carriers] == [
        ("SGB1871 (unnamed)", pytest.approx(2 / 3)), ("Bacteroides ovatus", pytest.approx(1 / 3))]
    assert "unit is unknown" in (gus.note or "")
