"""mOTUs 2/3 and 4 native profiles (``motus profile`` without ``-C``; ``-C`` output is read by cami.py).

Layout (mOTUs wiki and output examples; one or more sample columns, ``motus merge`` gives several)::

    # git tag version 3.0.3 |  motus version 3.0.3 | ... | calc_motu 3.0.3 -k mOTU ... | taxonomy: ...
    # call: ...
    #consensus_taxonomy	NCBI_tax_id	sample          (-p adds NCBI_tax_id)
    Leptospira alexanderi [ref_mOTU_v3_00001]	100053	0.0012
    unassigned	NA	0.25

``-q`` prints the full lineage (``k__Bacteria|p__...|s__...``) and the mOTU id in its own column.
Values are relative abundances (or read counts with ``-c``); both are scaled here to percent of the
total including ``unassigned`` (the share of marker-gene reads mOTUs could not place), which becomes
the unknown fraction. Each mOTU is a strain-rank taxon below its species name; species and higher
ranks are sums over mOTUs.

mOTUs cannot name many of its mOTUs and prints a placeholder (``Firmicutes species incertae sedis
[meta_mOTU_v3_12231]``, ``Prevotella sp. [ref_mOTU_v3_03644]``); one placeholder covers many distinct
mOTUs, so such a species keeps its mOTU id in its name and each counts as its own species.

mOTUs 4 (``#tool_version=4...`` first line, then ``mOTU<TAB>Taxonomy<TAB>sample...`` without ``#``)
names mOTUs with GTDB lineages (``d__Bacteria;...;s__Escherichia coli``); ``value_type=counts`` or
relative abundances, both scaled as above. An mOTU whose lineage stops above species becomes a
species named by its mOTU id.
"""

from __future__ import annotations

import re
from pathlib import Path

from microbiomix.errors import InputError
from microbiomix.profile import Profile, Provenance, add_ancestors
from microbiomix.readers import ProfileFormat, default_sample_id, register
from microbiomix.readers.text import (
    Head,
    collect_abundances,
    lineage_or_error,
    numbered_lines,
    parse_number,
)
from microbiomix.taxonomy import Lineage, Rank, TaxonomySystem, rank_from_word

_MOTU_ID = re.compile(r"^(.*?)\s*\[((?:ref|meta|ext)_mOTU_v\d+_\d+)\]\s*$")
# Placeholders mOTUs prints for a species it cannot name (several distinct mOTUs share each one).
_UNNAMED = re.compile(r"(incertae sedis|\bsp\.|\bspecies)$", re.IGNORECASE)
_UNASSIGNED_NAMES = ("unassigned", "-1")
_KNOWN_COLUMNS = {"mOTU", "mOTU_ID", "consensus_taxonomy", "NCBI_tax_id", "ncbi_tax_id"}


def _header(line: str) -> list[str] | None:
    """The column names when ``line`` is the mOTUs column header."""
    names = [f.strip().lstrip("#").strip() for f in line.split("\t")]
    return names if "consensus_taxonomy" in names else None


def _sniff(head: Head) -> bool:
    if not any("motus version" in ln or "mOTU" in ln for ln in head.lines):
        return False
    return any(ln.startswith("#") and _header(ln) for ln in head.lines) and not any(
        ln.startswith("@") for ln in head.lines
    )


def _level(comments: list[str]) -> Rank | None:
    """The taxonomic level of a profile made with ``-k`` (None for the default, mOTU)."""
    for line in comments:
        match = re.search(r"calc_motu \S+ -k (\S+)", line)
        if match and match.group(1) != "mOTU":
            return rank_from_word(match.group(1))
    return None


def _version(comments: list[str]) -> str | None:
    for line in comments:
        match = re.search(r"motus version (\S+)", line)
        if match:
            return match.group(1)
    return None


