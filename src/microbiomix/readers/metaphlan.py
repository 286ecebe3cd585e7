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
import itertools
import math
import re
import tempfile
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from microbiomix.errors import InputError
from microbiomix.profile import Cohort, Profile, Provenance, assign_columns
from microbiomix.readers import ProfileFormat, register, single_sample
from microbiomix.readers.text import (
    RANK_SUM_TOLERANCE,
    Head,
    check_rank_sums,
    check_unknown,
    collect_abundances,
    lineage_or_error,
    numbered_lines,
    parse_number,
)
from microbiomix.taxonomy import Lineage, Rank, TaxonomySystem, guess_system, parse_lineage

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
    votes = [_vote(lineage) for lineage in abundances]
    gtdb = votes.count(TaxonomySystem.GTDB)
    return TaxonomySystem.GTDB if gtdb > votes.count(TaxonomySystem.NCBI) else TaxonomySystem.NCBI


@lru_cache(maxsize=1 << 16)
def _vote(lineage: Lineage) -> TaxonomySystem:
    """One lineage's vote in :func:`guess_system` (which counts one vote per lineage), decided
    once per distinct lineage rather than once per sample that has it."""
    return guess_system([lineage])


def _sniff_single(head: Head) -> bool:
    data = head.data_lines()
    if not data or any(ln.startswith("@") for ln in head.lines):
        return False
    first = data[0].split("\t")
    return (_CLADE.match(first[0]) is not None or first[0] in _UNASSIGNED) and 2 <= len(first) <= 6


def _single_line_by_line(
    path: Path,
) -> tuple[list[str], int | None, dict[Lineage, float], float | None, TaxonomySystem]:
    """(comments, columns of the first row, abundances, unknown, naming system), each line
    checked in turn so the first problem is reported with its line."""
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
    return comments, width, abundances, unknown, _system(abundances)


def _single_at_once(
    path: Path,
) -> tuple[list[str], int | None, dict[Lineage, float], float | None, TaxonomySystem] | None:
    """What :func:`_single_line_by_line` gives, in one tight pass over the whole text for the
    usual file (plain UTF-8, good rows, each lineage parsed once per run); None as soon as
    anything is unusual (gzip, a carriage return, a NUL, a bad field or row, a second UNKNOWN,
    a rank over 100%, a taxon listed twice), and the careful reader then names the problem."""
    try:
        raw = path.read_bytes()
        if raw[:2] == b"\x1f\x8b" or b"\0" in raw or b"\r" in raw:
            return None
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except (OSError, UnicodeDecodeError):
        return None
    limit = 100.0 + RANK_SUM_TOLERANCE
    comments: list[str] = []
    lineages: list[Lineage] = []
    values: list[float] = []
    votes: list[TaxonomySystem] = []
    totals = [0.0] * len(Rank)
    unknown: float | None = None
    abundance_column: int | None = None
    width: int | None = None
    for line in text.split("\n"):
        if line.startswith("#"):
            comments.append(line)
            header = line.lstrip("#").split("\t")
            if header[0].strip() == "clade_name":
                if "relative_abundance" not in header:
                    return None
                abundance_column = header.index("relative_abundance")
            continue
        if not line or line.isspace():
            continue
        if width is None or abundance_column is None:
            fields = line.split("\t")
            if abundance_column is None:
                abundance_column = 1 if len(fields) == 2 else 2
            width = len(fields)
        else:
            # the fields after the abundance (MetaPhlAn 3's long additional_species) stay unsplit
            fields = line.split("\t", abundance_column + 1)
        if len(fields) <= abundance_column:
            return None
        try:
            value = float(fields[abundance_column])
        except ValueError:
            return None
        if not 0.0 <= value < math.inf:  # also NaN
            return None
        if fields[0] in _UNASSIGNED:
            if unknown is not None or value > limit:
                return None
            unknown = value
            continue
        try:
            lineage, rank, vote = _single_row(fields[0])
        except ValueError:
            return None
        total = totals[rank] + value
        if value > limit or total > limit:
            return None
        totals[rank] = total
        lineages.append(lineage)
        values.append(value)
        votes.append(vote)
    abundances = dict(zip(lineages, values, strict=True))
    if len(abundances) != len(lineages):
        return None
    if values and min(values) <= 0:
        kept = [i for i, value in enumerate(values) if value > 0]
        abundances = {lineages[i]: values[i] for i in kept}
        votes = [votes[i] for i in kept]
    gtdb = votes.count(TaxonomySystem.GTDB)
    system = TaxonomySystem.GTDB if gtdb > votes.count(TaxonomySystem.NCBI) else TaxonomySystem.NCBI
    return comments, width, abundances, unknown, system


