"""sourmash backend: FracMinHash sketch of the reads, ``sourmash gather``, species summed from genomes.

Method (Irber et al. 2022, "Lightweight compositional analysis of metagenomes with FracMinHash and
minimum metagenome covers", bioRxiv doi:10.1101/2022.01.11.475838; sourmash: Brown & Irber 2016,
JOSS doi:10.21105/joss.00027):

1. one pass over the reads (dnaio) computes the read QC and a k-mer FracMinHash sketch with
   abundances (``sourmash sketch dna -p k=K,scaled=S,abund`` gives the same sketch);
2. ``sourmash gather`` finds the minimum set of database genomes covering the sketch;
3. each genome's ``f_unique_weighted`` (its share of the sample's abundance-weighted k-mers) is summed
   into its species and every ancestor rank, as ``sourmash tax metagenome`` does. The remainder
   (k-mers matching no genome: sequencing errors, organisms missing from the database) is reported
   as unknown.

Strains of one species share most k-mers, so a strain missing from the database is matched by its
closest relatives of the same species and still counted at species rank.
"""

from __future__ import annotations

import csv
import subprocess
import sys
import tempfile
from pathlib import Path

from tqdm import tqdm

from microbiomix.errors import InputError, UsageError
from microbiomix.profile import Profile, Provenance, add_ancestors
from microbiomix.profilers import ProfilerRun, Reads, RunOptions, progress_disabled
from microbiomix.profilers.database import Database, open_database
from microbiomix.readers.fastq import QCAccumulator, read_chunks
from microbiomix.taxonomy import Lineage, TaxonomySystem, guess_system

# sourmash gather's own default (sourmash gather --help: --threshold-bp, default 50 kb).
DEFAULT_THRESHOLD_BP = 50_000


def sourmash_command() -> list[str]:
    """The sourmash command line of the running Python environment."""
    return [sys.executable, "-m", "sourmash"]


def sketch_reads(
    reads: Reads, ksize: int, scaled: int, quiet: bool = False
) -> tuple[object, QCAccumulator]:
    """Read QC and an abundance-tracking FracMinHash sketch in one pass.

    Reads are joined with ``N`` before hashing: ``add_sequence(force=True)`` skips every k-mer
    containing ``N``, so the sketch is exactly the union of the per-read sketches.
    """
    from sourmash import MinHash

    minhash = MinHash(n=0, ksize=ksize, scaled=scaled, track_abundance=True)
    accumulator = QCAccumulator([str(f) for f in reads.files], paired=reads.r2 is not None)
    with tqdm(
        desc="sketching reads", unit=" reads", unit_scale=True, disable=progress_disabled(quiet)
    ) as bar:
        for chunk in read_chunks(reads.r1, reads.r2):
            accumulator.add(chunk)
            minhash.add_sequence("N".join(chunk.sequences()), force=True)
            bar.update(len(chunk) * (2 if chunk.r2 is not None else 1))
    if accumulator.summary.reads == 0:
        raise InputError(reads.r1, None, "expected at least one FASTQ record; the file is empty")
    return minhash, accumulator


def gather_command(query: Path, database: Database, threshold_bp: int, output: Path) -> list[str]:
    return [
        *sourmash_command(),
        "gather",
        str(query),
        str(database.signatures),
        "-k",
        str(database.ksize),
        "--dna",
        "--scaled",
        str(database.scaled),
        "--threshold-bp",
        str(threshold_bp),
        "-o",
        str(output),
        "-q",
    ]


def read_gather_csv(path: Path) -> list[dict[str, str]]:
    """Rows of a ``sourmash gather -o`` CSV (empty when the file is absent: no matches)."""
    if not path.is_file():
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for number, row in enumerate(rows, start=2):
        for column in ("name", "f_unique_weighted"):
            if column not in row:
                raise InputError(path, 1, f"expected a sourmash gather CSV with a {column} column")
        try:
            float(row["f_unique_weighted"])
        except ValueError:
            raise InputError(path, number, "expected a number for f_unique_weighted") from None
    return rows


