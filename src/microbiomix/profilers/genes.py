"""Resistance and virulence genes from reads: a gene database builder and a KMA-based caller.

Aligner: KMA (Clausen, Aarestrup & Lund 2018, BMC Bioinformatics 19:307,
doi:10.1186/s12859-018-2336-6), Debian package ``kma``. It is the aligner ResFinder 4 runs on raw
reads, it aligns reads directly against redundant gene collections and resolves reads shared by
near-identical alleles (ConClave) instead of splitting them, and it reports per template the
consensus identity, breadth of coverage and depth that the calls need, with no SAM post-processing.

Calls per gene (``GeneHit.call``):

* ``detected``: identity >= 90 % and coverage >= 90 % of the gene's length: SRST2's defaults
  (``--max_divergence 10``, ``--min_coverage 90``; Inouye et al. 2014, Genome Med 6:90,
  doi:10.1186/s13073-014-0090-6);
* ``partial``: identity >= 90 % and coverage >= 60 %: passes ResFinder 4's default thresholds
  (``--threshold 0.9``, ``--min_cov 0.6``; Bortolaia et al. 2020, doi:10.1093/jac/dkaa345) but not
  SRST2's: a gene fragment, a diverged variant, or a gene at too low a depth to be covered;
* ``not detected``: anything KMA aligned below those.

Identity is KMA's ``Query_Identity`` (identity of the aligned consensus), coverage its
``Template_Coverage`` capped at 100, depth its ``Depth`` (mean depth over the gene).
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from microbiomix import __version__
from microbiomix.errors import InputError, UsageError
from microbiomix.genecalls import GeneCalls, GeneHit
from microbiomix.profilers.external import find_executable, run_tool

MIN_IDENTITY = 90.0  # SRST2 --max_divergence 10 and ResFinder --threshold 0.9
MIN_COVERAGE_DETECTED = 90.0  # SRST2 --min_coverage 90
MIN_COVERAGE_PARTIAL = 60.0  # ResFinder 4 --min_cov 0.6
CLASS_TABLE = "pathogen_genes.tsv"
MANIFEST = "manifest.json"
GENES_TABLE = "genes.tsv"
INDEX_PREFIX = "kma"
_NUCLEOTIDES = re.compile(r"^[ACGTUNRYKMSWBDHVacgtunrykmswbdhv*-]*$")
_RESISTANCE_DB = re.compile(r"resfinder|card|ncbi|amr|arg|megares|resistance", re.IGNORECASE)
_VIRULENCE_DB = re.compile(r"vf|virulence|vfdb", re.IGNORECASE)
_GENE_COLUMNS = ("sequence_id", "database", "gene", "accession", "product", "category",
                 "gene_class", "group", "length")


@dataclass(frozen=True)
class ClassRule:
    pattern: re.Pattern[str]
    product: re.Pattern[str] | None
    category: str
    gene_class: str
    group: str


def class_rules() -> list[ClassRule]:
    """Rows of ``knowledge/pathogen_genes.tsv`` in order (first match wins)."""
    text = resources.files("microbiomix.knowledge").joinpath(CLASS_TABLE).read_text("utf-8")
    rows = csv.DictReader((ln for ln in text.splitlines() if not ln.startswith("#")),
                          delimiter="\t")
    return [ClassRule(re.compile(r["pattern"]),
                      re.compile(r["product"], re.IGNORECASE) if r["product"] else None,
                      r["category"], r["class"], r["group"]) for r in rows]


def parse_header(header: str, default_db: str) -> tuple[str, str, str, str]:
    """``DB~~~GENE~~~ACC~~~PRODUCT`` (abricate/ResFinder style) or ``ID description``
    -> (database, gene, accession, product)."""
    if "~~~" in header:
        parts = header.split("~~~", 3)
        parts += [""] * (4 - len(parts))
        database, gene, accession, product = (p.strip() for p in parts)
        return database or default_db, gene, accession, product
    ident, _, description = header.partition(" ")
    return default_db, ident, "", description.strip()


def classify(gene: str, product: str, database: str, rules: Sequence[ClassRule]) -> tuple[str, str, str]:
    """(category, class, group) of a gene from the class table, else from its collection's name."""
    for rule in rules:
        if rule.pattern.search(gene) and (rule.product is None or rule.product.search(product)):
            return rule.category, rule.gene_class, rule.group
    if _RESISTANCE_DB.search(database):
        phenotype = product.rsplit(" ", 1)[0] if " " in product else product
        return "resistance", phenotype.replace(";", ", ") or "resistance gene", ""
    if _VIRULENCE_DB.search(database):
        return "virulence", product or "virulence factor", ""
    return "other", product or "", ""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _read_fasta(path: Path) -> list[tuple[str, str, int]]:
    """(header, sequence, header line) of every record; InputError naming the line otherwise."""
    import gzip

    opener = gzip.open if path.suffix == ".gz" else open
    records: list[tuple[str, str, int]] = []
    header: str | None = None
    header_line = 0
    chunks: list[str] = []
    try:
        with opener(path, "rt", encoding="utf-8") as handle:
            for number, raw in enumerate(handle, start=1):
                line = raw.strip()
                if not line:
                    continue
                if line.startswith(">"):
                    if header is not None:
                        records.append((header, "".join(chunks), header_line))
                    header, header_line, chunks = line[1:].strip(), number, []
                    if not header:
                        raise InputError(path, number, "expected a FASTA header with a sequence name after '>'")
                    continue
                if header is None:
                    raise InputError(path, number, "expected a FASTA file starting with a '>' header line", line)
                if not _NUCLEOTIDES.match(line):
                    raise InputError(path, number, "expected a nucleotide sequence (A, C, G, T, N and IUPAC codes); protein FASTA is not supported", line)
                chunks.append(line)
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise InputError(path, None, f"cannot read the FASTA file ({exc})") from exc
    if header is not None:
        records.append((header, "".join(chunks), header_line))
    if not records:
        raise InputError(path, None, "expected a nucleotide FASTA file with at least one sequence")
    for head, seq, number in records:
        if not seq:
            raise InputError(path, number, "expected a sequence after this header", head)
    return records