@lru_cache(maxsize=1 << 16)
def _single_row(text: str) -> tuple[Lineage, int, TaxonomySystem]:
    """A clade name's lineage, rank and GTDB/NCBI vote, worked out once per distinct text in a
    run (10,000 files share a few thousand clades). Raises ValueError as parse_lineage does."""
    lineage = parse_lineage(text)
    return lineage, int(lineage.rank), _vote(lineage)


def _read_single(path: Path, sample_id: str | None) -> list[Profile]:
    comments, width, abundances, unknown, system = (
        _single_at_once(path) or _single_line_by_line(path))
    database = _database_from_comments(comments)
    version = metaphlan_version(database, width or 0)
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


@dataclass
class MergedTable:
    """A merged table as read: one parsed lineage per taxon row, every value in one matrix.

    Lineages are parsed once per table (not once per cell) and the numbers in one call; a Profile
    or a Cohort is then cut from the matrix.
    """

    samples: list[str]
    lineages: list[Lineage]  # taxon rows in file order (UNKNOWN rows excluded)
    lines: list[int]  # line number of each taxon row
    values: np.ndarray  # taxon rows x samples
    unknown: list[float | None]  # per sample; None when the table has no UNKNOWN row
    database: str | None


def _merged_header(
    path: Path,
) -> tuple[list[str], list[str], int, str, Iterator[tuple[int, str]]]:
    """(header, comments, first sample column, delimiter, the data lines that follow)."""
    header: list[str] | None = None
    delimiter = "\t"
    first_sample = 1
    comments: list[str] = []
    lines = numbered_lines(path)
    for number, line in lines:
        if not line.strip():
            continue
        if line.startswith("#"):
            comments.append(line)
            continue
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
        break
    if header is None:
        raise InputError(path, None, "expected a header row and at least one taxon row")
    data = ((number, line) for number, line in lines if line.strip())
    return header, comments, first_sample, delimiter, data


def _numbers_at_once(
    data: list[tuple[int, str]], first_sample: int, delimiter: str, samples: int
) -> tuple[list[str], np.ndarray] | None:
    """(first field of each line, the value matrix) parsed in one NumPy call, or None when any
    line needs the careful path (a quoted CSV field, a bad or negative number, a short row),
    which then reports the first problem with its line."""
    if delimiter == "," and any('"' in line for _, line in data):
        return None
    names: list[str] = []
    rests: list[str] = []
    for _, line in data:
        name, _, rest = line.partition(delimiter)
        if first_sample == 2:
            rest = rest.partition(delimiter)[2]
        if not rest.strip():
            return None  # a short row (or no samples): the careful path says what is wrong
        names.append(name)
        rests.append(rest)
    if not rests:
        return None
    try:
        # loadtxt parses with Python's own correctly rounded conversion: the same floats as float().
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            matrix = np.loadtxt(
                rests, delimiter=delimiter, dtype=np.float64, comments=None, ndmin=2,
                quotechar=None,
            )
    except ValueError:
        return None
    if matrix.shape != (len(data), samples):
        return None
    if not (np.isfinite(matrix).all() and (matrix >= 0).all()):
        return None
    return names, matrix


