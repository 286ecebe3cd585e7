"""HUMAnN 3.9 run for real, offline, on the demo reads and demo databases its PyPI package ships,
and its output read back. Expected values are those of the first such run here, written into
tests/data/humann/run_humann39_demo_genefamilies.tsv (README); bowtie2 is deterministic."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from microbiomix.errors import UsageError
from microbiomix.functional import FunctionalUnit
from microbiomix.markers.functions import compute_function_markers, unmeasured_hint
from microbiomix.pipeline import build_report, reads_to_functions
from microbiomix.readers.humann import read_humann

KEFIR = Path(__file__).parents[1] / "data" / "metaphlan_kefir" / "Subj001_time1_S1.metaphlan3.txt"


@pytest.mark.slow
def test_humann_demo_run_reads_back(tmp_path: Path) -> None:
    humann = pytest.importorskip("humann")
    bin_dir = Path(sys.executable).parent
    if not (bin_dir / "humann").exists() or not shutil.which("bowtie2"):
        pytest.skip("humann (extra `functional`) or bowtie2 not installed")
    if not shutil.which("glpsol"):
        pytest.skip("glpsol (Debian glpk-utils, in the Makefile's SYSTEM_PACKAGES) not installed")
    reads = Path(humann.__file__).parent / "tests" / "data" / "demo.fastq"
    # No MetaPhlAn prescreen (its database is not here) and no translated search (DIAMOND and
    # UniRef are not needed for the nucleotide tier): all of chocophlan_DEMO is searched.
    tables = reads_to_functions([reads], tmp_path, "demo", threads=1, bypass_prescreen=True,
                                bypass_translated_search=True)
    assert [t.name for t in tables] == [
        "demo_genefamilies.tsv", "demo_pathabundance.tsv", "demo_pathcoverage.tsv"]
    (genes,) = read_humann(tmp_path / "demo_genefamilies.tsv")
    assert genes.sample_id == "demo" and genes.unit is FunctionalUnit.RPK
    assert genes.namespace == "uniref90"
    assert genes.unmapped == 18395.0
    assert len(genes.totals) == 572
    assert genes.totals["UniRef90_G1UL42"] == pytest.approx(333.3333333333)
    assert set(genes.contributors(genes.totals)) == {
        "g__Bacteroides.s__Bacteroides_dorei", "g__Bacteroides.s__Bacteroides_vulgatus"}
    # The PyPI package lacks HUMAnN's gene-to-reaction map (metacyc_reactions_level4ec_only.uniref),
    # so no pathway is reported offline; the table still reads, with its special rows.
    (pathways,) = read_humann(tmp_path / "demo_pathabundance.tsv")
    assert pathways.totals == {} and pathways.unmapped == 0.0
    assert compute_function_markers([genes]) == []
    assert "humann_regroup_table" in (unmeasured_hint([genes]) or "")
    report = build_report(KEFIR, functions=tables)
    assert report.functions is not None and report.functions.entries == []
    assert "humann_regroup_table" in (report.functions.hint or "")
    assert [t.unmapped for t in report.functions.tables] == [18395.0, 0.0, 1.0]


def test_humann_backend_refuses_bad_reads(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="reads file not found"):
        reads_to_functions([tmp_path / "missing.fq"], tmp_path, "S")
    plain = tmp_path / "a.fq"
    plain.write_text("@r\nACGT\n+\nIIII\n")
    packed = tmp_path / "b.fq.gz"
    import gzip

    packed.write_bytes(gzip.compress(plain.read_bytes()))
    with pytest.raises(UsageError, match="both mates gzip-compressed or both plain"):
        reads_to_functions([plain, packed], tmp_path, "S")