def _lineage(
    path: Path, number: int, taxonomy: str, motu: str | None, level: Rank | None
) -> Lineage:
    match = _MOTU_ID.match(taxonomy)
    if match:
        taxonomy, motu = match.group(1), motu or match.group(2)
    taxonomy = taxonomy.strip()
    if not taxonomy:
        raise InputError(path, number, "expected a consensus taxonomy name", taxonomy)
    if re.match(r"^[a-z]__", taxonomy):
        base = lineage_or_error(path, number, taxonomy)
        names = list(base.names)
    else:
        rank = level if level is not None else Rank.SPECIES
        names = [None] * rank + [taxonomy]
    if level is None and motu:
        names = names + [None] * (Rank.SPECIES + 1 - len(names))
        species = names[Rank.SPECIES]
        if species is not None and _UNNAMED.search(species):
            names[Rank.SPECIES] = f"{species} [{motu}]"
        return Lineage((*names[: Rank.SPECIES + 1], motu))
    return Lineage(tuple(names))


def _read(path: Path, sample_id: str | None) -> list[Profile]:
    comments: list[str] = []
    header: list[str] | None = None
    samples: list[str] = []
    columns: list[list[tuple[int, Lineage, float]]] = []
    unassigned: list[float] = []
    unassigned_line: int | None = None
    for number, line in numbered_lines(path):
        if not line.strip():
            continue
        if header is None and line.startswith("#"):
            found = _header(line)
            if found is None:
                comments.append(line)
                continue
            header = found
            samples = [n for n in header if n not in _KNOWN_COLUMNS]
            if not samples:
                raise InputError(path, number, "expected at least one sample column", line)
            columns = [[] for _ in samples]
            unassigned = [0.0 for _ in samples]
            continue
        if header is None:
            raise InputError(
                path, number, "expected the #consensus_taxonomy column header first", line
            )
        fields = line.split("\t")
        if len(fields) != len(header):
            raise InputError(
                path, number, f"expected {len(header)} tab-separated columns like the header", line
            )
        row = dict(zip(header, fields, strict=True))
        values = [parse_number(path, number, row[s], f"sample {s!r}") for s in samples]
        taxonomy = row["consensus_taxonomy"].strip()
        if taxonomy in _UNASSIGNED_NAMES:
            if unassigned_line is not None:
                raise InputError(
                    path, number, f"'unassigned' listed twice (first on line {unassigned_line})"
                )
            unassigned_line = number
            unassigned = values
            continue
        motu = (row.get("mOTU") or row.get("mOTU_ID") or "").strip() or None
        lineage = _lineage(path, number, taxonomy, motu, _level(comments))
        for i, value in enumerate(values):
            columns[i].append((number, lineage, value))
    if header is None:
        raise InputError(path, None, "expected a mOTUs profile (#consensus_taxonomy header)")
    return _profiles(
        path, sample_id, samples, columns, unassigned, "motus", _version(comments), TaxonomySystem.NCBI
    )


def _profiles(
    path: Path,
    sample_id: str | None,
    samples: list[str],
    columns: list[list[tuple[int, Lineage, float]]],
    unassigned: list[float],
    fmt: str,
    version: str | None,
    system: TaxonomySystem,
) -> list[Profile]:
    """One profile per sample column: values scaled to percent of the column incl. unassigned."""
    profiles = []
    for i, sample in enumerate(samples):
        # Values are counts or fractions: duplicates are checked here, sums after scaling.
        leaves = collect_abundances(path, columns[i], percentages=False)
        total = sum(leaves.values()) + unassigned[i]
        if total > 0:
            leaves = {lin: v / total * 100.0 for lin, v in leaves.items()}
        unknown = unassigned[i] / total * 100.0 if total > 0 else None
        provenance = Provenance(
            format=fmt,
            tool=f"mOTUs {version}" if version else "mOTUs",
            tool_version=version,
            taxonomy=system,
            source=str(path),
            notes=(
                f"mOTUs names follow the {system.name} taxonomy; unknown = the 'unassigned' row",
                "unnamed mOTUs (incertae sedis, 'sp.') are kept apart by their mOTU id",
            ),
        )
        name = (sample_id or default_sample_id(path)) if len(samples) == 1 else sample
        profiles.append(Profile(name, add_ancestors(leaves), unknown, provenance))
    return profiles


