"""HUMAnN 3.9 run for real, offline, on the demo reads and demo databases its PyPI package ships,
and its output read back. Expected values are those of the first such run here, written into
tests/data/humann/run_humann39_demo_genefamilies.tsv (README); bowtie2 is deterministic."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from microbiomix.functional import FunctionalUnit
from microbiomix.markers.functions import compute_function_markers, unmeasured_hint
from microbiomix.readers.humann import read_humann


@pytest.mark.slow
def test_humann_demo_run_reads_back(tmp_path: Path) -> None:
    humann = pytest.importorskip("humann")
    bin_dir = Path(sys.executable).parent
    if not (bin_dir / "humann").exists() or not shutil.which("bowtie2"):
        pytest.skip("humann (extra `functional`) or bowtie2 not installed")
    if not shutil.which("glpsol"):
        pytest.skip("glpsol (Debian glpk-utils, in the Makefile's SYSTEM_PACKAGES) not installed")
    reads = Path(humann.__file__).parent / "tests" / "data" / "demo.fastq"
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    # No MetaPhlAn prescreen (its database is not here) and no translated search (DIAMOND and
    # UniRef are not needed for the nucleotide tier): all of chocophlan_DEMO is searched.
    subprocess.run(
        [str(bin_dir / "humann"), "--input", str(reads), "--output", str(tmp_path),
         "--bypass-prescreen", "--bypass-translated-search", "--threads", "1",
         "--remove-temp-output"],
        check=True, env=env, capture_output=True, timeout=1200,
    )
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
