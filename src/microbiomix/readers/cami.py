"""CAMI Bioboxes profiling format (also MetaPhlAn ``--CAMI_format_output`` and mOTUs ``-C``).

Specification: github.com/bioboxes/rfc/tree/master/data-format (profiling.mkd)::

    @SampleID:0
    @Version:0.9.1
    @Ranks:superkingdom|phylum|class|order|family|genus|species
    @@TAXID	RANK	TAXPATH	TAXPATHSN	PERCENTAGE
    2	superkingdom	2	Bacteria	100.0

A file may hold several samples, each a block of ``@`` headers (in any order, as OPAL accepts:
``@Version`` may come before ``@SampleID``) and then ``@@TAXID`` and rows. ``TAXPATHSN`` names align
with ``@Ranks``; empty elements are ranks without a name. A sample is named by its ``@SampleID``
unless that is a placeholder (MetaPhlAn's ``Metaphlan_Analysis``, mOTUs' ``unnamed sample``).
Columns beyond the five are allowed only as the spec's optional ``_``-prefixed ones
(``_CAMI_GENOMEID``, ``_CAMI_OTU``). Gold standards may list two strains of one name under
different TAXIDs; those keep apart as ``name [TAXID]``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from microbiomix.errors import InputError
from microbiomix.profile import Profile, Provenance
from microbiomix.readers import ProfileFormat, default_sample_id, register
from microbiomix.readers.text import (
    Head,
    collect_abundances,
    numbered_lines,
    parse_number,
)
from microbiomix.taxonomy import (
    Lineage,
    Rank,
    TaxonomySystem,
    display_name,
    guess_system,
    rank_from_word,
)

REQUIRED_COLUMNS = ("TAXID", "RANK", "TAXPATH", "TAXPATHSN", "PERCENTAGE")
_PLACEHOLDER_SAMPLES = {"", "metaphlan_analysis", "unnamed sample", "sampleid"}


@dataclass
class _Block:
    sample: str | None
    line: int
    ranks: list[Rank] = field(default_factory=list)
    columns: dict[str, int] = field(default_factory=dict)
    rows: list[tuple[int, Lineage, float, str]] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)


def _sniff(head: Head) -> bool:
    return any(ln.startswith("@@TAXID") for ln in head.lines) or (
        any(ln.upper().startswith("@SAMPLEID") for ln in head.lines)
        and any(ln.startswith("@Ranks") for ln in head.lines)
    )


def _tool(comments: list[str], block: _Block) -> tuple[str, str | None, str | None]:
    """(tool, version, database) from MetaPhlAn/mOTUs comment lines or CAMI headers."""
    for line in comments:
        match = re.match(r"#\s*(mpa_v\S+)", line)
        if match:
            from microbiomix.readers.metaphlan import metaphlan_version

            version = metaphlan_version(match.group(1), 0)
            return (f"MetaPhlAn {version}" if version else "MetaPhlAn", version, match.group(1))
        match = re.search(r"motus version (\S+)", line)
        if match:
            return ("mOTUs", match.group(1), None)
    program = block.headers.get("__program__") or block.headers.get("_program")
    return (program or "unknown (CAMI profile)", None, None)


def _lineage(
    path: Path, number: int, taxpathsn: str, rank: Rank, ranks: list[Rank], metaphlan: bool
) -> Lineage:
    """The lineage of one row; the last TAXPATHSN element is at the row's RANK.

    Real files leave ranks out (NCBI genera with no family: ``Bacillales|Gemella`` at genus) or
    leave the last name empty (MetaPhlAn 4's unnamed genera); the latter is named
    ``<parent> unclassified`` as MetaPhlAn itself does.
    """
    parts = [part.strip() for part in taxpathsn.split("|")]
    if rank not in ranks:
        raise InputError(path, number, f"expected a rank listed in @Ranks, found {rank.label}")
    depth = ranks.index(rank) + 1
    if len(parts) > depth:
        raise InputError(
            path, number, f"expected at most {depth} TAXPATHSN names for rank {rank.label}", taxpathsn
        )
    names: list[str | None] = [None] * (rank + 1)
    for position, part in enumerate(parts[:-1]):
        names[ranks[position]] = display_name(part, metaphlan) or None
    last = display_name(parts[-1], metaphlan)
    if not last:
        parent = next((n for n in reversed(names) if n), None)
        if parent is None:
            raise InputError(path, number, "expected at least one taxon name in TAXPATHSN", taxpathsn)
        last = f"{parent} unclassified"
    names[rank] = last
    return Lineage(tuple(names))


def _read(path: Path, sample_id: str | None) -> list[Profile]:
    blocks: list[_Block] = []
    comments: list[str] = []
    current: _Block | None = None
    for number, line in numbered_lines(path):
        if not line.strip():
            continue
        if line.startswith("#"):
            comments.append(line)
            continue
        if line.startswith("@@"):
            if current is None or current.sample is None:
                raise InputError(path, number, "expected @SampleID before the column header", line)
            header = [h.strip() for h in line[2:].split("\t")]
            for required in REQUIRED_COLUMNS:
                if required not in header:
                    raise InputError(path, number, f"expected a {required} column", line)
            extra = [h for h in header if h not in REQUIRED_COLUMNS and not h.startswith("_")]
            if extra:
                raise InputError(
                    path,
                    number,
                    "expected only the CAMI columns (optional ones start with '_'), found "
                    + ", ".join(extra),
                    line,
                )
            current.columns = {name: i for i, name in enumerate(header)}
            continue
        if line.startswith("@"):
            key, _, header_value = line[1:].partition(":")
            key, header_value = key.strip(), header_value.strip()
            if current is None or current.columns:
                # The first header of a new sample: headers come in any order before @@TAXID.
                current = _Block(sample=None, line=number)
                blocks.append(current)
            if key.upper() == "SAMPLEID":
                if current.sample is not None:
                    raise InputError(path, number, "expected one @SampleID per sample", line)
                current.sample = header_value
            elif key.upper() == "RANKS":
                ranks = []
                for word in header_value.split("|"):
                    rank = rank_from_word(word)
                    if rank is None:
                        raise InputError(path, number, f"unknown rank {word!r} in @Ranks", line)
                    ranks.append(rank)
                current.ranks = ranks
            else:
                current.headers[key] = header_value
            continue
        if current is None or not current.columns:
            raise InputError(path, number, "expected @SampleID, @Ranks and @@TAXID headers first", line)
        if not current.ranks:
            raise InputError(path, current.line, "expected a @Ranks header for this sample")
        fields = line.split("\t")
        cols = current.columns
        # More fields than the header is not CAMI (trailing empty ones are tab litter); fewer is
        # fine while the required columns are there (optional trailing columns left out).
        surplus = len(fields) > len(cols) and any(f.strip() for f in fields[len(cols) :])
        if surplus or len(fields) <= max(cols[name] for name in REQUIRED_COLUMNS):
            raise InputError(
                path,
                number,
                f"expected {len(cols)} tab-separated columns like the @@TAXID header, "
                f"found {len(fields)}",
                line,
            )
        rank = rank_from_word(fields[cols["RANK"]])
        if rank is None:
            raise InputError(path, number, "expected a rank named in @Ranks", fields[cols["RANK"]])
        value = parse_number(path, number, fields[cols["PERCENTAGE"]], "PERCENTAGE")
        names = fields[cols["TAXPATHSN"]]
        if not names.strip():
            raise InputError(path, number, "expected taxon names in TAXPATHSN", line)
        lineage = _lineage(
            path, number, names, rank, current.ranks, any(c.startswith("#mpa_") for c in comments)
        )
        current.rows.append((number, lineage, value, fields[cols["TAXID"]].strip()))
    if not blocks:
        raise InputError(path, None, "expected a CAMI profile (@SampleID header)")
    profiles: list[Profile] = []
    for block in blocks:
        abundances = collect_abundances(path, _distinct_strains(block.rows))
        tool, version, database = _tool(comments, block)
        top = min((lin.rank for lin in abundances), default=Rank.DOMAIN)
        assigned = sum(v for lin, v in abundances.items() if lin.rank == top)
        # CAMI percentages are of the whole sample; what the top rank leaves is unassigned.
        unknown = max(0.0, 100.0 - assigned) if abundances else None
        taxonomy_id = block.headers.get("TaxonomyID", "")
        if "gtdb" in taxonomy_id.lower():
            system = TaxonomySystem.GTDB
        elif "ncbi" in taxonomy_id.lower():
            system = TaxonomySystem.NCBI
        else:
            system = guess_system(abundances) if abundances else TaxonomySystem.NCBI
        declared = block.sample if block.sample is not None else ""
        placeholder = declared.strip().lower() in _PLACEHOLDER_SAMPLES
        if len(blocks) == 1:
            name = sample_id or (default_sample_id(path) if placeholder else declared)
        else:
            name = declared if not placeholder else f"{default_sample_id(path)}_{len(profiles) + 1}"
        provenance = Provenance(
            format="cami",
            tool=tool,
            tool_version=version,
            database=database or taxonomy_id or None,
            taxonomy=system,
            source=str(path),
        )
        profiles.append(Profile(name, abundances, unknown, provenance))
    return profiles


def _distinct_strains(
    rows: list[tuple[int, Lineage, float, str]],
) -> list[tuple[int, Lineage, float]]:
    """Rows as (line, lineage, value); same-named strains under different TAXIDs kept apart.

    Gold standards name strains by their species or genome (two *E. coli* strains both
    ``Escherichia coli``); the TAXID tells them apart. The same name under the same TAXID stays
    a duplicate, which collect_abundances reports.
    """
    taxids: dict[Lineage, set[str]] = {}
    for _, lineage, _, taxid in rows:
        if lineage.rank == Rank.STRAIN:
            taxids.setdefault(lineage, set()).add(taxid)
    shared = {lineage for lineage, ids in taxids.items() if len(ids) > 1}
    result = []
    for line, lineage, value, taxid in rows:
        if lineage in shared:
            lineage = Lineage((*lineage.names[:-1], f"{lineage.name} [{taxid}]"))
        result.append((line, lineage, value))
    return result


register(
    ProfileFormat(
        name="cami",
        description="CAMI Bioboxes profiling format (incl. MetaPhlAn --CAMI_format_output, mOTUs -C)",
        sniff=_sniff,
        read=_read,
        versions=("OPAL/Bioboxes @Version 0.9.1, 0.9.3, 0.10.0", "MetaPhlAn 3 and 4 --CAMI_format_output", "mOTUs 3.0.1 -C", "CAMI gold standards (_CAMI_GENOMEID columns)"),
        example="@@TAXID\tRANK\tTAXPATH\tTAXPATHSN\tPERCENTAGE",
    )
)
