"""sylph outputs: ``sylph-tax`` MetaPhlAn-like profiles (GTDB) and raw ``sylph profile`` tables.

sylph-tax (github.com/bluenote-1577/sylph-tax) writes one file per sample::

    #SampleID	<reads file>
    clade_name	relative_abundance	sequence_abundance	ANI (if strain-level)	Coverage (if strain-level)
    d__Bacteria	99.9998	99.9998	NA	NA
    d__Bacteria|p__Pseudomonadota	51.064	55.6076	NA	NA

``relative_abundance`` is sylph's taxonomic (coverage-normalised) abundance in percent; sylph does
not estimate an unclassified fraction. ``sylph profile`` itself (sylph wiki, "Output format") writes
one row per detected genome with ``Sample_file, Genome_file, Taxonomic_abundance, ...``; it carries
no taxonomy, so its taxa are genome files (taxonomy system UNKNOWN), or, when every row names the
same Genome_file (a database sketched from one multi-genome FASTA with ``-i``), the first word of
each row's Contig_name.
"""

from __future__ import annotations

from pathlib import Path

from microbiomix.errors import InputError
from microbiomix.profile import Profile, Provenance
from microbiomix.readers import ProfileFormat, default_sample_id, register, single_sample
from microbiomix.readers.text import (
    Head,
    check_unknown,
    collect_abundances,
    lineage_or_error,
    numbered_lines,
    parse_number,
)
from microbiomix.taxonomy import Lineage, Rank, TaxonomySystem, guess_system

_TAX_HEADER = ("clade_name", "relative_abundance", "sequence_abundance")
_RAW_REQUIRED = ("Sample_file", "Genome_file", "Taxonomic_abundance")
_UNASSIGNED = {"unclassified", "unknown", "UNKNOWN", "UNCLASSIFIED"}


def _fields(line: str) -> list[str]:
    return [f.strip() for f in line.split("\t")]


def _sniff_tax(head: Head) -> bool:
    data = head.data_lines()
    return bool(data) and tuple(_fields(data[0])[:3]) == _TAX_HEADER


def _read_tax(path: Path, sample_id: str | None) -> list[Profile]:
    header: list[str] | None = None
    reads_file: str | None = None
    rows: list[tuple[int, Lineage, float]] = []
    unknown: float | None = None
    for number, line in numbered_lines(path):
        if not line.strip():
            continue
        if line.startswith("#"):
            fields = _fields(line[1:])
            if fields[0] == "SampleID" and len(fields) > 1:
                reads_file = fields[1]
            continue
        fields = _fields(line)
        if header is None:
            if tuple(fields[:3]) != _TAX_HEADER:
                raise InputError(
                    path, number, "expected the sylph-tax header " + " ".join(_TAX_HEADER), line
                )
            header = fields
            continue
        if len(fields) != len(header):
            raise InputError(
                path, number, f"expected {len(header)} tab-separated columns like the header", line
            )
        value = parse_number(path, number, fields[1], "relative_abundance")
        parse_number(path, number, fields[2], "sequence_abundance")
        if fields[0] in _UNASSIGNED:
            unknown = check_unknown(path, number, unknown, value)
            continue
        rows.append((number, lineage_or_error(path, number, fields[0]), value))
    if header is None:
        raise InputError(
            path, None, "expected a sylph-tax profile (clade_name header); the file is empty"
        )
    abundances = collect_abundances(path, rows)
    system = guess_system(abundances)
    notes = []
    if unknown is None:
        notes.append(
            "sylph abundances are relative to the detected genomes; no unclassified fraction"
        )
    provenance = Provenance(
        format="sylph-tax",
        tool="sylph (sylph-tax)",
        taxonomy=system if system is not TaxonomySystem.UNKNOWN else TaxonomySystem.GTDB,
        database=None,
        source=str(path),
        notes=tuple(notes) + ((f"reads: {reads_file}",) if reads_file else ()),
    )
    return single_sample(path, sample_id, abundances, unknown, provenance)