def species_abundances(rows: list[dict[str, str]], database: Database) -> dict[Lineage, float]:
    """Percent of the sample per species: gather's ``f_unique_weighted`` summed over genomes."""
    species: dict[Lineage, float] = {}
    for row in rows:
        lineage = database.lineage_of(row["name"])
        if lineage is None:
            raise InputError(
                database.path,
                None,
                f"database genome {row['name']!r} has no lineage in the taxonomy",
            )
        species[lineage] = species.get(lineage, 0.0) + 100.0 * float(row["f_unique_weighted"])
    return species


def species_taxids(rows: list[dict[str, str]], database: Database) -> dict[Lineage, str]:
    taxids: dict[Lineage, str] = {}
    for row in rows:
        ident = row["name"].split(" ", 1)[0]
        lineage = database.lineage_of(row["name"])
        if lineage is not None and ident in database.taxids:
            taxids[lineage] = database.taxids[ident]
    return taxids


def version() -> str:
    import sourmash

    return str(sourmash.VERSION)


class SourmashBackend:
    name = "sourmash"
    description = "sourmash FracMinHash sketch + gather (default)"

    def version(self) -> str:
        return version()

    def run(self, reads: Reads, database: Path, options: RunOptions) -> ProfilerRun:
        from sourmash import SourmashSignature
        from sourmash.sourmash_args import SaveSignaturesToLocation

        db = open_database(database, _optional_path(options.extra.get("taxonomy")))
        threshold = int(options.extra.get("threshold_bp", DEFAULT_THRESHOLD_BP))
        minhash, accumulator = sketch_reads(reads, db.ksize, db.scaled, options.quiet)
        with tempfile.TemporaryDirectory(prefix="mmm-sourmash-") as tmp:
            query = Path(tmp) / "query.sig.zip"
            with SaveSignaturesToLocation(str(query)) as save:
                save.add(SourmashSignature(minhash, name=options.sample_id))
            output = Path(tmp) / "gather.csv"
            command = gather_command(query, db, threshold, output)
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                last = (done.stderr.strip().splitlines() or ["no message"])[-1]
                raise UsageError(f"sourmash gather failed (exit {done.returncode}): {last}")
            rows = read_gather_csv(output)
        species = species_abundances(rows, db)
        assigned = sum(species.values())
        provenance = Provenance(
            format="fastq",
            tool="sourmash",
            tool_version=version(),
            database=db.describe(),
            taxonomy=_taxonomy_system(species, db),
            source=", ".join(str(f) for f in reads.files),
        )
        profile = Profile(
            sample_id=options.sample_id,
            abundances=add_ancestors(species),
            unknown=max(0.0, 100.0 - assigned),
            provenance=provenance,
        )
        parameters = {
            "ksize": str(db.ksize),
            "scaled": str(db.scaled),
            "abundance": "yes",
            "threshold_bp": str(threshold),
            "abundance_measure": "sum of gather f_unique_weighted per species",
        }
        command[command.index(str(query))] = "<reads sketch>"
        command[command.index(str(output))] = "<gather.csv>"
        return ProfilerRun(
            profile=profile,
            qc=accumulator.summary,
            tool="sourmash",
            tool_version=version(),
            database=db.describe(),
            parameters=parameters,
            commands=[["sourmash", *command[3:]]],
            taxids=species_taxids(rows, db),
        )


def _optional_path(text: str | None) -> Path | None:
    return Path(text) if text else None


def _taxonomy_system(species: dict[Lineage, float], db: Database) -> TaxonomySystem:
    """GTDB or NCBI from the names; species-only names count as NCBI when the database ties its
    genomes to NCBI taxids (the names then are NCBI species names)."""
    system = guess_system(species)
    if system is TaxonomySystem.UNKNOWN and db.taxids:
        return TaxonomySystem.NCBI
    return system
