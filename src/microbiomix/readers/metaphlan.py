"""MetaPhlAn 2/3/4 single-sample output, its GTDB conversion, and merged multi-sample tables.

Single sample (``metaphlan ... -o out.txt``)::

    #mpa_v30_CHOCOPhlAn_201901
    #<command line>
    #SampleID	Metaphlan_Analysis
    #clade_name	NCBI_tax_id	relative_abundance	additional_species
    UNKNOWN	-1	47.2
    k__Bacteria	2	27.09

MetaPhlAn 2 has two columns (clade, abundance). ``sgb_to_gtdb_profile.py`` writes
``#clade_name	relative_abundance`` with ``d__...;p__...`` GTDB lineages. Merged tables
(``merge_metaphlan_tables.py``) have a header row ``clade_name|ID [NCBI_tax_id|clade_taxid] S1 S2 ...``;
species-by-sample CSVs (the GMHI example) have ``Species,S1,S2,...``.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from microbiomix.errors import InputError
from microbiomix.profile import Profile, Provenance
from microbiomix.readers import ProfileFormat, register, single_sample
from microbiomix.readers.text import (
    Head,
    check_unknown,
    collect_abundances,
    lineage_or_error,
    numbered_lines,
    parse_number,
)
from microbiomix.taxonomy import Lineage, TaxonomySystem, guess_system

_CLADE = re.compile(r"^(k__|d__)\S")
_UNASSIGNED = {"UNKNOWN", "UNCLASSIFIED", "unclassified"}
_TAXID_COLUMNS = {"NCBI_tax_id", "clade_taxid", "taxid"}


def metaphlan_version(database: str | None, columns: int) -> str | None:
    """MetaPhlAn major version from its database name (``mpa_v30`` -> 3, ``mpa_vJan21`` -> 4)."""
    if database:
        if database.startswith("mpa_v2"):
            return "2"
        if database.startswith(("mpa_v30", "mpa_v31")):
            return "3"
        if re.match(r"mpa_v[A-Z][a-z]{2}\d\d", database):
            return "4"
    if columns == 2:
        return "2"
    return None


def _database_from_comments(comments: list[str]) -> str | None:
    for line in comments:
        match = re.match(r"#\s*(mpa_v\S+)", line)
        if match:
            return match.group(1)
    return None


# MetaPhlAn's default sample names ("Metaphlan_Analysis", MetaPhlAn 2's "Metaphlan2_Analysis").
_PLACEHOLDER_SAMPLE = re.compile(r"^metaphlan\d*_analysis$", re.IGNORECASE)


def _declared_sample(comments: list[str]) -> str | None:
    """The name in ``#SampleID<TAB>name`` (``metaphlan --sample_id``, ``mmm profile``), unless it
    is MetaPhlAn's default; CAMI's ``@SampleID`` is used the same way."""
    for line in comments:
        fields = [f.strip() for f in line.lstrip("#").split("\t")]
        if fields[0] == "SampleID" and len(fields) > 1 and fields[1]:
            return None if _PLACEHOLDER_SAMPLE.match(fields[1]) else fields[1]
    return None


def _system(abundances: dict[Lineage, float]) -> TaxonomySystem:
    """MetaPhlAn names are NCBI unless the lineages look like GTDB (sgb_to_gtdb_profile output)."""
    system = guess_system(abundances)
    return TaxonomySystem.NCBI if system is TaxonomySystem.UNKNOWN else system


def _sniff_single(head: Head) -> bool:
    data = head.data_lines()
    if not data or any(ln.startswith("@") for ln in head.lines):
        return False
    first = data[0].split("\t")
    return (_CLADE.match(first[0]) is not None or first[0] in _UNASSIGNED) and 2 <= len(first) <= 6


def _read_single(path: Path, sample_id: str | None) -> list[Profile]:
    comments: list[str] = []
    rows: list[tuple[int, Lineage, float]] = []
    unknown: float | None = None
    abundance_column: int | None = None
    width: int | None = None
    for number, line in numbered_lines(path):
        if not line.strip():
            continue
        if line.startswith("#"):
            comments.append(line)
            header = line.lstrip("#").split("\t")
            if header[0].strip() == "clade_name":
                if "relative_abundance" not in header:
                    raise InputError(path, number, "expected a 'relative_abundance' column", line)
                abundance_column = header.index("relative_abundance")
            continue
        fields = line.split("\t")
        if abundance_column is None:
            # No column header: MetaPhlAn 2 writes clade, abundance; 3 and 4 clade, taxid, abundance.
            abundance_column = 1 if len(fields) == 2 else 2
        if width is None:
            width = len(fields)
        if len(fields) <= abundance_column:
            raise InputError(
                path, number, f"expected at least {abundance_column + 1} tab-separated columns", line
            )
        value = parse_number(path, number, fields[abundance_column], "relative_abundance")
        if fields[0] in _UNASSIGNED:
            unknown = check_unknown(path, number, unknown, value)
            continue
        rows.append((number, lineage_or_error(path, number, fields[0]), value))
    abundances = collect_abundances(path, rows)
    database = _database_from_comments(comments)
    version = metaphlan_version(database, width or 0)
    system = _system(abundances)
    notes: list[str] = []
    if unknown is None:
        notes.append(
            "no UNKNOWN row: the profile was made without --unknown_estimation, so abundances are "
            "relative to the classified fraction only"
        )
    if system is TaxonomySystem.GTDB:
        notes.append("MetaPhlAn profile converted to GTDB names (sgb_to_gtdb_profile)")
    provenance = Provenance(
        format="metaphlan",
        tool=f"MetaPhlAn {version}" if version else "MetaPhlAn",
        tool_version=version,
        database=database,
        taxonomy=system,
        source=str(path),
        notes=tuple(notes),
        reads=_reads_processed(comments),  # sample-quality gate (issue 10)
    )
    return single_sample(path, sample_id or _declared_sample(comments), abundances, unknown, provenance)


def _reads_processed(comments: list[str]) -> int | None:
    """MetaPhlAn 3/4 write ``#12345 reads processed`` in their header."""
    for comment in comments:
        match = re.match(r"#\s*(\d+)\s+reads processed", comment)
        if match:
            return int(match.group(1))
    return None


