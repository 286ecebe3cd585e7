"""Reference databases for the sourmash backend: build from genomes, describe, open.

A microbiomix database is a directory::

    DB/
      microbiomix-db.json   what it is: k-mer size, scaled, genomes, species, tool versions, id
      genomes.sig.zip       one sourmash FracMinHash sketch per genome (a standard sourmash zip)
      taxonomy.csv          sourmash lineage CSV (ident, superkingdom, ..., species, strain)

Both data files are plain sourmash files, so ``sourmash gather`` and ``sourmash tax`` can use them
directly. A published sourmash database (for example a GTDB zip with its lineage CSV) can be used as
is: pass the ``.zip`` as the database and its lineage CSV as taxonomy (:func:`open_database`).

The taxonomy table given to :func:`build_database` is tab separated with a header naming at least
``file`` (a genome FASTA, plain or compressed, relative to the genome folder) and ``species``;
optional ``taxid`` (or ``ncbi_species_taxid``), ``strain`` and ``lineage`` (``d__...;p__...;s__...``
or ``k__...|...|s__...``).
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dnaio
from tqdm import tqdm

from microbiomix import SCHEMA_VERSION, __version__
from microbiomix.errors import InputError, UsageError
from microbiomix.outputs import atomic_writer, write_json
from microbiomix.readers.text import numbered_lines
from microbiomix.taxonomy import Lineage, Rank, parse_lineage

MANIFEST = "microbiomix-db.json"
SIGNATURES = "genomes.sig.zip"
TAXONOMY = "taxonomy.csv"
DEFAULT_KSIZE = 31
DEFAULT_SCALED = 1000
# sourmash lineage CSV columns (sourmash tax ``--taxonomy`` format).
LINEAGE_COLUMNS = ("superkingdom", "phylum", "class", "order", "family", "genus", "species")


@dataclass(frozen=True)
class GenomeEntry:
    """One genome of the taxonomy table."""

    ident: str
    file: str
    species: str
    lineage: Lineage
    taxid: str | None = None
    strain: str | None = None


@dataclass
class Database:
    """An opened reference database.

    Attributes:
        path: what the user named.
        signatures: the sourmash sketch collection.
        lineages: ident -> species-level (or deeper) lineage.
        taxids: ident -> NCBI species taxid where known.
        ksize, scaled: the sketch parameters.
        name: a short description for provenance; ``identity`` a content hash.
        manifest: the microbiomix manifest (empty for a bare sourmash database).
    """

    path: Path
    signatures: Path
    lineages: dict[str, Lineage]
    taxids: dict[str, str]
    ksize: int
    scaled: int
    name: str
    identity: str
    manifest: dict[str, Any] = field(default_factory=dict)

    def lineage_of(self, match_name: str) -> Lineage | None:
        """The lineage of a sourmash match, by its first name token (version suffix optional)."""
        ident = match_name.split(" ", 1)[0]
        if ident in self.lineages:
            return self.lineages[ident]
        return self.lineages.get(ident.rsplit(".", 1)[0])

    def describe(self) -> str:
        return f"{self.name} (id {self.identity}, k={self.ksize}, scaled={self.scaled})"


def _column(header: list[str], *names: str) -> int | None:
    for name in names:
        if name in header:
            return header.index(name)
    return None


def read_taxonomy_table(path: Path) -> list[GenomeEntry]:
    """Parse the genome taxonomy TSV.

    Raises:
        InputError: missing columns, empty or duplicate values, a lineage that does not end in the
            row's species.
    """
    entries: list[GenomeEntry] = []
    header: list[str] | None = None
    seen: dict[str, int] = {}
    for number, line in numbered_lines(path):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if header is None:
            header = [h.strip() for h in fields]
            for required in ("file", "species"):
                if required not in header:
                    raise InputError(path, number, f"expected a {required!r} column", line)
            continue
        if len(fields) < len(header):
            fields += [""] * (len(header) - len(fields))
        row = dict(zip(header, (f.strip() for f in fields), strict=False))
        file, species = row["file"], row["species"]
        if not file or not species:
            raise InputError(path, number, "expected a file name and a species name", line)
        ident = _ident(file)
        if ident in seen:
            raise InputError(
                path, number, f"genome listed twice (first on line {seen[ident]})", file
            )
        seen[ident] = number
        lineage = _lineage(path, number, species, row.get("lineage", ""))
        taxid_col = _column(header, "taxid", "ncbi_species_taxid")
        taxid = fields[taxid_col].strip() if taxid_col is not None else ""
        if taxid and not taxid.isdigit():
            raise InputError(path, number, "expected a numeric taxid", taxid)
        entries.append(
            GenomeEntry(
                ident=ident,
                file=file,
                species=species,
                lineage=lineage,
                taxid=taxid or None,
                strain=row.get("strain") or None,
            )
        )
    if header is None or not entries:
        raise InputError(path, None, "expected a header line and at least one genome")
    return entries


def _ident(file: str) -> str:
    """Signature identifier from a genome file name (no spaces; sourmash uses the first token)."""
    name = Path(file).name
    for suffix in (".gz", ".xz", ".bz2", ".fasta", ".fna", ".fa", ".fas"):
        name = name.removesuffix(suffix)
    return name.replace(" ", "_")


def _lineage(path: Path, number: int, species: str, text: str) -> Lineage:
    if not text:
        names: list[str | None] = [None] * Rank.SPECIES + [species]
        return Lineage(tuple(names))
    try:
        lineage = parse_lineage(text)
    except ValueError as exc:
        raise InputError(path, number, f"expected a lineage ({exc})", text) from None
    if lineage.rank == Rank.SPECIES and lineage.name != species:
        raise InputError(path, number, f"expected the lineage to end in {species!r}", text)
    if lineage.rank < Rank.SPECIES:
        padded = list(lineage.names) + [None] * (Rank.SPECIES - lineage.rank - 1) + [species]
        return Lineage(tuple(padded))
    return lineage.truncated(Rank.SPECIES)


def sketch_genome(path: Path, ksize: int, scaled: int) -> Any:
    """A FracMinHash sketch of every sequence in a FASTA file (plain, gz, xz or bz2)."""
    from sourmash import MinHash

    minhash = MinHash(n=0, ksize=ksize, scaled=scaled)
    count = 0
    try:
        with dnaio.open(path, fileformat="fasta") as reader:
            for count, record in enumerate(reader, start=1):
                minhash.add_sequence(record.sequence, force=True)
    except dnaio.FileFormatError as exc:
        raise InputError(path, None, f"expected a FASTA genome ({exc})") from None
    except (EOFError, OSError) as exc:
        raise InputError(
            path, None, f"cannot read genome: compressed file damaged ({exc})"
        ) from None
    except UnicodeDecodeError:
        raise InputError(
            path, None, f"expected a FASTA genome (text); record {count + 1} is not text"
        ) from None
    if count == 0 or len(minhash) == 0:
        raise InputError(path, None, "expected a FASTA genome with sequence; found none")
    return minhash


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def build_database(
    genomes: Path,
    taxonomy: Path,
    output: Path,
    ksize: int = DEFAULT_KSIZE,
    scaled: int = DEFAULT_SCALED,
    name: str | None = None,
    quiet: bool = False,
) -> dict[str, Any]:
    """Sketch every genome of the taxonomy table into a new database directory.

    Returns:
        The manifest written to ``output/microbiomix-db.json``.

    Raises:
        InputError: a genome is missing or unreadable, or the table is malformed.
    """
    import sourmash
    from sourmash import SourmashSignature
    from sourmash.sourmash_args import SaveSignaturesToLocation

    from microbiomix.profilers import progress_disabled

    if ksize < 1 or scaled < 1:
        raise UsageError(f"k-mer size and scaled must be positive (got k={ksize}, scaled={scaled})")
    if not genomes.is_dir():
        raise InputError(genomes, None, "expected a folder of genome FASTA files (--genomes)")
    entries = read_taxonomy_table(taxonomy)
    for entry in entries:
        if not (genomes / entry.file).is_file():
            raise InputError(taxonomy, None, f"genome file {entry.file!r} not found in {genomes}")
    created = not output.exists()
    output.mkdir(parents=True, exist_ok=True)
    signatures = output / SIGNATURES
    partial = output / f".{SIGNATURES}.partial.zip"
    partial.unlink(missing_ok=True)
    total_hashes = 0
    try:
        with SaveSignaturesToLocation(str(partial)) as save:
            for entry in tqdm(
                entries, desc="sketching genomes", unit="genome", disable=progress_disabled(quiet)
            ):
                minhash = sketch_genome(genomes / entry.file, ksize, scaled)
                total_hashes += len(minhash)
                label = " ".join(x for x in (entry.ident, entry.species, entry.strain or "") if x)
                save.add(SourmashSignature(minhash, name=label, filename=entry.file))
    except BaseException:  # a bad genome or Ctrl-C: leave no partial file or new empty folder
        partial.unlink(missing_ok=True)
        if created and not any(output.iterdir()):
            output.rmdir()
        raise
    partial.replace(signatures)
    with atomic_writer(output / TAXONOMY) as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["ident", *LINEAGE_COLUMNS, "strain", "taxid"])
        for entry in entries:
            names = [entry.lineage.at(Rank(r)) or "" for r in range(Rank.SPECIES + 1)]
            writer.writerow([entry.ident, *names, entry.strain or "", entry.taxid or ""])
    species: dict[str, int] = {}
    for entry in entries:
        species[entry.species] = species.get(entry.species, 0) + 1
    manifest: dict[str, Any] = {
        "tool": "microbiomix",
        "microbiomix_version": __version__,
        "schema_version": SCHEMA_VERSION,
        "kind": "sourmash",
        "name": name or output.name,
        "created": datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat(),
        "sourmash_version": sourmash.VERSION,
        "ksize": ksize,
        "scaled": scaled,
        "moltype": "DNA",
        "signatures": SIGNATURES,
        "taxonomy": TAXONOMY,
        "signatures_sha256": _sha256(signatures),
        "genomes": len(entries),
        "hashes": total_hashes,
        "species": dict(sorted(species.items())),
        "source_taxonomy_table": str(taxonomy),
    }
    write_json(output / MANIFEST, manifest)
    return manifest


def read_lineage_csv(path: Path) -> tuple[dict[str, Lineage], dict[str, str]]:
    """A sourmash lineage CSV (``ident`` plus rank columns) -> lineages and taxids by ident."""
    lineages: dict[str, Lineage] = {}
    taxids: dict[str, str] = {}
    header: list[str] | None = None
    for number, line in numbered_lines(path):
        if not line.strip():
            continue
        fields = next(csv.reader([line]))
        if header is None:
            header = [h.strip().lower() for h in fields]
            missing = [c for c in ("ident", "species") if c not in header]
            if missing and not ("identifiers" in header and "species" in header):
                raise InputError(
                    path,
                    number,
                    "expected a sourmash lineage CSV with ident and species columns",
                    line,
                )
            continue
        row = dict(zip(header, fields, strict=False))
        ident = (row.get("ident") or row.get("identifiers") or "").strip()
        names: list[str | None] = []
        for column in LINEAGE_COLUMNS:
            value = (row.get(column) or "").strip()
            if value[1:3] == "__":  # GTDB lineage CSVs carry prefixes (s__Escherichia coli)
                value = value[3:]
            names.append(value or None)
        if not ident or names[-1] is None:
            raise InputError(path, number, "expected an ident and a species name", line)
        lineages[ident] = Lineage(tuple(names))
        if row.get("taxid"):
            taxids[ident] = row["taxid"].strip()
    if not lineages:
        raise InputError(path, None, "expected at least one lineage row")
    return lineages, taxids


def open_database(path: Path, taxonomy: Path | None = None) -> Database:
    """Open a microbiomix database directory, or a bare sourmash database with its lineage CSV.

    Raises:
        InputError: the path is neither, or its files are missing.
    """
    path = Path(path)
    if path.is_dir():
        manifest_path = path / MANIFEST
        if not manifest_path.is_file():
            raise InputError(
                path, None, f"expected a microbiomix database directory with {MANIFEST}"
            )
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise InputError(manifest_path, None, f"expected JSON ({exc})") from None
        for key in ("signatures", "taxonomy", "ksize", "scaled"):
            if key not in manifest:
                raise InputError(manifest_path, None, f"expected a {key!r} entry")
        signatures = path / manifest["signatures"]
        if not signatures.is_file():
            raise InputError(signatures, None, "database sketches missing")
        lineages, taxids = read_lineage_csv(taxonomy or path / manifest["taxonomy"])
        return Database(
            path=path,
            signatures=signatures,
            lineages=lineages,
            taxids=taxids,
            ksize=int(manifest["ksize"]),
            scaled=int(manifest["scaled"]),
            name=str(manifest.get("name", path.name)),
            identity=str(manifest.get("signatures_sha256", ""))[:16],
            manifest=manifest,
        )
    if path.is_file():
        if taxonomy is None:
            raise InputError(
                path, None, "a bare sourmash database needs its lineage CSV (--taxonomy)"
            )
        lineages, taxids = read_lineage_csv(taxonomy)
        ksize, scaled = _sketch_parameters(path)
        return Database(
            path=path,
            signatures=path,
            lineages=lineages,
            taxids=taxids,
            ksize=ksize,
            scaled=scaled,
            name=path.name,
            identity=_sha256(path)[:16],
        )
    raise InputError(path, None, "database not found")


def _sketch_parameters(path: Path) -> tuple[int, int]:
    """k-mer size and scaled of a sourmash database (DNA sketches; the smallest k if several)."""
    import sourmash

    try:
        index = sourmash.load_file_as_index(str(path))
        found = sorted(
            {
                (sig.minhash.ksize, sig.minhash.scaled)
                for sig in index.signatures()
                if sig.minhash.moltype == "DNA" and sig.minhash.scaled
            }
        )
    except (ValueError, OSError) as exc:
        raise InputError(path, None, f"expected a sourmash database ({exc})") from None
    if not found:
        raise InputError(path, None, "expected DNA FracMinHash (scaled) sketches")
    return found[0]


def describe(database: Database) -> dict[str, Any]:
    """What ``mmm db info`` prints."""
    species: dict[str, int] = {}
    for lineage in database.lineages.values():
        species[lineage.name] = species.get(lineage.name, 0) + 1
    info: dict[str, Any] = {
        "path": str(database.path),
        "name": database.name,
        "id": database.identity,
        "kind": database.manifest.get("kind", "sourmash (bare)"),
        "ksize": database.ksize,
        "scaled": database.scaled,
        "genomes": len(database.lineages),
        "species_count": len(species),
        "species": dict(sorted(species.items())),
    }
    for key in ("created", "microbiomix_version", "sourmash_version", "hashes"):
        if key in database.manifest:
            info[key] = database.manifest[key]
    return info


def summary_lines(info: dict[str, Any], limit: int = 50) -> Sequence[str]:
    lines = [f"{key}: {info[key]}" for key in info if key != "species"]
    lines.append("species (genomes):")
    for i, (name, count) in enumerate(info["species"].items()):
        if i >= limit:
            lines.append(f"  ... and {len(info['species']) - limit} more")
            break
        lines.append(f"  {name}\t{count}")
    return lines