def _parse_merged(path: Path) -> MergedTable:
    header, comments, first_sample, delimiter, rest = _merged_header(path)
    data = list(rest)
    samples = header[first_sample:]
    fast = _numbers_at_once(data, first_sample, delimiter, len(samples))
    if fast is None:
        names, parsed = _numbers_line_by_line(path, data, header, first_sample, delimiter)
        matrix = np.array(parsed, dtype=np.float64).reshape(len(parsed), len(samples))
    else:
        names, matrix = fast
    rows = _Rows(path, [number for number, _ in data], names, lambda row: matrix[row])
    table = MergedTable(
        samples=samples,
        lineages=rows.lineages,
        lines=rows.lines,
        values=matrix[rows.taxa] if len(rows.taxa) != len(data) else matrix,
        unknown=matrix[rows.unknown].tolist() if rows.unknown is not None else [None] * len(samples),
        database=_database_from_comments(comments),
    )
    _check_percentages(path, table, first_block=True)
    return table


class _Rows:
    """The rows of a merged table: which is UNKNOWN (one at most, each value at most 100%), the
    lineage and line of each taxon row; checked in line order as the careful reader does."""

    def __init__(
        self, path: Path, numbers: list[int], names: list[str],
        values_of: Callable[[int], np.ndarray],
    ) -> None:
        self.unknown: int | None = None
        self.taxa: list[int] = []
        self.lineages: list[Lineage] = []
        self.lines: list[int] = []
        unknown_line: int | None = None
        for row, (number, name) in enumerate(zip(numbers, names, strict=True)):
            if name in _UNASSIGNED:
                unknown_line = _check_unknown_row(path, number, unknown_line, values_of(row))
                self.unknown = row
                continue
            self.lineages.append(lineage_or_error(path, number, name))
            self.lines.append(number)
            self.taxa.append(row)


def _check_percentages(path: Path, table: MergedTable, first_block: bool) -> None:
    """What the careful reader checks per sample, in its order (sample by sample: each rank sums
    to at most 100% within the tolerance, then no taxon listed twice), found with one running sum
    per rank over the whole matrix; the first failing sample is then checked row by row for the
    exact message."""
    limit = 100.0 + RANK_SUM_TOLERANCE
    failing = np.zeros(len(table.samples), dtype=bool)
    ranks = np.array([lineage.rank for lineage in table.lineages], dtype=np.intp)
    for rank in np.unique(ranks).tolist():
        values = table.values[ranks == rank]
        failing |= (values > limit).any(axis=0) | (np.cumsum(values, axis=0) > limit).any(axis=0)
    bad = np.flatnonzero(failing)

    def sample_rows(i: int) -> list[tuple[int, Lineage, float]]:
        return list(zip(table.lines, table.lineages, table.values[:, i].tolist(), strict=True))

    if first_block and table.samples:
        if bad.size and bad[0] == 0:
            check_rank_sums(path, sample_rows(0))
        collect_abundances(path, [(ln, lin, 0.0) for ln, lin in zip(table.lines, table.lineages)])
    if bad.size:
        check_rank_sums(path, sample_rows(int(bad[0])))


