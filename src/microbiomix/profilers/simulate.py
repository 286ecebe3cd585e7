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


def spike_genes(background: Path, genes: Mapping[str, str], output: Path) -> Path:
    """Write ``background`` (a genome FASTA) with each gene sequence inserted into its first
    record, evenly spaced, so reads simulated from it carry the genes at the genome's depth.

    Args:
        genes: name -> nucleotide sequence.
        output: plain FASTA written here (one record, the spiked genome).
    """
    with dnaio.open(background, fileformat="fasta") as reader:
        first = next(iter(reader), None)
    if first is None:
        raise InputError(background, None, "expected a FASTA genome with sequence")
    sequence = first.sequence
    step = len(sequence) // (len(genes) + 1)
    if step < 1000:
        raise UsageError(f"{background} is too short to hold {len(genes)} genes 1 kb apart")
    parts, start = [], 0
    for index, gene in enumerate(genes.values(), start=1):
        cut = index * step
        parts += [sequence[start:cut], gene]
        start = cut
    parts.append(sequence[start:])
    output.parent.mkdir(parents=True, exist_ok=True)
    with dnaio.open(output, mode="w", fileformat="fasta") as writer:
        writer.write(dnaio.SequenceRecord(f"{first.name} spiked with {len(genes)} genes",
                                          "".join(parts)))
    return output


def simulate_reads(genome: Path, depth: float, output_prefix: Path, seed: int = 1,
                   read_length: int = 150, fragment_mean: int = 400) -> tuple[Path, Path]:
    """Paired reads from one plain FASTA genome at ``depth`` (fold coverage) with ART."""
    if shutil.which(ART) is None:
        raise UsageError(f"{ART} not found (Debian package art-nextgen-simulation-tools)")
    output_prefix.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="mmm-art-") as tmp:
        prefix = Path(tmp) / "reads_"
        command = art_command(genome, prefix, depth, seed, read_length, fragment_mean)
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise UsageError(f"{ART} failed on {genome}: {done.stderr.strip()[-200:]}")
        mates = []
        for mate in (1, 2):
            target = output_prefix.with_name(f"{output_prefix.name}_R{mate}.fastq.gz")
            with open(f"{prefix}{mate}.fq", "rb") as handle, gzip.open(target, "wb", compresslevel=1) as out:
                shutil.copyfileobj(handle, out)
            mates.append(target)
    return mates[0], mates[1]
