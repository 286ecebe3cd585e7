"""mOTUs 3 native profiles (``motus profile`` without ``-C``; ``-C`` output is read by cami.py).

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
        return Lineage((*names[: Rank.SPECIES + 1], motu))
    return Lineage(tuple(names))


def _read(path: Path, sample_id: str | None) -> list[Profile]:
    comments: list[str] = []
    header: list[str] | None = None
    samples: list[str] = []
    columns: list[list[tuple[int, Lineage, float]]] = []
    unassigned: list[float] = []
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
        if taxonomy in ("unassigned", "-1"):
            unassigned = [a + v for a, v in zip(unassigned, values, strict=True)]
            continue
        motu = (row.get("mOTU") or row.get("mOTU_ID") or "").strip() or None
        lineage = _lineage(path, number, taxonomy, motu, _level(comments))
        for i, value in enumerate(values):
            columns[i].append((number, lineage, value))
    if header is None:
        raise InputError(path, None, "expected a mOTUs profile (#consensus_taxonomy header)")
    version = _version(comments)
    profiles = []
    for i, sample in enumerate(samples):
        leaves = collect_abundances(path, columns[i])
        total = sum(leaves.values()) + unassigned[i]
        if total > 0:
            leaves = {lin: v / total * 100.0 for lin, v in leaves.items()}
        unknown = unassigned[i] / total * 100.0 if total > 0 else None
        provenance = Provenance(
            format="motus",
            tool=f"mOTUs {version}" if version else "mOTUs",
            tool_version=version,
            taxonomy=TaxonomySystem.NCBI,
            source=str(path),
            notes=("mOTUs names follow the NCBI taxonomy; unknown = the 'unassigned' row",),
        )
        name = (sample_id or default_sample_id(path)) if len(samples) == 1 else sample
        profiles.append(Profile(name, add_ancestors(leaves), unknown, provenance))
    return profiles


register(
    ProfileFormat(
        name="motus",
        description="mOTUs 3 profile (#consensus_taxonomy layout, also -p and -q)",
        sniff=_sniff,
        read=_read,
    )
)
