"""sourmash outputs: ``gather`` CSV and the ``tax metagenome`` summaries.

* ``sourmash gather -o out.csv``: one row per matched genome; ``f_unique_weighted`` is the share of
  the abundance-weighted query k-mers assigned to that match. No taxonomy: taxa are match names.
* ``tax metagenome -F csv_summary``: ``query_name, rank, fraction, lineage, ..., f_weighted_at_rank``
  for every rank. ``f_weighted_at_rank`` (abundance-weighted) is used when present.
* ``-F krona``: ``fraction`` then one column per rank down to ``--rank``.
* ``-F lineage_summary``: ``lineage`` then one column per sample (several samples per file).
* ``-F human``: a text table ``sample name  proportion  cANI  lineage``.
* ``-F kreport`` is read by kraken.py, ``-F bioboxes`` by cami.py.

krona and lineage_summary carry sourmash's unweighted ``fraction`` (share of distinct query k-mers),
csv_summary and human the abundance-weighted one; the notes on each profile say which.
Reference: Irber et al. 2024, JOSS 9:6830, doi:10.21105/joss.06830 (sourmash 4.9.4 output).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from microbiomix.errors import InputError
from microbiomix.profile import Profile, Provenance
from microbiomix.readers import ProfileFormat, default_sample_id, register, single_sample
from microbiomix.readers.text import (
    Head,
    collect_abundances,
    lineage_or_error,
    numbered_lines,
    parse_number,
)
from microbiomix.taxonomy import Lineage, Rank, TaxonomySystem, guess_system, rank_from_word

_RANKS = [Rank(r) for r in range(len(Rank))]
_UNWEIGHTED = "unweighted sourmash fraction (share of distinct query k-mers, not of abundance)"
_WEIGHTED = "abundance-weighted sourmash fraction (f_weighted_at_rank / f_unique_weighted)"


def _system(abundances: dict[Lineage, float]) -> TaxonomySystem:
    return guess_system(abundances)


def _provenance(path: Path, fmt: str, system: TaxonomySystem, *notes: str) -> Provenance:
    return Provenance(
        format=fmt,
        tool="sourmash",
        taxonomy=system,
        source=str(path),
        notes=tuple(notes),
    )


def _unclassified(text: str) -> bool:
    parts = [p.strip() for p in re.split(r"[;|]", text) if p.strip()]
    return bool(parts) and all(p.lower() == "unclassified" for p in parts)


def _csv_rows(path: Path, delimiter: str) -> tuple[int, list[str], list[tuple[int, list[str]]]]:
    """(header line, header, [(line, fields)]) of a CSV/TSV file, with line numbers."""
    header: list[str] | None = None
    header_line = 0
    rows: list[tuple[int, list[str]]] = []
    for number, line in numbered_lines(path):
        if not line.strip():
            continue
        try:
            fields = next(csv.reader(io.StringIO(line), delimiter=delimiter))
        except csv.Error as exc:
            raise InputError(
                path, number, f"expected a {delimiter!r}-separated row ({exc})", line
            ) from None
        if header is None:
            header, header_line = [f.strip() for f in fields], number
            continue
        if len(fields) != len(header):
            raise InputError(
                path,
                number,
                f"expected {len(header)} column(s) like the header, found {len(fields)}",
                line,
            )
        rows.append((number, fields))
    if header is None:
        raise InputError(path, None, "expected a header row; the file is empty")
    return header_line, header, rows


def _first_fields(head: Head, delimiter: str) -> list[str]:
    data = head.data_lines(comment="\0")
    if not data:
        return []
    try:
        return [f.strip() for f in next(csv.reader(io.StringIO(data[0]), delimiter=delimiter))]
    except csv.Error:
        return []


def _sample_name(query: str, path: Path, sample_id: str | None, single: bool) -> str:
    if single:
        return sample_id or default_sample_id(path)
    return query or default_sample_id(path)


# --- gather CSV ----------------------------------------------------------------------------------


def _sniff_gather(head: Head) -> bool:
    fields = _first_fields(head, ",")
    return "f_unique_weighted" in fields and "name" in fields and "intersect_bp" in fields


def _read_gather(path: Path, sample_id: str | None) -> list[Profile]:
    _, header, rows = _csv_rows(path, ",")
    for column in ("f_unique_weighted", "name"):
        if column not in header:
            raise InputError(path, 1, f"expected a {column!r} column (sourmash gather CSV)")
    weight, name_col = header.index("f_unique_weighted"), header.index("name")
    query_col = header.index("query_name") if "query_name" in header else None
    samples: dict[str, list[tuple[int, Lineage, float]]] = {}
    for number, fields in rows:
        value = parse_number(path, number, fields[weight], "f_unique_weighted")
        if value > 1.0 + 1e-9:
            raise InputError(
                path, number, "expected f_unique_weighted between 0 and 1", fields[weight]
            )
        name = fields[name_col].strip()
        if not name:
            raise InputError(path, number, "expected a match name", ",".join(fields))
        query = fields[query_col].strip() if query_col is not None else ""
        lineage = Lineage((None,) * Rank.STRAIN + (name,))
        samples.setdefault(query, []).append((number, lineage, value * 100.0))
    profiles = []
    for query, sample_rows in samples.items():
        abundances = collect_abundances(path, sample_rows)
        unknown = max(0.0, 100.0 - sum(abundances.values()))
        provenance = _provenance(
            path,
            "sourmash-gather",
            TaxonomySystem.UNKNOWN,
            _WEIGHTED,
            "gather matches are genomes without taxonomy; run 'sourmash tax metagenome' to name them",
        )
        name = _sample_name(query, path, sample_id, len(samples) == 1)
        profiles.append(Profile(name, abundances, unknown, provenance))
    return profiles


# --- tax metagenome csv_summary -----------------------------------------------------------------


def _sniff_summary(head: Head) -> bool:
    fields = _first_fields(head, ",")
    return fields[:4] == ["query_name", "rank", "fraction", "lineage"]


def _read_summary(path: Path, sample_id: str | None) -> list[Profile]:
    _, header, rows = _csv_rows(path, ",")
    if header[:4] != ["query_name", "rank", "fraction", "lineage"]:
        raise InputError(path, 1, "expected columns query_name, rank, fraction, lineage")
    weighted = "f_weighted_at_rank" in header
    column = header.index("f_weighted_at_rank") if weighted else 2
    samples: dict[str, list[tuple[int, Lineage, float]]] = {}
    unknown: dict[str, float] = {}
    for number, fields in rows:
        query, rank_word, lineage_text = fields[0].strip(), fields[1].strip(), fields[3].strip()
        rank = rank_from_word(rank_word)
        if rank is None:
            raise InputError(
                path, number, "expected a rank name (superkingdom ... species, strain)", rank_word
            )
        value = parse_number(path, number, fields[column], header[column]) * 100.0
        samples.setdefault(query, [])
        if _unclassified(lineage_text):
            unknown.setdefault(query, value)
            continue
        lineage = lineage_or_error(path, number, lineage_text, _RANKS)
        if lineage.rank != rank:
            raise InputError(
                path, number, f"expected a lineage ending at rank {rank_word}", lineage_text
            )
        samples[query].append((number, lineage, value))
    profiles = []
    for query, sample_rows in samples.items():
        abundances = collect_abundances(path, sample_rows)
        notes = [_WEIGHTED if weighted else _UNWEIGHTED]
        provenance = _provenance(path, "sourmash-csv-summary", _system(abundances), *notes)
        name = _sample_name(query, path, sample_id, len(samples) == 1)
        profiles.append(Profile(name, abundances, unknown.get(query, 0.0), provenance))
    return profiles


# --- krona ----------------------------------------------------------------------------------------


def _sniff_krona(head: Head) -> bool:
    fields = _first_fields(head, "\t")
    return (
        len(fields) >= 2
        and fields[0] == "fraction"
        and all(rank_from_word(f) is not None for f in fields[1:])
    )


def _read_krona(path: Path, sample_id: str | None) -> list[Profile]:
    header_line, header, rows = _csv_rows(path, "\t")
    ranks = [rank_from_word(word) for word in header[1:]]
    if header[0] != "fraction" or not ranks or any(r is None for r in ranks):
        raise InputError(
            path, header_line, "expected columns fraction, then rank names", "\t".join(header)
        )
    rank_list = [r for r in ranks if r is not None]
    leaves: list[tuple[int, Lineage, float]] = []
    unknown = 0.0
    for number, fields in rows:
        value = parse_number(path, number, fields[0], "fraction") * 100.0
        names = [f.strip() for f in fields[1:]]
        if _unclassified(";".join(names)):
            unknown += value
            continue
        lineage = lineage_or_error(path, number, ";".join(names), rank_list)
        leaves.append((number, lineage, value))
    abundances = collect_abundances(path, leaves)
    provenance = _provenance(path, "sourmash-krona", _system(abundances), _UNWEIGHTED)
    return single_sample(path, sample_id, abundances, unknown, provenance)


# --- lineage_summary ------------------------------------------------------------------------------


def _sniff_lineage_summary(head: Head) -> bool:
    fields = _first_fields(head, "\t")
    return len(fields) >= 2 and fields[0] == "lineage"


def _read_lineage_summary(path: Path, sample_id: str | None) -> list[Profile]:
    header_line, header, rows = _csv_rows(path, "\t")
    samples = header[1:]
    if header[0] != "lineage" or not samples:
        raise InputError(
            path, header_line, "expected columns lineage, then one per sample", "\t".join(header)
        )
    if len(set(samples)) != len(samples):
        raise InputError(
            path, header_line, "expected unique sample names in the header", "\t".join(header)
        )
    columns: list[list[tuple[int, Lineage, float]]] = [[] for _ in samples]
    unknown = [0.0 for _ in samples]
    for number, fields in rows:
        values = [
            parse_number(path, number, text, f"sample {samples[i]!r}") * 100.0
            for i, text in enumerate(fields[1:])
        ]
        if _unclassified(fields[0]):
            unknown = [u + v for u, v in zip(unknown, values, strict=True)]
            continue
        lineage = lineage_or_error(path, number, fields[0], _RANKS)
        for i, value in enumerate(values):
            columns[i].append((number, lineage, value))
    profiles = []
    for i, sample in enumerate(samples):
        abundances = collect_abundances(path, columns[i])
        provenance = _provenance(path, "sourmash-lineage-summary", _system(abundances), _UNWEIGHTED)
        name = _sample_name(sample, path, sample_id, len(samples) == 1)
        profiles.append(Profile(name, abundances, unknown[i], provenance))
    return profiles


# --- human ----------------------------------------------------------------------------------------

_HUMAN_HEADER = re.compile(r"^sample name\s+proportion\s+cANI\s+lineage\s*$")
_HUMAN_ROW = re.compile(
    r"^(?P<sample>\S.*?)\s+(?P<percent>\d+(?:\.\d+)?)%\s+(?P<ani>\S+)\s+(?P<lineage>\S.*?)\s*$"
)


def _sniff_human(head: Head) -> bool:
    data = head.data_lines()
    return bool(data) and _HUMAN_HEADER.match(data[0]) is not None


def _read_human(path: Path, sample_id: str | None) -> list[Profile]:
    header_seen = False
    samples: dict[str, list[tuple[int, Lineage, float]]] = {}
    unknown: dict[str, float] = {}
    for number, line in numbered_lines(path):
        if not line.strip():
            continue
        if not header_seen:
            if _HUMAN_HEADER.match(line) is None:
                raise InputError(
                    path,
                    number,
                    "expected the header 'sample name  proportion  cANI  lineage'",
                    line,
                )
            header_seen = True
            continue
        if re.fullmatch(r"[-\s]+", line):
            continue
        match = _HUMAN_ROW.match(line)
        if match is None:
            raise InputError(path, number, "expected 'sample  NN.N%  cANI  lineage'", line)
        sample = match.group("sample")
        value = float(match.group("percent"))
        samples.setdefault(sample, [])
        if _unclassified(match.group("lineage")):
            unknown[sample] = unknown.get(sample, 0.0) + value
            continue
        lineage = lineage_or_error(path, number, match.group("lineage"), _RANKS)
        samples[sample].append((number, lineage, value))
    if not header_seen:
        raise InputError(
            path, None, "expected a sourmash human-readable summary; the file is empty"
        )
    profiles = []
    for sample, rows in samples.items():
        abundances = collect_abundances(path, rows)
        provenance = _provenance(
            path,
            "sourmash-human",
            _system(abundances),
            _WEIGHTED,
            "percentages rounded to 0.1 by sourmash",
        )
        name = _sample_name(sample, path, sample_id, len(samples) == 1)
        profiles.append(Profile(name, abundances, unknown.get(sample, 0.0), provenance))
    return profiles


for _fmt in (
    ProfileFormat(
        "sourmash-gather",
        "sourmash gather CSV (f_unique_weighted per match)",
        _sniff_gather,
        _read_gather,
        versions=("sourmash 4.9.4 (run in the tests)", "sourmash 4.5.0 (sourmash's own test data)"),
        example="intersect_bp,f_orig_query,f_match,f_unique_to_query,f_unique_weighted,...,name,...,query_name,...",
    ),
    ProfileFormat(
        "sourmash-csv-summary",
        "sourmash tax metagenome csv_summary",
        _sniff_summary,
        _read_summary,
        versions=("sourmash 4.9.4 tax metagenome -F csv_summary",),
        example="query_name,rank,fraction,lineage,query_md5,query_filename,f_weighted_at_rank,bp_match_at_rank,...",
    ),
    ProfileFormat(
        "sourmash-krona",
        "sourmash tax metagenome krona TSV",
        _sniff_krona,
        _read_krona,
        versions=("sourmash 4.9.4 tax metagenome -F krona",),
        example="fraction\tsuperkingdom\tphylum\tclass\torder\tfamily\tgenus\tspecies",
    ),
    ProfileFormat(
        "sourmash-lineage-summary",
        "sourmash tax metagenome lineage_summary (multi-sample)",
        _sniff_lineage_summary,
        _read_lineage_summary,
        versions=("sourmash 4.9.4 tax metagenome -F lineage_summary",),
        example="lineage\tsample1\tsample2",
    ),
    ProfileFormat(
        "sourmash-human",
        "sourmash tax metagenome human-readable table",
        _sniff_human,
        _read_human,
        versions=("sourmash 4.9.4 tax metagenome -F human",),
        example="sample name    proportion   cANI   lineage",
    ),
):
    register(_fmt)