register(
    ProfileFormat(
        name="metaphlan",
        description="MetaPhlAn 2/3/4 single-sample output (also sgb_to_gtdb_profile output)",
        sniff=_sniff_single,
        read=_read_single,
        versions=("MetaPhlAn 2 (2 columns; -t rel_ab_w_read_stats layout)", "MetaPhlAn 3 (mpa_v30, mpa_v31)", "MetaPhlAn 4 (mpa_vJan21, mpa_vOct22; 4.2.5 read-stats layout)", "sgb_to_gtdb_profile.py output"),
        example="#clade_name\tNCBI_tax_id\trelative_abundance\tadditional_species",
    )
)


# --- merged tables ------------------------------------------------------------------------------


def _split(line: str, delimiter: str) -> list[str]:
    if delimiter == ",":
        return next(csv.reader([line]))
    return line.split(delimiter)


def _merged_layout(head: Head) -> tuple[str, int] | None:
    """(delimiter, index of first sample column) when the head is a merged table."""
    data = head.data_lines()
    if len(data) < 2:
        return None
    header_line, first_row = data[0], data[1]
    delimiter = "\t" if "\t" in header_line else ","
    header = _split(header_line, delimiter)
    row = _split(first_row, delimiter)
    if len(header) < 2 or len(row) != len(header):
        return None
    if "sequence_abundance" in header or "relative_abundance" in header:
        return None  # sylph-tax and single-sample outputs name their columns this way
    first_sample = 2 if header[1] in _TAXID_COLUMNS else 1
    if first_sample >= len(header):
        return None
    if not (_CLADE.match(row[0]) or re.match(r"^[a-z]__\S", row[0]) or row[0] in _UNASSIGNED):
        return None
    try:
        [float(v) for v in row[first_sample:]]
    except ValueError:
        return None
    return delimiter, first_sample


def _read_merged(path: Path, sample_id: str | None) -> list[Profile]:
    header: list[str] | None = None
    delimiter = "\t"
    first_sample = 1
    comments: list[str] = []
    columns: list[list[tuple[int, Lineage, float]]] = []
    unknown: list[float | None] = []
    unknown_line: int | None = None
    for number, line in numbered_lines(path):
        if not line.strip():
            continue
        if line.startswith("#") and header is None:
            comments.append(line)
            continue
        if header is None:
            delimiter = "\t" if "\t" in line else ","
            header = _split(line, delimiter)
            if len(header) < 2:
                raise InputError(path, number, "expected a header row: taxon column then samples", line)
            if _CLADE.match(header[0]):
                # e.g. a single-sample profile forced with --input-format metaphlan-merged: its
                # first clade would become the header and its abundance a sample name.
                raise InputError(
                    path, number, "expected a header row (taxon column, then sample names) "
                    "before the first clade", line
                )
            first_sample = 2 if header[1] in _TAXID_COLUMNS else 1
            samples = header[first_sample:]
            if len(set(samples)) != len(samples):
                raise InputError(path, number, "expected unique sample names in the header", line)
            columns = [[] for _ in samples]
            unknown = [None for _ in samples]
            continue
        fields = _split(line, delimiter)
        if len(fields) != len(header):
            raise InputError(
                path, number, f"expected {len(header)} column(s) like the header, found {len(fields)}", line
            )
        values = [
            parse_number(path, number, text, f"sample {header[first_sample + i]!r}")
            for i, text in enumerate(fields[first_sample:])
        ]
        if fields[0] in _UNASSIGNED:
            if unknown_line is not None:
                raise InputError(
                    path, number, f"unknown/unclassified row listed twice (first on line {unknown_line})"
                )
            unknown_line = number
            unknown = [check_unknown(path, number, None, v) for v in values]
            continue
        lineage = lineage_or_error(path, number, fields[0])
        for i, value in enumerate(values):
            columns[i].append((number, lineage, value))
    if header is None:
        raise InputError(path, None, "expected a header row and at least one taxon row")
    database = _database_from_comments(comments)
    version = metaphlan_version(database, 0)
    profiles = []
    for i, sample in enumerate(header[first_sample:]):
        abundances = collect_abundances(path, columns[i])
        system = _system(abundances)
        provenance = Provenance(
            format="metaphlan-merged",
            tool=f"MetaPhlAn {version}" if version else "MetaPhlAn",
            tool_version=version,
            database=database,
            taxonomy=system,
            source=str(path),
        )
        profiles.append(Profile(sample, abundances, unknown[i], provenance))
    return profiles


register(
    ProfileFormat(
        name="metaphlan-merged",
        description="merged MetaPhlAn table (merge_metaphlan_tables.py) or taxon-by-sample CSV",
        sniff=lambda head: _merged_layout(head) is not None,
        read=_read_merged,
        versions=("merge_metaphlan_tables.py layout, with a clade_taxid or NCBI_tax_id column (tested on a table built from real MetaPhlAn 3 rows)", "species-by-sample CSV of MetaPhlAn 2 profiles (GMHI example)"),
        example="clade_name\tclade_taxid\tSample1\tSample2",
    )
)