def _merged_blocks(path: Path, block: int) -> Iterator[MergedTable]:
    """The table in blocks of at most ``block`` samples, so memory does not grow with the sample
    count: a wider table is parsed a few rows at a time into a temporary file of float64 rows,
    and each block of sample columns is read back from it. Anything the fast parse cannot take
    goes to the careful reader, which reports the first problem with its line."""
    header, comments, first_sample, delimiter, rest = _merged_header(path)
    samples = header[first_sample:]
    if len(samples) <= block or delimiter != "\t":
        yield _parse_merged(path)
        return
    width = len(samples)
    # rows parsed at a time: about as many cells as 16 rows of a 10,000-sample block, so the text
    # held while parsing does not grow with the width of the table (at least one whole row)
    rows_at_once = max(1, 16 * block // width)
    with tempfile.TemporaryFile() as store:
        numbers: list[int] = []
        names: list[str] = []
        pending: list[tuple[int, str]] = []
        for item in itertools.chain(rest, [None]):
            if item is not None:
                pending.append(item)
            if pending and (item is None or len(pending) >= rows_at_once):
                fast = _numbers_at_once(pending, first_sample, delimiter, width)
                if fast is None:
                    yield _parse_merged(path)
                    return
                names.extend(fast[0])
                numbers.extend(number for number, _ in pending)
                store.write(fast[1].tobytes())
                pending = []
        def columns(row_indices: list[int], start: int, stop: int) -> np.ndarray:
            out = np.empty((len(row_indices), stop - start), dtype=np.float64)
            for k, row in enumerate(row_indices):
                store.seek((row * width + start) * 8)
                out[k] = np.fromfile(store, dtype=np.float64, count=stop - start)
            return out

        rows = _Rows(path, numbers, names, lambda row: columns([row], 0, width)[0])
        database = _database_from_comments(comments)
        for start in range(0, width, block):
            stop = min(start + block, width)
            table = MergedTable(
                samples=samples[start:stop],
                lineages=rows.lineages,
                lines=rows.lines,
                values=columns(rows.taxa, start, stop),
                unknown=(columns([rows.unknown], start, stop)[0].tolist()
                         if rows.unknown is not None else [None] * (stop - start)),
                database=database,
            )
            _check_percentages(path, table, first_block=start == 0)
            yield table
            del table  # one block in memory at a time


def _numbers_line_by_line(
    path: Path, data: list[tuple[int, str]], header: list[str], first_sample: int, delimiter: str
) -> tuple[list[str], list[list[float]]]:
    """Each line checked in turn, so the first bad field is reported with its line."""
    names: list[str] = []
    rows: list[list[float]] = []
    unknown_line: int | None = None
    for number, line in data:
        fields = _split(line, delimiter)
        if len(fields) != len(header):
            raise InputError(
                path, number, f"expected {len(header)} column(s) like the header, found {len(fields)}", line
            )
        rows.append([
            parse_number(path, number, text, f"sample {header[first_sample + i]!r}")
            for i, text in enumerate(fields[first_sample:])
        ])
        # report a bad UNKNOWN row or lineage here, in line order
        if fields[0] in _UNASSIGNED:
            unknown_line = _check_unknown_row(path, number, unknown_line, rows[-1])
        else:
            lineage_or_error(path, number, fields[0])
        names.append(fields[0])
    return names, rows


def _check_unknown_row(
    path: Path, number: int, previous_line: int | None, values: Sequence[float] | np.ndarray
) -> int:
    """The line of the UNKNOWN row; a second one, or a value above 100%, is an error."""
    if previous_line is not None:
        raise InputError(
            path, number, f"unknown/unclassified row listed twice (first on line {previous_line})"
        )
    over = np.flatnonzero(np.asarray(values, dtype=np.float64) > 100.0 + RANK_SUM_TOLERANCE)
    if over.size:
        check_unknown(path, number, None, float(values[int(over[0])]))
    return number


def _sample_systems(table: MergedTable) -> list[TaxonomySystem]:
    """Each sample's naming system, as :func:`_system` decides it from the sample's taxa, with
    each row's vote counted once per table (guess_system counts one vote per lineage)."""
    votes = [_vote(lineage) for lineage in table.lineages]
    present = table.values > 0
    gtdb = present[[v is TaxonomySystem.GTDB for v in votes]].sum(axis=0)
    ncbi = present[[v is TaxonomySystem.NCBI for v in votes]].sum(axis=0)
    return [TaxonomySystem.GTDB if g > n else TaxonomySystem.NCBI
            for g, n in zip(gtdb.tolist(), ncbi.tolist(), strict=True)]


def _merged_provenance(path: Path, table: MergedTable) -> list[Provenance]:
    version = metaphlan_version(table.database, 0)
    shared: dict[TaxonomySystem, Provenance] = {}
    out = []
    for system in _sample_systems(table):
        if system not in shared:
            shared[system] = Provenance(
                format="metaphlan-merged",
                tool=f"MetaPhlAn {version}" if version else "MetaPhlAn",
                tool_version=version,
                database=table.database,
                taxonomy=system,
                source=str(path),
            )
        out.append(shared[system])
    return out


def _read_merged(path: Path, sample_id: str | None) -> list[Profile]:
    table = _parse_merged(path)
    provenance = _merged_provenance(path, table)
    profiles = []
    for i, sample in enumerate(table.samples):
        column = table.values[:, i]
        rows = np.flatnonzero(column > 0).tolist()
        abundances = dict(zip([table.lineages[r] for r in rows], column[rows].tolist(), strict=True))
        profiles.append(Profile(sample, abundances, table.unknown[i], provenance[i]))
    return profiles


def read_merged_cohorts(path: Path, block: int | None = None) -> Iterator[Cohort]:
    """The samples of a merged table as Cohorts, in input order: one per run of consecutive
    samples of one naming system, each equal to ``Cohort.from_profiles`` of those samples'
    profiles (same columns in the same order, same values), without a Profile per sample.

    ``block``: at most this many samples in memory at a time (tables of 100,000 samples).
    """
    tables = _merged_blocks(path, block) if block else iter([_parse_merged(path)])
    for table in tables:
        provenance = _merged_provenance(path, table)
        start = 0
        for end in range(1, len(provenance) + 1):
            if end == len(provenance) or provenance[end].taxonomy != provenance[start].taxonomy:
                yield _cohort_of(table, list(range(start, end)), provenance)
                start = end
        del table, provenance  # one block in memory at a time


def _cohort_of(table: MergedTable, samples: list[int], provenance: list[Provenance]) -> Cohort:
    values = table.values[:, samples]
    present = values > 0
    rows = np.flatnonzero(present.any(axis=1))
    # Cohort.from_profiles meets lineages sample by sample, each sample's in row order: a row's
    # column comes from the first sample that has it, ties by row.
    first_sample = present[rows].argmax(axis=1)
    rows = rows[np.lexsort((rows, first_sample))]
    ordered = rows.tolist()
    taxa, columns, column_of = assign_columns(table.lineages[row] for row in ordered)
    column_of_row = {row: column_of[table.lineages[row]] for row in ordered}
    matrix = np.zeros((len(samples), len(taxa)), dtype=np.float64)
    for row in sorted(column_of_row):  # rows of one name added in file order, as np.add.at does
        matrix[:, column_of_row[row]] += values[row]
    unknown = np.array([np.nan if table.unknown[i] is None else table.unknown[i] for i in samples],
                       dtype=np.float64)
    return Cohort(
        sample_ids=[table.samples[i] for i in samples],
        taxa=taxa,
        values=matrix,
        unknown=unknown,
        provenance=[provenance[i] for i in samples],
        _columns=columns,
    )


register(
    ProfileFormat(
        name="metaphlan-merged",
        description="merged MetaPhlAn table (merge_metaphlan_tables.py) or taxon-by-sample CSV",
        sniff=lambda head: _merged_layout(head) is not None,
        read=_read_merged,
        versions=("merge_metaphlan_tables.py layout, with a clade_taxid or NCBI_tax_id column (tested on a table built from real MetaPhlAn 3 rows)", "species-by-sample CSV of MetaPhlAn 2 profiles (GMHI example)"),
        example="clade_name\tclade_taxid\tSample1\tSample2",
        read_cohorts=read_merged_cohorts,
    )
)