register(
    ProfileFormat(
        name="sylph-tax",
        description="sylph-tax MetaPhlAn-like profile (clade_name, relative_abundance, sequence_abundance)",
        sniff=_sniff_tax,
        read=_read_tax,
        versions=("sylph-tax output on the CAMI gastrointestinal toy samples (GTDB names)",),
        example="clade_name\trelative_abundance\tsequence_abundance\tANI (if strain-level)\tCoverage (if strain-level)",
    )
)


# --- raw sylph profile ---------------------------------------------------------------------------


def _sniff_raw(head: Head) -> bool:
    data = head.data_lines()
    return bool(data) and all(column in _fields(data[0]) for column in _RAW_REQUIRED)


def _sample_name(reads_file: str) -> str:
    name = Path(reads_file).name
    return name.split(".", 1)[0] or name


def _read_raw(path: Path, sample_id: str | None) -> list[Profile]:
    header: list[str] | None = None
    samples: dict[str, list[tuple[int, str, str, float]]] = {}
    for number, line in numbered_lines(path):
        if not line.strip():
            continue
        fields = line.split("\t")
        if header is None:
            header = _fields(line)
            missing = [c for c in _RAW_REQUIRED if c not in header]
            if missing:
                raise InputError(
                    path, number, "expected sylph profile columns " + ", ".join(missing), line
                )
            continue
        if len(fields) != len(header):
            raise InputError(
                path, number, f"expected {len(header)} tab-separated columns like the header", line
            )
        sample = fields[header.index("Sample_file")].strip()
        genome = fields[header.index("Genome_file")].strip()
        if not sample or not genome:
            raise InputError(path, number, "expected Sample_file and Genome_file values", line)
        value = parse_number(
            path, number, fields[header.index("Taxonomic_abundance")], "Taxonomic_abundance"
        )
        contig = fields[header.index("Contig_name")].strip() if "Contig_name" in header else ""
        samples.setdefault(sample, []).append((number, genome, contig, value))
    if header is None:
        raise InputError(path, None, "expected a sylph profile table; the file is empty")
    profiles = []
    names = {s: _sample_name(s) for s in samples}
    if len(set(names.values())) != len(names):
        names = {s: s for s in samples}
    for sample, rows in samples.items():
        profiles.append(_raw_profile(path, rows, (sample_id or default_sample_id(path)) if len(samples) == 1 else names[sample]))
    return profiles


def _raw_profile(path: Path, rows: list[tuple[int, str, str, float]], name: str) -> Profile:
    """One sample of a raw sylph table; taxa are genomes (their files, or first contigs).

    A database sketched from one multi-genome FASTA (``sylph sketch -i``) gives every row the
    same Genome_file; its genomes are then told apart by Contig_name (first word).
    """
    files = [genome for _, genome, _, _ in rows]
    by_contig = len(set(files)) != len(files)
    taxa = []
    for number, genome, contig, value in rows:
        label = genome
        if by_contig:
            if not contig:
                raise InputError(path, number, "expected a Contig_name (Genome_file repeats)")
            label = contig.split()[0]
        taxa.append((number, Lineage((None,) * Rank.STRAIN + (label,)), value))
    provenance = Provenance(
        format="sylph",
        tool="sylph profile",
        taxonomy=TaxonomySystem.UNKNOWN,
        source=str(path),
        notes=(
            (
                "raw sylph profile: taxa are genomes without taxonomy; run sylph-tax to "
                "name them before computing taxon-based markers"
            ),
            "sylph abundances are relative to the detected genomes; no unclassified fraction",
        )
        + (("genomes named by their first contig (one database file holds them all)",) if by_contig else ()),
    )
    return Profile(name, collect_abundances(path, taxa), None, provenance)


register(
    ProfileFormat(
        name="sylph",
        description="raw sylph profile table (Sample_file, Genome_file, Taxonomic_abundance, ...)",
        sniff=_sniff_raw,
        read=_read_raw,
        versions=("sylph profile output in sylph-tax's test files (2 samples; genomes by contig)", "the layout of the sylph wiki"),
        example="Sample_file\tGenome_file\tTaxonomic_abundance\tSequence_abundance\tAdjusted_ANI\t...",
    )
)
