"""The example genomes used to test and benchmark the profilers, found where Debian installs them.

Twelve complete genomes of five species (public NCBI records) ship in Debian's example-data
packages ``ragout-examples`` (2.3-4), ``kleborate-examples`` (2.3.1-2) and ``sibelia-examples``
(3.0.7+dfsg-3) under ``/usr/share/doc/``; the project's shared data folder holds the same files
(``../shared/data/genomes``, with ``genomes.tsv``). :func:`example_genomes` finds each one in either
place and writes it as plain FASTA into a folder, with a taxonomy table for ``mmm db build``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import dnaio

from microbiomix.errors import UsageError

DEBIAN_DOC = Path("/usr/share/doc")
DEBIAN_PACKAGES = ("ragout-examples", "kleborate-examples", "sibelia-examples")


@dataclass(frozen=True)
class ExampleGenome:
    """One genome: shared-data file name, species, strain, NCBI species taxid, Debian location.

    ``record`` selects one record (0-based) of a multi-genome Debian file.
    """

    name: str
    species: str
    strain: str
    taxid: str
    debian: str
    record: int | None = None


# Source: ../shared/data/genomes/genomes.tsv (file, species, strain, ncbi_species_taxid, source).
GENOMES = (
    ExampleGenome(
        "Escherichia_coli_K-12_MG1655",
        "Escherichia coli",
        "K-12 MG1655",
        "562",
        "ragout/examples/E.Coli/references/MG1655-K12.fasta.gz",
    ),
    ExampleGenome(
        "Escherichia_coli_DH1",
        "Escherichia coli",
        "DH1",
        "562",
        "ragout/examples/E.Coli/references/DH1.fasta.gz",
    ),
    ExampleGenome(
        "Klebsiella_pneumoniae_HS11286",
        "Klebsiella pneumoniae",
        "HS11286",
        "573",
        "kleborate/examples/data/Klebs_HS11286.fna.xz",
    ),
    ExampleGenome(
        "Klebsiella_pneumoniae_NTUH-K2044",
        "Klebsiella pneumoniae",
        "NTUH-K2044",
        "573",
        "kleborate/examples/data/NTUH-K2044.fna.xz",
    ),
    ExampleGenome(
        "Klebsiella_pneumoniae_MGH_78578",
        "Klebsiella pneumoniae",
        "MGH 78578",
        "573",
        "kleborate/examples/data/MGH78578.fna.xz",
    ),
    ExampleGenome(
        "Vibrio_cholerae_O1_El_Tor_N16961",
        "Vibrio cholerae",
        "O1 biovar El Tor N16961",
        "666",
        "ragout/examples/V.Cholerae/references/O1_biovar.fasta.gz",
    ),
    ExampleGenome(
        "Vibrio_cholerae_O395",
        "Vibrio cholerae",
        "O395",
        "666",
        "ragout/examples/V.Cholerae/references/O395.fasta.gz",
    ),
    ExampleGenome(
        "Staphylococcus_aureus_NCTC_8325",
        "Staphylococcus aureus",
        "NCTC 8325",
        "1280",
        "sibelia/examples/C-Sibelia/Staphylococcus_aureus/NCTC8325.fasta.gz",
    ),
    ExampleGenome(
        "Staphylococcus_aureus_USA300_FPR3757",
        "Staphylococcus aureus",
        "USA300_FPR3757",
        "1280",
        "ragout/examples/S.Aureus/references/USA300_FPR3757.fasta.gz",
    ),
    ExampleGenome(
        "Staphylococcus_aureus_N315",
        "Staphylococcus aureus",
        "N315",
        "1280",
        "ragout/examples/S.Aureus/references/N315.fasta.gz",
    ),
    ExampleGenome(
        "Helicobacter_pylori_F32",
        "Helicobacter pylori",
        "F32",
        "210",
        "sibelia/examples/Sibelia/Helicobacter_pylori/Helicobacter_pylori.fasta.gz",
        0,
    ),
    ExampleGenome(
        "Helicobacter_pylori_Gambia94-24",
        "Helicobacter pylori",
        "Gambia94/24",
        "210",
        "sibelia/examples/Sibelia/Helicobacter_pylori/Helicobacter_pylori.fasta.gz",
        1,
    ),
)
BY_NAME = {g.name: g for g in GENOMES}


def shared_genomes_folder() -> Path:
    """``../shared/data/genomes`` beside the repository (or ``$MICROBIOMIX_GENOMES``)."""
    if "MICROBIOMIX_GENOMES" in os.environ:
        return Path(os.environ["MICROBIOMIX_GENOMES"])
    return Path(__file__).resolve().parents[3].parent / "shared" / "data" / "genomes"


def source_of(genome: ExampleGenome) -> tuple[Path, int | None]:
    """Where the genome is: the Debian file (and record) first, else the shared-data copy."""
    debian = DEBIAN_DOC / genome.debian
    if debian.is_file():
        return debian, genome.record
    shared = shared_genomes_folder() / f"{genome.name}.fasta.gz"
    if shared.is_file():
        return shared, None
    raise UsageError(
        f"example genome {genome.name} not found: install the Debian packages "
        f"{' '.join(DEBIAN_PACKAGES)} (or provide ../shared/data/genomes)"
    )


def available() -> bool:
    try:
        for genome in GENOMES:
            source_of(genome)
    except UsageError:
        return False
    return True


def write_genome(genome: ExampleGenome, folder: Path) -> Path:
    """Write one genome as plain FASTA ``<folder>/<name>.fasta`` (kept if already there)."""
    target = folder / f"{genome.name}.fasta"
    if target.is_file():
        return target
    source, record = source_of(genome)
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".{genome.name}.partial"
    with (
        dnaio.open(source, fileformat="fasta") as reader,
        dnaio.open(partial, mode="w", fileformat="fasta") as writer,
    ):
        for index, entry in enumerate(reader):
            if record is None or index == record:
                writer.write(entry)
    partial.replace(target)
    return target


def example_genomes(names: list[str], folder: Path) -> dict[str, Path]:
    """The named genomes as plain FASTA files in ``folder``, by name."""
    return {name: write_genome(BY_NAME[name], folder) for name in names}


def write_taxonomy_table(names: list[str], path: Path) -> Path:
    """A taxonomy TSV (file, species, strain, taxid) for ``mmm db build`` over written genomes."""
    lines = ["file\tspecies\tstrain\ttaxid"]
    for name in names:
        genome = BY_NAME[name]
        lines.append(f"{genome.name}.fasta\t{genome.species}\t{genome.strain}\t{genome.taxid}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# The reference database of the accuracy tests and benchmarks holds these strains ...
DATABASE_GENOMES = [
    "Escherichia_coli_K-12_MG1655",
    "Klebsiella_pneumoniae_HS11286",
    "Klebsiella_pneumoniae_MGH_78578",
    "Vibrio_cholerae_O1_El_Tor_N16961",
    "Staphylococcus_aureus_NCTC_8325",
    "Staphylococcus_aureus_USA300_FPR3757",
    "Helicobacter_pylori_F32",
]
# ... and reads are simulated from other strains of the same species (held out of the database),
# so every species must be found through a different strain. Weights are percent of read pairs.
COMMUNITY = {
    "Escherichia_coli_DH1": 40.0,
    "Klebsiella_pneumoniae_NTUH-K2044": 27.0,
    "Staphylococcus_aureus_N315": 18.0,
    "Vibrio_cholerae_O395": 13.0,
    "Helicobacter_pylori_Gambia94-24": 2.0,
}


def community_genomes(folder: Path) -> dict[Path, tuple[str, float]]:
    """The held-out community as ``simulate_community`` input (genomes written into ``folder``)."""
    paths = example_genomes(list(COMMUNITY), folder)
    return {paths[name]: (BY_NAME[name].species, weight) for name, weight in COMMUNITY.items()}


def build_example_database(folder: Path, output: Path, quiet: bool = True) -> Path:
    """Write the database genomes into ``folder`` and build the example database at ``output``."""
    from microbiomix.profilers.database import build_database

    example_genomes(DATABASE_GENOMES, folder)
    table = write_taxonomy_table(DATABASE_GENOMES, folder / "database-genomes.tsv")
    build_database(folder, table, output, name="microbiomix-example-genomes", quiet=quiet)
    return output