def build_gene_database(fasta: str | Path, output: str | Path, name: str | None = None,
                        threads: int = 1) -> dict[str, object]:
    """Index a nucleotide gene FASTA for :func:`call_genes`; returns the manifest.

    ``output`` (a directory) is written complete or not at all (built beside it, then renamed).
    """
    fasta, output = Path(fasta), Path(output)
    if output.exists():
        raise UsageError(f"mmm db build-genes: {output} exists; choose a new output folder")
    kma = find_executable("kma", "the Debian package kma (apt-get install kma)")
    default_db = name or re.sub(r"\.(fasta|fa|fna|ffn)(\.gz)?$", "", fasta.name)
    records = _read_fasta(fasta)
    rules = class_rules()
    output.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{output.name}.", dir=output.parent))
    try:
        rows = []
        with (building / "genes.fasta").open("w", encoding="utf-8") as out:
            for number, (header, sequence, _) in enumerate(records, start=1):
                database, gene, accession, product = parse_header(header, default_db)
                category, gene_class, group = classify(gene, product, database, rules)
                sequence_id = f"g{number:06d}"  # KMA names templates by header: keep them plain
                out.write(f">{sequence_id}\n{sequence.upper().replace('U', 'T')}\n")
                rows.append((sequence_id, database, gene, accession, product, category,
                             gene_class, group, str(len(sequence))))
        with (building / GENES_TABLE).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
            writer.writerow(_GENE_COLUMNS)
            writer.writerows(rows)
        run_tool([kma, "index", "-i", str(building / "genes.fasta"),
                  "-o", str(building / INDEX_PREFIX)], "kma index")
        (building / "genes.fasta").unlink()
        version = run_tool([kma, "-v"], "kma").stdout.strip() or run_tool([kma, "-v"], "kma").stderr.strip()
        groups = sorted({r[7] for r in rows if r[7]})
        manifest: dict[str, object] = {
            "tool": "microbiomix", "kind": "gene_database", "microbiomix_version": __version__,
            "name": default_db, "source": str(fasta), "source_sha256": _sha256(fasta),
            "genes": len(rows), "groups_covered": groups,
            "categories": {c: sum(1 for r in rows if r[5] == c) for c in sorted({r[5] for r in rows})},
            "aligner": version, "class_table": CLASS_TABLE,
            "built": datetime.now(UTC).replace(microsecond=0).isoformat(),
        }
        (building / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
        os.replace(building, output)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return manifest


@dataclass(frozen=True)
class GeneDatabase:
    path: Path
    manifest: dict[str, object]
    genes: dict[str, dict[str, str]]

    @property
    def index(self) -> str:
        return str(self.path / INDEX_PREFIX)


def open_gene_database(path: str | Path) -> GeneDatabase:
    path = Path(path)
    manifest_path = path / MANIFEST
    if not manifest_path.is_file():
        raise InputError(path, None, "expected a gene database folder made by mmm db build-genes "
                         f"(no {MANIFEST} in it)")
    manifest = json.loads(manifest_path.read_text("utf-8"))
    with (path / GENES_TABLE).open(encoding="utf-8") as handle:
        genes = {row["sequence_id"]: row for row in csv.DictReader(handle, delimiter="\t")}
    return GeneDatabase(path, manifest, genes)


def _call(identity: float, coverage: float) -> str:
    if identity >= MIN_IDENTITY and coverage >= MIN_COVERAGE_DETECTED:
        return "detected"
    if identity >= MIN_IDENTITY and coverage >= MIN_COVERAGE_PARTIAL:
        return "partial"
    return "not detected"


def parse_kma_res(path: Path, database: GeneDatabase) -> list[GeneHit]:
    """KMA's ``.res`` table -> one GeneHit per template (gene database rows give the names)."""
    hits = []
    with path.open(encoding="utf-8") as handle:
        header = handle.readline().lstrip("#").rstrip("\n").split("\t")
        col = {name.strip(): i for i, name in enumerate(header)}
        for number, line in enumerate(handle, start=2):
            fields = line.rstrip("\n").split("\t")
            try:
                template = fields[col["Template"]].strip()
                identity = float(fields[col["Query_Identity"]])
                coverage = min(100.0, float(fields[col["Template_Coverage"]]))
                depth = float(fields[col["Depth"]])
            except (KeyError, IndexError, ValueError) as exc:
                raise InputError(path, number, f"expected a KMA .res row ({exc})", line) from exc
            row = database.genes.get(template.split(" ")[0])
            if row is None:
                raise InputError(path, number, "KMA reported a template not in the gene database "
                                 "(was the database rebuilt since?)", template)
            hits.append(GeneHit(
                gene=row["gene"], sequence_id=template, database=row["database"],
                accession=row["accession"], product=row["product"], category=row["category"],
                gene_class=row["gene_class"], group=row["group"], identity=round(identity, 2),
                coverage=round(coverage, 2), depth=round(depth, 3),
                call=_call(identity, coverage),  # type: ignore[arg-type]
            ))
    hits.sort(key=lambda h: (h.call != "detected", h.call != "partial", -h.depth))
    return hits


def call_genes(r1: str | Path, r2: str | Path | None, database: str | Path,
               sample_id: str | None = None, threads: int = 1) -> GeneCalls:
    """Align reads to a gene database with KMA and call each gene detected / partial / not."""
    if threads < 1:
        raise UsageError("mmm genes: --threads must be at least 1")
    db = open_gene_database(database)
    for reads in (r1, r2):
        if reads is not None and not Path(reads).is_file():
            raise UsageError(f"mmm genes: read file {reads} not found")
    kma = find_executable("kma", "the Debian package kma (apt-get install kma)")
    sample = sample_id or re.sub(r"(_R?1)?(_001)?\.(fastq|fq)(\.gz)?$", "", Path(r1).name)
    with tempfile.TemporaryDirectory(prefix="mmm-genes-") as work:
        prefix = Path(work) / "sample"
        reads_args = ["-ipe", str(r1), str(r2)] if r2 is not None else ["-i", str(r1)]
        # -1t1: each read (pair) to its single best template, so near-identical alleles of one
        # gene do not share reads; -nf/-na/-nc: only the .res table is needed.
        run_tool([kma, *reads_args, "-o", str(prefix), "-t_db", db.index, "-t", str(threads),
                  "-1t1", "-nf", "-na", "-nc"], "kma")
        hits = parse_kma_res(prefix.with_suffix(".res"), db)
    manifest = db.manifest
    method = (f"Reads aligned with {manifest.get('aligner', 'KMA')} (-1t1) to {manifest['genes']} "
              f"genes; detected = identity >= {MIN_IDENTITY:g}% and coverage >= "
              f"{MIN_COVERAGE_DETECTED:g}% (SRST2 defaults, Inouye et al. 2014); partial = "
              f"identity >= {MIN_IDENTITY:g}% and coverage >= {MIN_COVERAGE_PARTIAL:g}% "
              "(ResFinder 4 defaults, Bortolaia et al. 2020).")
    return GeneCalls(
        sample_id=sample,
        database=f"{manifest['name']} ({manifest['genes']} genes, {manifest['source']}, "
        f"sha256 {str(manifest['source_sha256'])[:12]})",
        groups_covered=tuple(manifest.get("groups_covered", ())),  # type: ignore[arg-type]
        hits=hits, method=method,
        thresholds={"min_identity": MIN_IDENTITY, "min_coverage_detected": MIN_COVERAGE_DETECTED,
                    "min_coverage_partial": MIN_COVERAGE_PARTIAL},
    )


def write_gene_table(calls: GeneCalls) -> str:
    """The TSV ``mmm genes -o`` writes: one row per aligned gene, with versions in a header."""
    columns = ("gene", "call", "identity", "coverage", "depth", "category", "class", "group",
               "database", "accession", "product", "sequence_id")
    lines = [
        f"# microbiomix {__version__} gene calls; sample {calls.sample_id}; database {calls.database}",
        f"# {calls.method}",
        "\t".join(columns),
    ]
    for h in calls.hits:
        lines.append("\t".join((h.gene, h.call, f"{h.identity:.2f}", f"{h.coverage:.2f}",
                                f"{h.depth:.3f}", h.category, h.gene_class, h.group, h.database,
                                h.accession, h.product, h.sequence_id)))
    return "\n".join(lines) + "\n"
