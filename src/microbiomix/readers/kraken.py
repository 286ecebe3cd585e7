"""Kraken 2 reports (also Kraken 1, ``--report-minimizer-data`` and sourmash ``kreport``) and Bracken.

Kraken 2 report (Kraken 2 manual, "Sample Report Output Format"), one row per taxon, tab separated::

    percent  clade_reads  direct_reads  [minimizers  distinct_minimizers]  rank_code  taxid  name

``name`` is indented by two spaces per tree depth; rank codes are U, R, D, K, P, C, O, F, G, S, with a
digit for ranks in between (``G1``). ``sourmash tax metagenome -F kreport`` writes the same columns
with base pairs for reads, no taxid and no indentation (rows grouped by rank).

Bracken output (Lu et al. 2017, PeerJ Comput Sci 3:e104, doi:10.7717/peerj-cs.104)::

    name  taxonomy_id  taxonomy_lvl  kraken_assigned_reads  added_reads  new_est_reads  fraction_total_reads
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from microbiomix.errors import InputError
from microbiomix.profile import Profile, Provenance
from microbiomix.readers import ProfileFormat, register, single_sample
from microbiomix.readers.text import (
    Head,
    collect_abundances,
    lineage_or_error,
    numbered_lines,
    parse_number,
)
from microbiomix.taxonomy import Lineage, Rank, TaxonomySystem, guess_system

_RANK_CODE = re.compile(r"^([URDKPCOFGS])(\d*)$")
_CODE_TO_RANK = {
    "D": Rank.DOMAIN,
    "K": Rank.DOMAIN,  # only when no D above it (Eukaryota > Fungi): see _rank_of
    "P": Rank.PHYLUM,
    "C": Rank.CLASS,
    "O": Rank.ORDER,
    "F": Rank.FAMILY,
    "G": Rank.GENUS,
    "S": Rank.SPECIES,
}
BRACKEN_COLUMNS = (
    "name",
    "taxonomy_id",
    "taxonomy_lvl",
    "kraken_assigned_reads",
    "added_reads",
    "new_est_reads",
    "fraction_total_reads",
)
_NCBI_NOTE = "taxonomy assumed NCBI (names do not look like GTDB); the file does not say"


def _is_count(text: str) -> bool:
    return re.fullmatch(r"\d+(\.\d+)?", text.strip()) is not None


def _report_row_shape(fields: list[str]) -> bool:
    if len(fields) not in (6, 8):
        return False
    code = fields[-3].strip()
    try:
        float(fields[0])
    except ValueError:
        return False
    return (
        all(_is_count(f) for f in fields[1:-3])
        and (code == "" or _RANK_CODE.match(code) is not None)
        and (fields[-2].strip() == "" or fields[-2].strip().isdigit())
    )


def _sniff_report(head: Head) -> bool:
    data = head.data_lines()
    if not data:
        return False
    rows = [ln.split("\t") for ln in data]
    return all(_report_row_shape(fields) for fields in rows) and len({len(f) for f in rows}) == 1


@dataclass
class _Row:
    line: int
    percent: float
    clade: float
    code: str
    taxid: str
    name: str
    depth: int


def _rank_of(code: str, ancestors: list[tuple[Rank | None, str]]) -> Rank | None:
    """The rank a Kraken rank code stands for; intermediate codes (``G1``) have none here.

    ``S1`` directly below a species is a strain (subspecies or serotype); ``K`` below a ``D``
    (a eukaryotic kingdom) has no rank in the lineage model, which has one domain level.
    """
    match = _RANK_CODE.match(code)
    if match is None:
        return None
    letter, digits = match.groups()
    if digits:
        if letter == "S" and digits == "1" and ancestors and ancestors[-1][0] is Rank.SPECIES:
            return Rank.STRAIN
        return None
    if letter == "K" and any(rank is Rank.DOMAIN for rank, _ in ancestors):
        return None
    return _CODE_TO_RANK.get(letter)


def _read_report(path: Path, sample_id: str | None) -> list[Profile]:
    rows: list[_Row] = []
    width: int | None = None
    for number, line in numbered_lines(path):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if width is None:
            if len(fields) not in (6, 8):
                raise InputError(
                    path, number, "expected 6 or 8 tab-separated columns (Kraken report)", line
                )
            width = len(fields)
        if len(fields) != width:
            raise InputError(
                path, number, f"expected {width} tab-separated columns like line 1", line
            )
        percent = parse_number(path, number, fields[0], "percentage")
        clade = parse_number(path, number, fields[1], "clade read count")
        direct = parse_number(path, number, fields[2], "direct read count")
        if direct > clade:
            raise InputError(path, number, "expected direct reads <= clade reads", line)
        code = fields[-3].strip()
        if code and _RANK_CODE.match(code) is None:
            raise InputError(
                path, number, "expected a Kraken rank code (U, R, D, P, ..., S, G1)", code
            )
        taxid = fields[-2].strip()
        if taxid and not taxid.isdigit():
            raise InputError(path, number, "expected a numeric taxonomy id", taxid)
        raw_name = fields[-1]
        name = raw_name.strip()
        if not name:
            raise InputError(path, number, "expected a taxon name in the last column", line)
        depth = (len(raw_name) - len(raw_name.lstrip(" "))) // 2
        rows.append(_Row(number, percent, clade, code, taxid, name, depth))
    if not rows:
        raise InputError(path, None, "expected Kraken report rows; the file is empty")

    has_root = any(r.depth == 0 and (r.code == "R" or r.taxid == "1") for r in rows)
    total = sum(r.clade for r in rows if r.depth == 0) if has_root else 0.0
    use_counts = has_root and total > 0

    leaves: list[tuple[int, Lineage, float]] = []
    stack: list[tuple[int, Rank | None, str]] = []
    unknown: float | None = None
    for row in rows:
        value = row.clade / total * 100.0 if use_counts else row.percent
        if row.code == "U" or (row.taxid == "0" and row.name.lower() == "unclassified"):
            unknown = value
            stack.clear()
            continue
        while stack and stack[-1][0] >= row.depth:
            stack.pop()
        ancestors = [(rank, name) for _, rank, name in stack]
        rank = _rank_of(row.code, ancestors)
        stack.append((row.depth, rank, row.name))
        if rank is None:
            continue
        names: list[str | None] = [None] * (rank + 1)
        for ancestor_rank, ancestor_name in ancestors:
            if ancestor_rank is not None and ancestor_rank < rank:
                names[ancestor_rank] = ancestor_name
        names[rank] = row.name
        leaves.append((row.line, Lineage(tuple(names)), value))
    abundances = collect_abundances(path, leaves)
    if unknown is None and use_counts:
        unknown = 0.0
    if unknown is None and abundances:
        top = min(lin.rank for lin in abundances)
        unknown = max(0.0, 100.0 - sum(v for lin, v in abundances.items() if lin.rank == top))

    sourmash = all(not r.taxid for r in rows)
    notes: list[str] = []
    if sourmash:
        tool = "sourmash (tax metagenome kreport)"
        notes.append("sourmash kreport: percentages are abundance-weighted k-mer fractions")
    elif width == 8:
        tool = "Kraken 2 (--report-minimizer-data)"
    else:
        tool = "Kraken 2"
    system = guess_system(abundances)
    if system is TaxonomySystem.UNKNOWN:
        system = TaxonomySystem.NCBI
        notes.append(_NCBI_NOTE)
    provenance = Provenance(
        format="kraken2-report",
        tool=tool,
        taxonomy=system,
        source=str(path),
        notes=tuple(notes),
        # root + unclassified clade counts: the reads classified (sample-quality gate, issue 10)
        reads=int(total) if use_counts and not sourmash else None,
    )
    return single_sample(path, sample_id, abundances, unknown, provenance)


register(
    ProfileFormat(
        name="kraken2-report",
        description="Kraken 2 / Kraken report (also --report-minimizer-data, sourmash kreport)",
        sniff=_sniff_report,
        read=_read_report,
    )
)


# --- Bracken -------------------------------------------------------------------------------------


def _sniff_bracken(head: Head) -> bool:
    data = head.data_lines()
    return bool(data) and tuple(f.strip() for f in data[0].split("\t")) == BRACKEN_COLUMNS


def _read_bracken(path: Path, sample_id: str | None) -> list[Profile]:
    rows: list[tuple[int, Lineage, float]] = []
    header_seen = False
    for number, line in numbered_lines(path):
        if not line.strip():
            continue
        fields = line.split("\t")
        if not header_seen:
            if tuple(f.strip() for f in fields) != BRACKEN_COLUMNS:
                raise InputError(
                    path, number, "expected the Bracken header: " + " ".join(BRACKEN_COLUMNS), line
                )
            header_seen = True
            continue
        if len(fields) != len(BRACKEN_COLUMNS):
            raise InputError(
                path, number, f"expected {len(BRACKEN_COLUMNS)} tab-separated columns", line
            )
        name = fields[0].strip()
        if not name:
            raise InputError(path, number, "expected a taxon name", line)
        code = fields[2].strip()
        match = _RANK_CODE.match(code)
        rank = _CODE_TO_RANK.get(match.group(1)) if match and not match.group(2) else None
        if rank is None:
            raise InputError(path, number, "expected a taxonomy_lvl of D, P, C, O, F, G or S", code)
        for column in (3, 4, 5):
            parse_number(path, number, fields[column], BRACKEN_COLUMNS[column])
        fraction = parse_number(path, number, fields[6], "fraction_total_reads")
        if fraction > 1.0 + 1e-6:
            raise InputError(
                path, number, "expected fraction_total_reads between 0 and 1", fields[6]
            )
        names: list[str | None] = [None] * (rank + 1)
        names[rank] = name
        rows.append((number, Lineage(tuple(names)), fraction * 100.0))
    if not header_seen:
        raise InputError(path, None, "expected a Bracken header and rows; the file is empty")
    abundances = collect_abundances(path, rows)
    if len({lin.rank for lin in abundances}) > 1:
        raise InputError(
            path, None, "expected every row at one taxonomy_lvl (Bracken estimates one level)"
        )
    notes = [
        (
            "Bracken re-estimates one rank; fractions are of the reads assigned at that rank, "
            "so the unclassified fraction is unknown"
        )
    ]
    system = TaxonomySystem.NCBI
    notes.append(_NCBI_NOTE)
    provenance = Provenance(
        format="bracken", tool="Bracken", taxonomy=system, source=str(path), notes=tuple(notes)
    )
    return single_sample(path, sample_id, abundances, None, provenance)


register(
    ProfileFormat(
        name="bracken",
        description="Bracken abundance estimates (name, taxonomy_id, ..., fraction_total_reads)",
        sniff=_sniff_bracken,
        read=_read_bracken,
    )
)


# --- Kraken 2 --use-mpa-style reports -------------------------------------------------------------
# ``d__Bacteria|p__Proteobacteria|...|s__Escherichia_coli<TAB>1234``: clade read counts, no header,
# no root or unclassified row. Without this reader the MetaPhlAn reader would take the counts for
# percentages, so the sniffer requires what MetaPhlAn never writes: no comment header, ``d__`` at the
# top of ``|``-separated lineages, and whole-number values.

_MPA_STYLE = re.compile(r"^d__[^|\t;]+(\|[a-z]__[^|\t]+)*\t\d+$")


def _sniff_mpa_style(head: Head) -> bool:
    data = [ln for ln in head.lines if ln.strip()]
    return bool(data) and not any(ln.startswith("#") for ln in head.lines) and all(
        _MPA_STYLE.match(ln) for ln in data
    )


def _read_mpa_style(path: Path, sample_id: str | None) -> list[Profile]:
    rows: list[tuple[int, Lineage, float]] = []
    for number, line in numbered_lines(path):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) != 2:
            raise InputError(path, number, "expected 2 tab-separated columns: lineage, reads", line)
        # Kraken writes d__Eukaryota|k__Fungi|...: the kingdom below the domain is not a rank here.
        parts = [p for p in fields[0].split("|") if not p.startswith("k__")]
        lineage = lineage_or_error(path, number, "|".join(parts), underscores_are_spaces=True)
        reads = parse_number(path, number, fields[1], "clade read count")
        rows.append((number, lineage, reads))
    counts = collect_abundances(path, rows)
    classified = sum(v for lin, v in counts.items() if lin.rank == Rank.DOMAIN)
    if classified <= 0:
        raise InputError(path, None, "expected domain rows (d__...) with read counts above 0")
    abundances = {lin: 100.0 * v / classified for lin, v in counts.items()}
    provenance = Provenance(
        format="kraken2-mpa",
        tool="Kraken 2",
        taxonomy=guess_system(abundances),
        source=str(path),
        notes=(
            (
                "Kraken 2 mpa-style report: percent of classified reads (unclassified reads are "
                "not in this format)"
            ),
        ),
    )
    return single_sample(path, sample_id, abundances, None, provenance)


register(
    ProfileFormat(
        name="kraken2-mpa",
        description="Kraken 2 report written with --use-mpa-style (clade read counts)",
        sniff=_sniff_mpa_style,
        read=_read_mpa_style,
    )
)