# --- mOTUs 4 -----------------------------------------------------------------------------------

_V4_TOOL_LINE = re.compile(r"^#\s*tool_version=(\S+)")


def _v4_header(line: str) -> list[str] | None:
    names = [f.strip() for f in line.split("\t")]
    if len(names) >= 3 and names[0].lstrip("#").strip() == "mOTU" and names[1] == "Taxonomy":
        return names
    return None


def _sniff_v4(head: Head) -> bool:
    data = [ln for ln in head.lines if ln.strip()]
    return (
        len(data) >= 2 and _V4_TOOL_LINE.match(data[0]) is not None and _v4_header(data[1]) is not None
    )


def _read_v4(path: Path, sample_id: str | None) -> list[Profile]:
    version: str | None = None
    header: list[str] | None = None
    samples: list[str] = []
    columns: list[list[tuple[int, Lineage, float]]] = []
    unassigned: list[float] = []
    unassigned_line: int | None = None
    for number, line in numbered_lines(path):
        if not line.strip():
            continue
        if header is None:
            match = _V4_TOOL_LINE.match(line)
            if match:
                version = match.group(1)
                continue
            header = _v4_header(line)
            if header is None:
                raise InputError(
                    path, number, "expected the mOTUs 4 header: mOTU, Taxonomy, sample columns", line
                )
            samples = header[2:]
            if len(set(samples)) != len(samples):
                raise InputError(path, number, "expected unique sample names in the header", line)
            columns = [[] for _ in samples]
            unassigned = [0.0 for _ in samples]
            continue
        fields = line.split("\t")
        if len(fields) != len(header):
            raise InputError(
                path, number, f"expected {len(header)} tab-separated columns like the header", line
            )
        values = [
            parse_number(path, number, text, f"sample {samples[i]!r}")
            for i, text in enumerate(fields[2:])
        ]
        motu, taxonomy = fields[0].strip(), fields[1].strip()
        if motu.lower() in _UNASSIGNED_NAMES or taxonomy.lower() in _UNASSIGNED_NAMES:
            if unassigned_line is not None:
                raise InputError(
                    path, number, f"'unassigned' listed twice (first on line {unassigned_line})"
                )
            unassigned_line, unassigned = number, values
            continue
        if not motu:
            raise InputError(path, number, "expected an mOTU id in column 1", line)
        base = lineage_or_error(path, number, taxonomy)
        names = list(base.names) + [None] * (Rank.SPECIES + 1 - len(base.names))
        if names[Rank.SPECIES] is None:
            names[Rank.SPECIES] = motu
        lineage = Lineage((*names[: Rank.SPECIES + 1], motu))
        for i, value in enumerate(values):
            columns[i].append((number, lineage, value))
    if header is None:
        raise InputError(path, None, "expected an mOTUs 4 profile (mOTU, Taxonomy header)")
    return _profiles(
        path, sample_id, samples, columns, unassigned, "motus4", version, TaxonomySystem.GTDB
    )


register(
    ProfileFormat(
        name="motus4",
        description="mOTUs 4 profile (#tool_version=4... line, mOTU, Taxonomy, sample columns; GTDB)",
        sniff=_sniff_v4,
        read=_read_v4,
        versions=("mOTUs 4.x layout (no public 4.x output was available to test)",),
        example="#tool_version=4.1.0\tdatabase_version=4.1\t...  then  mOTU\tTaxonomy\tSampleA",
    )
)


register(
    ProfileFormat(
        name="motus",
        description="mOTUs 2/3 profile (#consensus_taxonomy layout, also -p and -q)",
        sniff=_sniff,
        read=_read,
        versions=("mOTUs 3.0.3 -c -p (taxpasta test data)", "-q full-lineage layout (mOTUs wiki)", "mOTUs 2.x (same layout per the mOTUs wiki; no real 2.x file tested)"),
        example="#consensus_taxonomy\tNCBI_tax_id\tsample",
    )
)
