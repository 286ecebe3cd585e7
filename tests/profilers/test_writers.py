"""Profile writers: both output formats read back by the project's readers, numbers intact."""

from __future__ import annotations

from pathlib import Path

import pytest

from microbiomix.profile import Profile, Provenance, add_ancestors
from microbiomix.profilers import ProfilerRun
from microbiomix.profilers.writers import write_profile
from microbiomix.readers import detect_format, read_profiles
from microbiomix.readers.fastq import QCSummary
from microbiomix.taxonomy import Lineage, Rank, TaxonomySystem

# Hand-made lineages (names only have to be consistent for a round trip).
A = Lineage(("Bacteria", "P1", "C1", "O1", "F1", "G1", "G1 alpha"))
B = Lineage(("Bacteria", "P1", "C1", "O1", "F1", "G1", "G1 beta"))
C = Lineage(("Bacteria", "P2", "C2", "O2", "F2", "G2", "G2 gamma"))


def _run() -> ProfilerRun:
    leaves = {A: 30.0, B: 20.0, C: 12.5}
    profile = Profile(
        "S1",
        add_ancestors(leaves),
        37.5,
        Provenance(format="fastq", tool="sourmash", taxonomy=TaxonomySystem.NCBI),
    )
    qc = QCSummary(files=["r1.fq"], paired=False, reads=10, bases=1500)
    return ProfilerRun(
        profile, qc, "sourmash", "4.9.4", "db (id abc)", {"ksize": "31"}, taxids={A: "11", B: "12"}
    )


@pytest.mark.parametrize(("fmt", "reader"), [("cami", "cami"), ("metaphlan", "metaphlan")])
def test_written_profile_reads_back(tmp_path: Path, fmt: str, reader: str) -> None:
    out = tmp_path / "S1.profile"
    write_profile(_run(), out, fmt)
    assert detect_format(out) == reader
    back = read_profiles(out)[0]
    species = {lin.name: v for lin, v in back.at_rank(Rank.SPECIES).items()}
    assert species == pytest.approx({"G1 alpha": 30.0, "G1 beta": 20.0, "G2 gamma": 12.5})
    genera = {lin.name: v for lin, v in back.at_rank(Rank.GENUS).items()}
    assert genera == pytest.approx({"G1": 50.0, "G2": 12.5})
    assert back.unknown == pytest.approx(37.5)


def test_cami_rows_carry_taxids_where_known(tmp_path: Path) -> None:
    out = tmp_path / "S1.profile"
    write_profile(_run(), out)
    rows = [ln.split("\t") for ln in out.read_text().splitlines() if ln and ln[0].isdigit()]
    assert ["11", "species", "||||||11", "Bacteria|P1|C1|O1|F1|G1|G1 alpha", "30.000000"] in rows
