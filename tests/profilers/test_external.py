"""MetaPhlAn 4 and Kraken 2 backends: command construction, database checks, real output parsing,
and a real Kraken 2 run on a tiny database built here from real genome fragments."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from microbiomix.cli import main
from microbiomix.errors import InputError
from microbiomix.profilers import Reads, RunOptions, profile_reads
from microbiomix.profilers.external import read_tool_output
from microbiomix.profilers.kraken2 import kraken2_command
from microbiomix.profilers.metaphlan import choose_index, metaphlan_command
from microbiomix.profilers.simulate import simulate_community
from microbiomix.profilers.writers import write_profile
from microbiomix.readers import read_profiles
from microbiomix.taxonomy import Rank

DATA = Path(__file__).parents[1] / "data"


def _reads(tmp_path: Path) -> tuple[Path, Path]:
    r1, r2 = tmp_path / "S_R1.fq", tmp_path / "S_R2.fq"
    r1.write_text("@a/1\nACGTACGTAA\n+\nIIIIIIIIII\n")
    r2.write_text("@a/2\nTTGCATGCAT\n+\nIIIIIIIIII\n")
    return r1, r2


def test_metaphlan_command_line(tmp_path: Path) -> None:
    r1, r2 = _reads(tmp_path)
    options = RunOptions("S", threads=2)
    command = metaphlan_command(
        "metaphlan",
        Reads(r1, r2),
        Path("/db"),
        "mpa_vJan25_CHOCOPhlAnSGB_202503",
        options,
        Path("out.txt"),
        Path("map.bz2"),
    )
    assert command == [
        "metaphlan",
        f"{r1},{r2}",
        "--input_type",
        "fastq",
        "--db_dir",
        "/db",
        "-x",
        "mpa_vJan25_CHOCOPhlAnSGB_202503",
        "--offline",
        "--nproc",
        "2",
        "--mapout",
        "map.bz2",
        "--sample_id",
        "S",
        "-o",
        "out.txt",
    ]


def test_metaphlan_database_missing_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    r1, r2 = _reads(tmp_path)
    empty = tmp_path / "mpa"
    empty.mkdir()
    out = tmp_path / "S.profile"
    code = main(
        ["profile", str(r1), str(r2), "--profiler", "metaphlan", "--db", str(empty), "-o", str(out)]
    )
    err = capsys.readouterr().err
    assert code == 2 and not out.exists()
    assert str(empty) in err and "metaphlan --install --db_dir" in err
    # A folder with the .pkl but no Bowtie 2 index is not a database either (MetaPhlAn's own test).
    (empty / "mpa_vJan25_CHOCOPhlAnSGB_202503.pkl").write_bytes(b"")
    with pytest.raises(InputError, match="expected an installed MetaPhlAn database"):
        choose_index(empty, None)
    (empty / "mpa_vJan25_CHOCOPhlAnSGB_202503.1.bt2l").write_bytes(b"")
    assert choose_index(empty, None) == "mpa_vJan25_CHOCOPhlAnSGB_202503"
    with pytest.raises(InputError, match="found mpa_vJan25_CHOCOPhlAnSGB_202503"):
        choose_index(empty, "mpa_vOct22_CHOCOPhlAnSGB_202212")


def test_metaphlan_real_output_is_read_with_provenance(tmp_path: Path) -> None:
    """A real MetaPhlAn profile (tests/data/metaphlan_kefir) as the backend reads its output."""
    real = sorted((DATA / "metaphlan_kefir").glob("*.txt"))
    real = next(p for p in real if "gmwi2" not in p.name)
    profile = read_tool_output(real, "metaphlan", "S", "4.2.5", "mpa_v30_CHOCOPhlAn_201901", "r.fq")
    assert profile.sample_id == "S"
    assert profile.provenance.tool_version == "4.2.5"
    assert profile.provenance.database == "mpa_v30_CHOCOPhlAn_201901"
    assert profile.provenance.source == "r.fq"
    assert profile.at_rank(Rank.SPECIES)


def test_kraken2_command_line(tmp_path: Path) -> None:
    r1, r2 = _reads(tmp_path)
    gz = tmp_path / "S.fq.gz"
    command = kraken2_command(
        "kraken2", Reads(r1, r2), Path("/k2"), RunOptions("S", threads=2), Path("rep.txt")
    )
    assert command[:10] == [
        "kraken2",
        "--db",
        "/k2",
        "--threads",
        "2",
        "--confidence",
        "0.0",
        "--report",
        "rep.txt",
        "--output",
    ]
    assert command[-3:] == ["--paired", str(r1), str(r2)]
    single = kraken2_command(
        "kraken2",
        Reads(gz),
        Path("/k2"),
        RunOptions("S", extra={"confidence": "0.1"}),
        Path("rep.txt"),
    )
    assert "--gzip-compressed" in single and "--paired" not in single
    assert single[single.index("--confidence") + 1] == "0.1"


def test_kraken2_database_missing_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    r1, _r2 = _reads(tmp_path)
    code = main(
        [
            "profile",
            str(r1),
            "--profiler",
            "kraken2",
            "--db",
            str(tmp_path),
            "-o",
            str(tmp_path / "x.profile"),
        ]
    )
    assert code == 2
    assert "expected a Kraken 2 database folder (missing hash.k2d, opts.k2d, taxo.k2d)" in (
        capsys.readouterr().err
    )


# Genome fragments of tests/data/genomes_small, their NCBI species taxids (genomes.tsv) and the
# NCBI taxids of their genera (Escherichia 561, Klebsiella 570, Staphylococcus 1279, Helicobacter
# 209) under Bacteria (2): Kraken 2.1.2 leaves the species rank code empty in its report when a
# species hangs directly under the root.
SMALL = {
    "Escherichia_coli_K-12_MG1655": ("Escherichia coli", 562, 561),
    "Klebsiella_pneumoniae_HS11286": ("Klebsiella pneumoniae", 573, 570),
    "Staphylococcus_aureus_N315": ("Staphylococcus aureus", 1280, 1279),
    "Helicobacter_pylori_F32": ("Helicobacter pylori", 210, 209),
}


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("kraken2-build") is None or shutil.which("art_illumina") is None,
    reason="needs Debian kraken2 and art-nextgen-simulation-tools (make test installs them)",
)
def test_kraken2_backend_on_a_tiny_real_database(tmp_path: Path, build_kraken2_db) -> None:
    import dnaio

    db = tmp_path / "k2db"
    nodes = [(2, 1, "superkingdom", "Bacteria")]
    sequences = {}
    for name, (species, taxid, genus) in SMALL.items():
        nodes += [(genus, 2, "genus", species.split()[0]), (taxid, genus, "species", species)]
        with dnaio.open(DATA / "genomes_small" / f"{name}.200kb.fa.gz") as reader:
            sequences[name] = (taxid, "".join(record.sequence for record in reader))
    fastas = build_kraken2_db(db, nodes, sequences)
    genomes = {fastas[name]: (species, 25.0) for name, (species, _, _) in SMALL.items()}
    community = simulate_community(genomes, 4_000, tmp_path / "reads" / "mix", seed=5)
    run = profile_reads(Reads(community.r1, community.r2), db, RunOptions("mix"), "kraken2")
    species = {lin.name: v for lin, v in run.profile.proportions(Rank.SPECIES).items()}
    assert set(species) == {s for s, _, _ in SMALL.values()}
    for name, share in community.truth.items():
        assert species[name] == pytest.approx(share, abs=0.05)
    assert run.tool == "Kraken 2" and run.parameters == {"confidence": "0.0"}
    out = tmp_path / "mix.profile"
    write_profile(run, out)
    back = read_profiles(out)[0]
    assert {lin.name for lin in back.at_rank(Rank.SPECIES)} == set(species)
    assert "@__program__:Kraken 2" in out.read_text()
