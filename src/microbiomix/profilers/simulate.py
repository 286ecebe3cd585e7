"""Simulated communities with known truth, for measuring profiler accuracy.

Reads are simulated with ART (Huang et al. 2012, Bioinformatics 28:593, doi:10.1093/bioinformatics/btr708;
Debian ``art-nextgen-simulation-tools``, command ``art_illumina``) using its built-in Illumina HiSeq 2500
error profile, seeded so runs are reproducible. Each genome gets read pairs in proportion to its
requested abundance; the truth is the share of simulated read pairs per species, counted from the
files ART wrote.
"""

from __future__ import annotations

import gzip
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import dnaio

from microbiomix.errors import InputError, UsageError

ART = "art_illumina"


@dataclass(frozen=True)
class Community:
    """What was simulated: the read files and the truth.

    Attributes:
        r1, r2: gzip FASTQ files of mates 1 and 2.
        pairs_by_genome: simulated read pairs per genome file name.
        truth: species -> share of read pairs (sums to 1).
    """

    r1: Path
    r2: Path
    pairs_by_genome: dict[str, int]
    truth: dict[str, float]


def genome_length(path: Path) -> int:
    total = 0
    with dnaio.open(path, fileformat="fasta") as reader:
        for record in reader:
            total += len(record.sequence)
    if total == 0:
        raise InputError(path, None, "expected a FASTA genome with sequence")
    return total


def art_command(
    genome: Path, prefix: Path, fold: float, seed: int, read_length: int, fragment_mean: int
) -> list[str]:
    return [
        ART,
        "-ss",
        "HS25",
        "-i",
        str(genome),
        "-p",
        "-l",
        str(read_length),
        "-f",
        f"{fold:.6f}",
        "-m",
        str(fragment_mean),
        "-s",
        "10",
        "-rs",
        str(seed),
        "-na",
        "-q",
        "-o",
        str(prefix),
    ]


def simulate_community(
    genomes: Mapping[Path, tuple[str, float]],
    pairs: int,
    output_prefix: Path,
    seed: int = 1,
    read_length: int = 150,
    fragment_mean: int = 400,
) -> Community:
    """Simulate ``pairs`` read pairs from genomes at the given abundances.

    Args:
        genomes: genome FASTA (plain or compressed) -> (species, abundance weight).
        pairs: total read pairs wanted (the achieved number is within rounding of it).
        output_prefix: writes ``<prefix>_R1.fastq.gz`` and ``<prefix>_R2.fastq.gz``.
        seed: ART's random seed (each genome gets ``seed + index``).

    Raises:
        UsageError: ``art_illumina`` is not installed.
    """
    if shutil.which(ART) is None:
        raise UsageError(f"{ART} not found (Debian package art-nextgen-simulation-tools)")
    weights = sum(weight for _, weight in genomes.values())
    if weights <= 0:
        raise UsageError("abundance weights must sum to more than 0")
    r1 = output_prefix.with_name(output_prefix.name + "_R1.fastq.gz")
    r2 = output_prefix.with_name(output_prefix.name + "_R2.fastq.gz")
    r1.parent.mkdir(parents=True, exist_ok=True)
    pairs_by_genome: dict[str, int] = {}
    species_pairs: dict[str, int] = {}
    with (
        tempfile.TemporaryDirectory(prefix="mmm-art-") as tmp,
        gzip.open(r1, "wb", compresslevel=1) as out1,
        gzip.open(r2, "wb", compresslevel=1) as out2,
    ):
        for index, (genome, (species, weight)) in enumerate(genomes.items()):
            plain = Path(tmp) / f"genome{index}.fa"
            length = 0
            with (
                dnaio.open(genome, fileformat="fasta") as reader,
                dnaio.open(plain, mode="w", fileformat="fasta") as writer,
            ):
                for record in reader:
                    length += len(record.sequence)
                    writer.write(record)
            wanted = pairs * weight / weights
            fold = wanted * 2 * read_length / length
            prefix = Path(tmp) / f"reads{index}_"
            command = art_command(plain, prefix, fold, seed + index, read_length, fragment_mean)
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                raise UsageError(f"{ART} failed on {genome}: {done.stderr.strip()[-200:]}")
            count = 0
            for mate, out in ((1, out1), (2, out2)):
                with open(f"{prefix}{mate}.fq", "rb") as handle:
                    shutil.copyfileobj(handle, out)
            with dnaio.open(f"{prefix}1.fq") as reader:
                for _ in reader:
                    count += 1
            pairs_by_genome[genome.name] = count
            species_pairs[species] = species_pairs.get(species, 0) + count
    total = sum(species_pairs.values())
    truth = {name: count / total for name, count in species_pairs.items()}
    return Community(r1=r1, r2=r2, pairs_by_genome=pairs_by_genome, truth=truth)
