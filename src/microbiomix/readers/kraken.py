"""Kraken 2 reports (also Kraken 1, ``--report-minimizer-data``, sourmash ``kreport``), KrakenUniq and
Bracken.

Kraken 2 report (Kraken 2 manual, "Sample Report Output Format"), one row per taxon, tab separated::

    percent  clade_reads  direct_reads  [minimizers  distinct_minimizers]  rank_code  taxid  name

``name`` is indented by two spaces per tree depth; rank codes are U, R, D, K, P, C, O, F, G, S, with a
digit for ranks in between (``G1``); Kraken 1 writes ``-`` for those. ``sourmash tax metagenome -F
kreport`` writes the same columns with base pairs for reads, no taxid and no indentation (rows
grouped by rank). Percentages are recomputed from clade reads over all reads (unclassified + root)
and must agree with the printed ones within print rounding; a report without an unclassified row
(Bracken's ``-w`` report never has one) leaves the unclassified fraction unknown.

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
    check_rank_sums,
    check_unknown,
    collect_abundances,
    lineage_or_error,
    numbered_lines,
    parse_number,
)
from microbiomix.taxonomy import Lineage, Rank, TaxonomySystem, guess_system

_RANK_CODE = re.compile(r"^([URDKPCOFGS])(\d*)$")
NO_RANK = "-"  # Kraken 1 (and kraken-report) writes "-" for taxa without a rank
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
        and (code in ("", NO_RANK) or _RANK_CODE.match(code) is not None)
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
        code = fields[-3].strip()
        if code and code != NO_RANK and _RANK_CODE.match(code) is None:
            raise InputError(
                path, number, "expected a Kraken rank code (U, R, D, P, ..., S, G1 or -)", code
            )
        rows.append(_report_row(path, number, fields[0], fields[1], fields[2], code, fields[-2], fields[-1]))
    if not rows:
        raise InputError(path, None, "expected Kraken report rows; the file is empty")
    if all(not r.taxid for r in rows):
        tool = "sourmash (tax metagenome kreport)"
    elif any(r.code == NO_RANK for r in rows):
        tool = "Kraken 1"
    elif width == 8:
        tool = "Kraken 2 (--report-minimizer-data)"
    else:
        tool = "Kraken 2"
    return _report_profile(path, sample_id, rows, "kraken2-report", tool, None)


def _report_row(
    path: Path,
    number: int,
    percent_text: str,
    clade_text: str,
    direct_text: str,
    code: str,
    taxid_text: str,
    raw_name: str,
) -> _Row:
    """One checked report row (Kraken 1/2, KrakenUniq and sourmash kreport share these fields)."""
    percent = parse_number(path, number, percent_text, "percentage")
    clade = parse_number(path, number, clade_text, "clade read count")
    direct = parse_number(path, number, direct_text, "direct read count")
    if direct > clade:
        raise InputError(path, number, "expected direct reads <= clade reads", raw_name.strip())
    taxid = taxid_text.strip()
    if taxid and not taxid.isdigit():
        raise InputError(path, number, "expected a numeric taxonomy id", taxid)
    name = raw_name.strip()
    if not name:
        raise InputError(path, number, "expected a taxon name in the last column")
    depth = (len(raw_name) - len(raw_name.lstrip(" "))) // 2
    return _Row(number, percent, clade, code, taxid, name, depth)


def _report_profile(
    path: Path,
    sample_id: str | None,
    rows: list[_Row],
    fmt: str,
    tool: str,
    version: str | None,
) -> list[Profile]:
    """The profile of an indented report: lineages from the indentation, percent from clade reads."""
    has_root = any(r.depth == 0 and (r.code == "R" or r.taxid == "1") for r in rows)
    total = sum(r.clade for r in rows if r.depth == 0) if has_root else 0.0
    use_counts = has_root and total > 0

    leaves: list[tuple[int, Lineage, float]] = []
    stack: list[tuple[int, Rank | None, str]] = []
    unknown: float | None = None
    for row in rows:
        value = row.clade / total * 100.0 if use_counts else row.percent
        # Kraken prints 2 decimals, KrakenUniq 4 significant digits: beyond that the percentage
        # and the read count disagree, and the file is damaged or was edited.
        if use_counts and abs(row.percent - value) > 0.006 + 0.001 * value:
            raise InputError(
                path,
                row.line,
                f"percentage {row.percent:g} disagrees with the clade read count "
                f"({row.clade:g} of {total:g} reads is {value:.4g}%)",
                row.name,
            )
        if row.code == "U" or (row.taxid == "0" and row.name.lower() == "unclassified"):
            unknown = check_unknown(path, row.line, unknown, value)
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
    notes: list[str] = []
    if unknown is None and use_counts:
        # Kraken leaves the line out when no read was unclassified, Bracken's -w report always
        # does: the file cannot tell "none" from "not reported", so the fraction stays unknown.
        notes.append(
            "no unclassified row (a Kraken run with every read classified, or Bracken's -w "
            "report, which leaves unclassified reads out): percentages are of classified reads"
        )
    elif unknown is None and abundances:
        top = min(lin.rank for lin in abundances)
        unknown = max(0.0, 100.0 - sum(v for lin, v in abundances.items() if lin.rank == top))

    if tool.startswith("sourmash"):
        notes.append("sourmash kreport: percentages are abundance-weighted k-mer fractions")
    system = guess_system(abundances)
    if system is TaxonomySystem.UNKNOWN:
        system = TaxonomySystem.NCBI
        notes.append(_NCBI_NOTE)
    provenance = Provenance(
        format=fmt,
        tool=tool,
        tool_version=version,
        taxonomy=system,
        source=str(path),
        notes=tuple(notes),
        # root + unclassified clade counts: the reads classified (sample-quality gate, issue 10)
        reads=int(total) if use_counts and not tool.startswith("sourmash") else None,
    )
    return single_sample(path, sample_id, abundances, unknown, provenance)


register(
    ProfileFormat(
        name="kraken2-report",
        description="Kraken 2 / Kraken report (also --report-minimizer-data, sourmash kreport)",
        sniff=_sniff_report,
        read=_read_report,
        versions=("Kraken 2.1.2 (run in the tests) and Kraken 2 reports from taxpasta/nf-core test data", "Kraken 2 --report-minimizer-data (8 columns)", "Kraken 1 report with '-' rank codes (kraken-biom's test data)", "sourmash 4.9.4 tax metagenome -F kreport"),
        example="  0.02\t119\t0\tR\t1\troot",
    )
)


# --- KrakenUniq reports ---------------------------------------------------------------------------
# KrakenUniq (Breitwieser et al. 2018, Genome Biol 19:198, doi:10.1186/s13059-018-1568-0) writes
# ``# KrakenUniq v1.0.2 ...`` comments, then a header and Kraken-style indented rows with rank words:
#     %  reads  taxReads  kmers  dup  cov  taxID  rank  taxName

KRAKENUNIQ_COLUMNS = ("%", "reads", "taxReads", "kmers", "dup", "cov", "taxID", "rank", "taxName")
_WORD_TO_CODE = {
    "superkingdom": "D",
    "domain": "D",
    # NCBI's 2025 ranks: Viruses is an "acellular root" ("cellular organisms" a "cellular root").
    "acellular root": "D",
    "kingdom": "K",
    "phylum": "P",
    "class": "C",
    "order": "O",
    "family": "F",
    "genus": "G",
    "species": "S",
    # Taxa below a species (the strain in "species > no rank"), as Kraken 2 writes S1.
    "no rank": "S1",
    "subspecies": "S1",
    "strain": "S1",
}


def _sniff_krakenuniq(head: Head) -> bool:
    data = head.data_lines()
    return bool(data) and tuple(f.strip() for f in data[0].split("\t")) == KRAKENUNIQ_COLUMNS


def _read_krakenuniq(path: Path, sample_id: str | None) -> list[Profile]:
    rows: list[_Row] = []
    header_seen = False
    version: str | None = None
    for number, line in numbered_lines(path):
        if not line.strip():
            continue
        if line.startswith("#"):
            match = re.match(r"#\s*KrakenUniq v(\S+)", line)
            version = match.group(1) if match else version
            continue
        fields = line.split("\t")
        if not header_seen:
            if tuple(f.strip() for f in fields) != KRAKENUNIQ_COLUMNS:
                raise InputError(
                    path, number, "expected the KrakenUniq header: " + " ".join(KRAKENUNIQ_COLUMNS), line
                )
            header_seen = True
            continue
        if len(fields) != len(KRAKENUNIQ_COLUMNS):
            raise InputError(
                path, number, f"expected {len(KRAKENUNIQ_COLUMNS)} tab-separated columns", line
            )
        word = fields[7].strip().lower()
        code = _WORD_TO_CODE.get(word, NO_RANK)
        if word == "no rank" and fields[6].strip() == "1":
            code = "R"
        rows.append(_report_row(path, number, fields[0], fields[1], fields[2], code, fields[6], fields[8]))
    if not header_seen:
        raise InputError(path, None, "expected a KrakenUniq report header; the file is empty")
    if not rows:
        raise InputError(path, None, "expected KrakenUniq report rows after the header")
    tool = f"KrakenUniq {version}" if version else "KrakenUniq"
    return _report_profile(path, sample_id, rows, "krakenuniq", tool, version)


register(
    ProfileFormat(
        name="krakenuniq",
        description="KrakenUniq report (%, reads, taxReads, kmers, dup, cov, taxID, rank, taxName)",
        sniff=_sniff_krakenuniq,
        read=_read_krakenuniq,
        versions=("KrakenUniq 1.0.0, 1.0.2",),
        example="%\treads\ttaxReads\tkmers\tdup\tcov\ttaxID\trank\ttaxName",
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
    notes.append(
        "Bracken's table names species without their lineage, so their domain (bacteria, host, "
        "fungus) is unknown here; Bracken's -w report (Kraken-style) keeps it"
    )
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
        versions=("Bracken outputs from the nf-core/taxprofiler test runs (taxpasta test data)",),
        example="name\ttaxonomy_id\ttaxonomy_lvl\tkraken_assigned_reads\tadded_reads\tnew_est_reads\tfraction_total_reads",
    )
)


# --- Kraken 2 --use-mpa-style reports -------------------------------------------------------------
# ``d__Bacteria|p__Proteobacteria|...|s__Escherichia_coli<TAB>1234``: clade read counts, no header,
# no root or unclassified row. Without this reader the MetaPhlAn reader would take the counts for
# percentages, so the sniffer requires what MetaPhlAn never writes: no comment header, ``d__`` at the
# top of ``|``-separated lineages, and whole-number values.

# KrakenTools' kreport2mpa.py (also run on Bracken reports) writes the same; its older versions use
# one underscore (``d_Bacteria|p_Firmicutes``) and ``--display-header`` adds ``#Classification<TAB>name``.
_MPA_STYLE = re.compile(r"^d__?[^|\t;_][^|\t;]*(\|[a-z]__?[^|\t]+)*\t\d+$")
_MPA_HEADER = re.compile(r"^#Classification\t[^\t]+$")
_SINGLE_UNDERSCORE = re.compile(r"^([a-z])_(?!_)")


def _sniff_mpa_style(head: Head) -> bool:
    data = [ln for ln in head.lines if ln.strip()]
    if data and _MPA_HEADER.match(data[0]):
        data = data[1:]
    return (
        bool(data)
        and not any(ln.startswith("#") for ln in data)
        and all(_MPA_STYLE.match(ln) for ln in data)
    )


def _read_mpa_style(path: Path, sample_id: str | None) -> list[Profile]:
    rows: list[tuple[int, Lineage, float]] = []
    header_name: str | None = None
    for number, line in numbered_lines(path):
        if not line.strip():
            continue
        if line.startswith("#"):
            if rows or header_name is not None or not _MPA_HEADER.match(line):
                raise InputError(
                    path, number, "expected lineage rows (only a first '#Classification' header)", line
                )
            header_name = line.split("\t")[1].strip()
            continue
        fields = line.split("\t")
        if len(fields) != 2:
            raise InputError(path, number, "expected 2 tab-separated columns: lineage, reads", line)
        # d_Bacteria (older kreport2mpa) is d__Bacteria; Kraken writes d__Eukaryota|k__Fungi|...:
        # the kingdom below the domain is not a rank here.
        parts = [_SINGLE_UNDERSCORE.sub(r"\1__", p.strip()) for p in fields[0].split("|")]
        parts = [p for p in parts if not (p.startswith("k__") and parts[0].startswith("d__"))]
        lineage = lineage_or_error(path, number, "|".join(parts), underscores_are_spaces=True)
        reads = parse_number(path, number, fields[1], "clade read count")
        rows.append((number, lineage, reads))
    counts = collect_abundances(path, rows, percentages=False)
    classified = sum(v for lin, v in counts.items() if lin.rank == Rank.DOMAIN)
    if classified <= 0:
        raise InputError(path, None, "expected domain rows (d__...) with read counts above 0")
    # Every rank is a share of the classified reads: a rank summing above them is not one report.
    check_rank_sums(path, [(line, lin, 100.0 * v / classified) for line, lin, v in rows])
    abundances = {lin: 100.0 * v / classified for lin, v in counts.items()}
    provenance = Provenance(
        format="kraken2-mpa",
        tool="Kraken 2 / KrakenTools kreport2mpa",
        taxonomy=guess_system(abundances),
        source=str(path),
        notes=(
            (
                "Kraken 2 mpa-style report: percent of classified reads (unclassified reads are "
                "not in this format)"
            ),
        ),
    )
    name = sample_id or (header_name if header_name else None)
    return single_sample(path, name, abundances, None, provenance)


register(
    ProfileFormat(
        name="kraken2-mpa",
        description="Kraken 2 --use-mpa-style report or kreport2mpa output (clade read counts)",
        sniff=_sniff_mpa_style,
        read=_read_mpa_style,
        versions=("Kraken 2.1.2 --use-mpa-style (run in the tests)", "KrakenTools kreport2mpa.py (also its older d_/p_ prefixes)"),
        example="d__Bacteria|p__Firmicutes|c__Bacilli\t1234",
    )
)
