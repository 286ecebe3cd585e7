"""HUMAnN functional tables (HUMAnN 2, 3 and 4): gene families, pathway abundance, pathway
coverage, and tables regrouped with ``humann_regroup_table`` (KO, EC, MetaCyc reactions, Pfam, GO);
one sample or many (``humann_join_tables``); stratified (``FEATURE|g__Genus.s__species``,
``FEATURE|unclassified``) or not.

Format, as HUMAnN writes it (read from its own outputs, ``humann/tests/data`` of humann 3.9)::

    # Gene Family<TAB>demo_Abundance-RPKs
    UNMAPPED<TAB>100.0
    UniRef50_R5IH84<TAB>37.03
    UniRef50_R5IH84|g__Bacteroides.s__Bacteroides_stercoris<TAB>37.03

The unit comes from the column headers: ``-RPKs`` (HUMAnN's raw unit), ``-CPM`` / ``-RELAB``
(written by ``humann_renorm_table --update-snames``), ``_Coverage`` (pathway coverage); a pathway
table's ``_Abundance`` is HUMAnN's raw pathway unit, derived from RPK. ``humann_renorm_table``
without ``--update-snames`` keeps the old header, so a column whose community rows sum to 1,000,000
(or 1) is CPM (or relative abundance) whatever its header says, and the profile notes it. A column
whose header names no unit and whose sum is neither is ``unknown``: never assumed.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from microbiomix.errors import InputError
from microbiomix.functional import (
    UNCLASSIFIED,
    FunctionalProfile,
    FunctionalProvenance,
    FunctionalUnit,
)
from microbiomix.readers.text import Head, numbered_lines, parse_number, read_head

SPECIAL_ROWS = ("UNMAPPED", "READS_UNMAPPED", "UNINTEGRATED", "UNGROUPED")
# HUMAnN 4 puts its version and unit in the first header cell and names the column by the sample
# alone: '# Gene Family HUMAnN v4.0.0.alpha.2 RPKs<TAB>htest' (read from a HUMAnN 4.0.0a2 output,
# see tests/data/humann/README.md).
_V4_HEADER = re.compile(r"HUMAnN v(?P<version>\S+)(?:\s+(?P<unit>.+?))?\s*$")
_V4_UNITS = {
    "rpks": FunctionalUnit.RPK,
    "rpk": FunctionalUnit.RPK,
    "cpms": FunctionalUnit.CPM,
    "cpm": FunctionalUnit.CPM,
    "adjusted cpms": FunctionalUnit.CPM,
    "relab": FunctionalUnit.RELAB,
}
_UNIT_SUFFIXES: tuple[tuple[str, FunctionalUnit], ...] = (
    ("_abundance-rpks", FunctionalUnit.RPK),
    ("-rpks", FunctionalUnit.RPK),
    ("-rpk", FunctionalUnit.RPK),
    ("_abundance-cpm", FunctionalUnit.CPM),
    ("-cpm", FunctionalUnit.CPM),
    ("_abundance-relab", FunctionalUnit.RELAB),
    ("-relab", FunctionalUnit.RELAB),
    ("_coverage", FunctionalUnit.COVERAGE),
)
_EC = re.compile(r"^\d+\.(\d+|-)\.(\d+|-)\.(n?\d+|-)$")
_KO = re.compile(r"^K\d{5}$")
_PFAM = re.compile(r"^PF\d{5}$")
_SUM_TOLERANCE = 1e-3  # humann_renorm_table writes %.6g: sums drift by far less than this


def sniff(head: Head) -> bool:
    """A HUMAnN table: a ``#`` header line with at least two tab-separated cells whose first is a
    HUMAnN feature header, then rows keyed by HUMAnN features or special rows."""
    lines = [ln for ln in head.lines if ln.strip()]
    if not lines or not lines[0].startswith("#") or "\t" not in lines[0]:
        return False
    first_cell = lines[0].split("\t", 1)[0].lstrip("#").strip().lower()
    rows = [ln.split("\t", 1)[0] for ln in lines[1:]]
    if any(r.split("|", 1)[0] in SPECIAL_ROWS for r in rows):
        return True
    if first_cell in {"gene family", "pathway"}:
        return True
    ids = [r.split("|", 1)[0].split(": ", 1)[0] for r in rows]
    return bool(ids) and Counter(_namespace_of(i) for i in ids).most_common(1)[0][0] not in {
        "other",
        "metacyc_pathway",
    }


def _namespace_of(feature: str) -> str:
    if feature.startswith("UniRef90_"):
        return "uniref90"
    if feature.startswith("UniRef50_"):
        return "uniref50"
    if feature.startswith("UniClust90_"):
        return "uniclust90"
    if _KO.match(feature):
        return "ko"
    if _EC.match(feature):
        return "ec"
    if feature.endswith("-RXN") or feature.startswith("RXN"):
        return "metacyc_reaction"
    if _PFAM.match(feature):
        return "pfam"
    if feature.startswith("GO:"):
        return "go"
    return "other"


def _table_namespace(path: Path, header_cell: str, ids: list[str]) -> str:
    """What the table's features are: decided by most of its ids; a ``# Pathway`` header makes
    ids that match no other namespace MetaCyc pathways (their ids have no common pattern)."""
    counts = Counter(_namespace_of(i) for i in ids)
    if not counts:
        return "metacyc_pathway" if header_cell == "pathway" else "other"
    namespace, _ = counts.most_common(1)[0]
    if namespace == "other" and header_cell == "pathway":
        return "metacyc_pathway"
    return namespace


def sample_and_unit(column: str) -> tuple[str, FunctionalUnit | None, bool]:
    """(sample id, unit named by the header or None, header is HUMAnN's bare ``_Abundance``)."""
    lowered = column.lower()
    for suffix, unit in _UNIT_SUFFIXES:
        if lowered.endswith(suffix) and len(column) > len(suffix):
            return column[: -len(suffix)], unit, False
    if lowered.endswith("_abundance") and len(column) > len("_abundance"):
        return column[: -len("_abundance")], None, True
    return column, None, False


def _decide_unit(
    header_unit: FunctionalUnit | None, bare_abundance: bool, namespace: str, total: float,
    column: str,
) -> tuple[FunctionalUnit, str | None]:
    """The unit and, when the values overrule or complete the header, a note saying why."""
    if header_unit is FunctionalUnit.COVERAGE:
        return header_unit, None
    if abs(total - 1e6) <= 1e6 * _SUM_TOLERANCE:
        if header_unit is FunctionalUnit.CPM:
            return header_unit, None
        return FunctionalUnit.CPM, (
            f"column {column!r}: community rows sum to 1,000,000, as humann_renorm_table --units "
            "cpm makes them, so the values are read as CPM (the header does not say CPM)"
        )
    if total > 0 and abs(total - 1.0) <= _SUM_TOLERANCE:
        if header_unit is FunctionalUnit.RELAB:
            return header_unit, None
        return FunctionalUnit.RELAB, (
            f"column {column!r}: community rows sum to 1, as humann_renorm_table --units relab "
            "makes them, so the values are read as relative abundance (the header does not say so)"
        )
    if header_unit is not None:
        return header_unit, None
    if bare_abundance and namespace == "metacyc_pathway":
        return FunctionalUnit.RPK, (
            f"column {column!r}: HUMAnN pathway abundance, in its RPK-derived units "
            "(proportional to complete pathway copies)"
        )
    return FunctionalUnit.UNKNOWN, (
        f"column {column!r}: the header names no unit (HUMAnN 3 appends -RPKs, -CPM or -RELAB to the "
        "sample; HUMAnN 4 writes it in the first header cell) and the values do not sum to 1 or "
        "1,000,000, so the unit is unknown"
    )


def _first_header_cell(
    path: Path, line: int, cell: str
) -> tuple[str, str | None, FunctionalUnit | None]:
    """(feature header in lower case, HUMAnN version, unit) of the first header cell; HUMAnN 3
    writes only '# Gene Family' / '# Pathway', HUMAnN 4 adds 'HUMAnN v<version> <unit>'."""
    text = cell.lstrip("#").strip()
    match = _V4_HEADER.search(text)
    if match is None:
        return text.lower(), None, None
    unit_text = (match.group("unit") or "").strip().lower()
    unit = _V4_UNITS.get(unit_text) if unit_text else None
    if unit_text and unit is None:
        raise InputError(path, line, f"unknown unit {match.group('unit')!r} in the HUMAnN header; "
                         f"expected one of: {', '.join(sorted(_V4_UNITS))}", cell)
    return text[: match.start()].strip().lower(), match.group("version"), unit


def _tool_version(path: Path) -> str | None:
    """HUMAnN 4 names its outputs ``<sample>_2_genefamilies.tsv``, ``_3_reactions``,
    ``_4_pathabundance``; HUMAnN 3 ``<sample>_genefamilies.tsv``. Anything else: not known."""
    name = path.name
    if re.search(r"_[2-5]_(genefamilies|reactions|pathabundance|pathcoverage)", name):
        return "4"
    return None


def read_humann(path: str | Path, sample_id: str | None = None) -> list[FunctionalProfile]:
    """Every sample (column) of a HUMAnN table.

    Args:
        path: the table (TSV, optionally gzip-compressed).
        sample_id: new name for the sample of a single-sample table.

    Raises:
        InputError: the file is not a HUMAnN table, or a row is malformed (file and line named).
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(path, None, "file not found or not a regular file")
    header: list[str] | None = None
    header_line = 0
    rows: list[tuple[int, str, str | None, list[float]]] = []
    seen: dict[tuple[str, str | None], int] = {}
    for number, line in numbered_lines(path):
        if not line.strip():
            continue
        fields = line.split("\t")
        if header is None:
            if not line.startswith("#") or len(fields) < 2:
                raise InputError(
                    path, number,
                    "expected a HUMAnN header line ('# Gene Family<TAB>sample_Abundance-RPKs' or "
                    "'# Pathway<TAB>sample_Abundance')", line,
                )
            header, header_line = fields, number
            continue
        if line.startswith("#"):
            continue
        if len(fields) != len(header):
            raise InputError(
                path, number,
                f"expected {len(header)} tab-separated fields as in the header on line "
                f"{header_line}, found {len(fields)}", line,
            )
        key = fields[0]
        feature, _, stratum = key.partition("|")
        if not feature:
            raise InputError(path, number, "expected a feature id in the first column", line)
        values = [
            parse_number(path, number, text, f"sample {header[i + 1]!r}")
            for i, text in enumerate(fields[1:])
        ]
        ident = (feature, stratum or None)
        if ident in seen:
            raise InputError(path, number, f"row listed twice (first on line {seen[ident]})", key)
        seen[ident] = number
        rows.append((number, feature, stratum or None, values))
    if header is None:
        raise InputError(path, None, "empty file: expected a HUMAnN table")
    if not rows:
        raise InputError(path, None, "no rows after the header: expected HUMAnN features")
    header_cell, header_version, first_cell_unit = _first_header_cell(path, header_line, header[0])
    plain_ids = [f.split(": ", 1)[0] for _, f, _, _ in rows if f not in SPECIAL_ROWS]
    namespace = _table_namespace(path, header_cell, plain_ids)
    columns = [c.strip() for c in header[1:]]
    version = header_version or _tool_version(path)
    profiles: list[FunctionalProfile] = []
    sample_ids: dict[str, str] = {}
    for index, column in enumerate(columns):
        name, header_unit, bare = sample_and_unit(column)
        if first_cell_unit is not None and header_unit is None:
            header_unit = first_cell_unit
        if not name:
            raise InputError(path, header_line, f"column {index + 2} has no sample name", column)
        if name in sample_ids:
            raise InputError(path, header_line, f"sample {name!r} appears in two columns "
                             f"({sample_ids[name]!r} and {column!r})")
        sample_ids[name] = column
        profiles.append(_column_profile(path, rows, index, column, name, header_unit, bare,
                                        namespace, version))
    if sample_id is not None:
        if len(profiles) != 1:
            raise InputError(path, None, f"a sample name was given but the table holds "
                             f"{len(profiles)} samples")
        profiles[0].sample_id = sample_id
    return profiles


def _column_profile(
    path: Path, rows: list[tuple[int, str, str | None, list[float]]], index: int, column: str,
    sample: str, header_unit: FunctionalUnit | None, bare: bool, namespace: str,
    version: str | None,
) -> FunctionalProfile:
    totals: dict[str, float] = {}
    strata: dict[str, dict[str, float]] = {}
    names: dict[str, str] = {}
    specials: dict[str, float] = {}
    special_strata: dict[str, dict[str, float]] = {}
    for _, feature, stratum, values in rows:
        value = values[index]
        ident, _, label = feature.partition(": ")
        if label:
            names[ident] = label
        if ident in SPECIAL_ROWS:
            if stratum is None:
                specials[ident] = value
            elif value:
                special_strata.setdefault(ident, {})[stratum] = value
            continue
        if stratum is None:
            totals[ident] = value
        elif value:
            strata.setdefault(ident, {})[stratum] = value
    community = sum(totals.values()) + sum(specials.values())
    unit, note = _decide_unit(header_unit, bare, namespace, community, column)
    measure = "coverage" if unit is FunctionalUnit.COVERAGE else "abundance"
    notes = [note] if note else []
    if not any(v > 0 for v in totals.values()):
        notes.append("no feature has a value (HUMAnN found none, e.g. no pathway without its "
                     "gene-to-reaction map): nothing can be measured from this table")
    elif not strata:
        notes.append("no stratified rows: which species carry each function is not known")
    elif all(set(s) == {UNCLASSIFIED} for s in strata.values()):
        notes.append("every stratified row is 'unclassified': no species could be named")
    return FunctionalProfile(
        sample_id=sample,
        namespace=namespace,
        measure=measure,
        unit=unit,
        totals={k: v for k, v in totals.items() if v > 0},
        strata=strata,
        names=names,
        provenance=FunctionalProvenance(
            tool="HUMAnN" + (f" {version.split('.')[0]}" if version else ""),
            source=str(path),
            column=column,
            tool_version=version,
            notes=tuple(notes),
        ),
        unmapped=specials.get("UNMAPPED", specials.get("READS_UNMAPPED")),
        unintegrated=specials.get("UNINTEGRATED"),
        ungrouped=specials.get("UNGROUPED"),
        special_strata=special_strata,
    )


def looks_like_humann(path: str | Path) -> bool:
    """True when the start of ``path`` looks like a HUMAnN table (for commands that take both
    taxonomic and functional files)."""
    return sniff(read_head(Path(path)))
