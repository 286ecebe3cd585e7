"""sourmash backend on reads simulated with ART from real genomes held out of the database."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from microbiomix.cli import main
from microbiomix.profilers import Reads, RunOptions, profile_reads
from microbiomix.profilers.evaluation import species_accuracy
from microbiomix.profilers.simulate import Community
from microbiomix.profilers.sourmash import sketch_reads
from microbiomix.readers import read_profiles
from microbiomix.taxonomy import Rank, TaxonomySystem


def _reads_options(community: Community, db: Path, out: Path, sample: str) -> list[str]:
    """``mmm profile`` / ``mmm run`` options for the test community (10 kb gather threshold)."""
    return [
        str(community.r1), str(community.r2), "--db", str(db), "-o", str(out),
        "--sample-id", sample, "--threshold-bp", "10000", "--quiet",
    ]


@pytest.mark.slow
def test_species_accuracy_with_held_out_strains(
    community: Community, example_db: Path, tmp_path: Path
) -> None:
    """Targets of issue 6 (Bray-Curtis <= 0.15, precision >= 0.95, recall >= 0.9 above 0.5%).

    30k pairs instead of the benchmark's 500k, so the gather threshold is lowered from sourmash's
    50 kb to 10 kb: the held-out H. pylori strain shares only ~18% of its k-mers with the database
    strain, and at 2% of 30k pairs that overlap is ~15 kb (benchmarks/ runs 500k at the default).
    """
    out = tmp_path / "s1.profile"
    assert main(["profile", *_reads_options(community, example_db, out, "s1")]) == 0
    profile = read_profiles(out)[0]
    accuracy = species_accuracy(community.truth, profile)
    assert accuracy.bray_curtis <= 0.15, accuracy
    assert accuracy.precision >= 0.95, accuracy
    assert accuracy.recall >= 0.9, accuracy
    # Every species was found through a different strain: strains aggregate to species.
    assert set(accuracy.predicted) == set(community.truth)
    # Truth per species is the share of simulated pairs, counted from ART's output.
    assert sum(community.pairs_by_genome.values()) == pytest.approx(30_000, rel=0.01)


def test_profile_round_trips_through_the_cami_reader(
    community: Community, example_db: Path, tmp_path: Path
) -> None:
    reads = Reads(community.r1, community.r2)
    run = profile_reads(reads, example_db, RunOptions("mix", extra={"threshold_bp": "20000"}))
    out = tmp_path / "mix.profile"
    assert (
        main(
            [
                "profile",
                str(community.r1),
                str(community.r2),
                "--db",
                str(example_db),
                "-o",
                str(out),
                "--threshold-bp",
                "20000",
                "--quiet",
            ]
        )
        == 0
    )
    text = out.read_text()
    back = read_profiles(out)[0]
    assert back.provenance.format == "cami"
    assert back.provenance.tool == "sourmash"
    assert "@SampleID:community\n" in text  # sample id from the R1 file name
    # Species names in TAXPATHSN, percentages of the whole sample, unknown is the rest.
    written = {lin.name: v for lin, v in back.at_rank(Rank.SPECIES).items()}
    computed = {lin.name: v for lin, v in run.profile.at_rank(Rank.SPECIES).items()}
    assert written == pytest.approx(computed, abs=1e-6)
    assert back.unknown == pytest.approx(run.profile.unknown, abs=1e-5)
    # Provenance: tool, version, database, parameters in the header.
    import sourmash

    assert f"@__program_version__:{sourmash.VERSION}" in text
    assert "@__database__:microbiomix-example-genomes (id " in text
    assert '"threshold_bp": "20000"' in text and '"ksize": "31"' in text
    assert "@__schema_version__:" in text
    assert "562\tspecies\t||||||562\t||||||Escherichia coli\t" in text
    # Genomes tied to NCBI taxids have NCBI species names: markers may use them.
    assert run.profile.provenance.taxonomy is TaxonomySystem.NCBI
    assert back.provenance.taxonomy is TaxonomySystem.NCBI


def test_one_pass_sketch_equals_sourmash_sketch(community: Community, tmp_path: Path) -> None:
    """Our QC+sketch pass gives exactly the sketch of `sourmash sketch dna` on the same reads."""
    import sourmash

    minhash, accumulator = sketch_reads(Reads(community.r1, community.r2), 31, 1000, quiet=True)
    sig = tmp_path / "cli.sig"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "sourmash",
            "sketch",
            "dna",
            "-p",
            "k=31,scaled=1000,abund",
            str(community.r1),
            str(community.r2),
            "--name",
            "x",
            "-o",
            str(sig),
        ],
        capture_output=True,
        check=True,
    )
    reference = next(iter(sourmash.load_file_as_signatures(str(sig)))).minhash
    assert minhash.hashes == reference.hashes
    assert accumulator.summary.reads == 2 * sum(community.pairs_by_genome.values())


def test_metaphlan_format_needs_lineages(
    community: Community, example_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.txt"
    code = main(
        [
            "profile",
            str(community.r1),
            "--db",
            str(example_db),
            "-o",
            str(out),
            "--format",
            "metaphlan",
            "--quiet",
        ]
    )
    assert code == 2 and not out.exists()
    assert "full lineages" in capsys.readouterr().err


def test_bare_sourmash_database_with_lineage_csv(
    community: Community, example_db: Path, tmp_path: Path
) -> None:
    """A published-style database: a sourmash zip plus its lineage CSV, used as is."""
    zipped = example_db / "genomes.sig.zip"
    lineages = example_db / "taxonomy.csv"
    out = tmp_path / "bare.profile"
    assert (
        main(
            [
                "profile",
                str(community.r1),
                str(community.r2),
                "--db",
                str(zipped),
                "--taxonomy",
                str(lineages),
                "-o",
                str(out),
                "--quiet",
            ]
        )
        == 0
    )
    direct = tmp_path / "dir.profile"
    assert (
        main(
            [
                "profile",
                str(community.r1),
                str(community.r2),
                "--db",
                str(example_db),
                "-o",
                str(direct),
                "--quiet",
            ]
        )
        == 0
    )
    a = read_profiles(out)[0].at_rank(Rank.SPECIES)
    b = read_profiles(direct)[0].at_rank(Rank.SPECIES)
    assert {k.name: v for k, v in a.items()} == pytest.approx({k.name: v for k, v in b.items()})


@pytest.mark.slow
def test_run_writes_profile_qc_markers_and_report(
    community: Community, example_db: Path, tmp_path: Path
) -> None:
    import json

    out = tmp_path / "run"
    assert main(["run", *_reads_options(community, example_db, out, "S9")]) == 0
    qc = json.loads((out / "S9.qc.json").read_text())
    assert qc["qc"]["reads"] == 2 * sum(community.pairs_by_genome.values())
    assert qc["qc"]["paired"] is True
    markers = json.loads((out / "S9.markers.json").read_text())
    richness = markers["samples"][0]["markers"]["richness"]["value"]
    assert richness == len(community.truth)
    report = (out / "S9.report.html").read_text()
    assert "<html" in report.lower() and "Escherichia coli" in report
