"""Genome lineage tables: ``genome<TAB>lineage<TAB>fraction``, one row per genome, no header.

The CAMI gastrointestinal gold standard in GTDB names (benchpro_rust ``gold_gtdb_r214``) has this
shape: fractions of the sample (summing to 1) per genome, with a ``d__...;p__...;s__...`` lineage.
Each genome becomes a strain-rank taxon under its lineage; species and higher ranks are the sums of
their genomes.
"""

from __future__ import annotations

import re
from pathlib import Path

from microbiomix.errors import InputError
from microbiomix.profile import Profile, Provenance, add_ancestors
from microbiomix.readers import ProfileFormat, register, single_sample
from microbiomix.readers.text import (
    Head,
    collect_abundances,
    lineage_or_error,
    numbered_lines,
    parse_number,
)
from microbiomix.taxonomy import Lineage, Rank, guess_system

_PREFIXED_LINEAGE = re.compile(r"^[dk]__[^;|]+([;|][a-z]__[^;|]*)*$")


def _sniff(head: Head) -> bool:
    data = head.data_lines()
    if not data:
        return False
    for line in data:
        fields = line.split("\t")
        if len(fields) != 3 or not fields[0].strip():
            return False
        if _PREFIXED_LINEAGE.match(fields[1].strip()) is None:
            return False
        try:
            float(fields[2])
        except ValueError:
            return False
    return True


def _read(path: Path, sample_id: str | None) -> list[Profile]:
    rows: list[tuple[int, Lineage, float]] = []
    for number, line in numbered_lines(path):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 3:
            raise InputError(
                path, number, "expected 3 tab-separated columns: genome, lineage, fraction", line
            )
        genome = fields[0].strip()
        if not genome:
            raise InputError(path, number, "expected a genome id in column 1", line)
        lineage = lineage_or_error(path, number, fields[1])
        if lineage.rank >= Rank.STRAIN:
            raise InputError(path, number, "expected a lineage down to species at most", fields[1])
        fraction = parse_number(path, number, fields[2], "fraction")
        if fraction > 1.0 + 1e-4:
            raise InputError(path, number, "expected a fraction between 0 and 1", fields[2])
        names = list(lineage.names) + [None] * (Rank.SPECIES - lineage.rank)
        rows.append((number, Lineage((*names, genome)), fraction * 100.0))
    if not rows:
        raise InputError(
            path, None, "expected genome rows (genome, lineage, fraction); the file is empty"
        )
    leaves = collect_abundances(path, rows)
    abundances = add_ancestors(leaves)
    total = sum(leaves.values())
    system = guess_system(abundances)
    provenance = Provenance(
        format="lineage-table",
        tool="genome lineage table (e.g. CAMI gold standard)",
        taxonomy=system,
        source=str(path),
        notes=("fractions per genome; higher ranks are sums over genomes",),
    )
    unknown = max(0.0, 100.0 - total)
    return single_sample(path, sample_id, abundances, unknown, provenance)


register(
    ProfileFormat(
        name="lineage-table",
        description="genome<TAB>lineage<TAB>fraction table (GTDB gold standards)",
        sniff=_sniff,
        read=_read,
        versions=("CAMI gastrointestinal gold standard in GTDB r214 names (benchpro_rust)",),
        example="GCA_001307585.1_ASM130758v1\td__Bacteria;p__Pseudomonadota;...;s__Bordetella pertussis\t0.011019",
    )
)
