"""BIOM tables (1.0 JSON and 2.x HDF5), read with biom-format.

Format: McDonald et al. 2012, GigaScience 1:7, doi:10.1186/2047-217X-1-7 (biom-format.org).
Observations are taxa; samples are columns. The lineage comes from the observation metadata
``taxonomy`` (a list of ``k__``/``d__`` names or one ``;``-separated string); without it, an
observation id that is itself a lineage is used, otherwise the id is an unnamed taxon (taxonomy
UNKNOWN). Counts or fractions are scaled to percent of each sample's total. Observations sharing a
lineage (OTUs or ASVs with one taxonomy) are summed. When no observation is an ancestor of another,
the table lists leaves only and higher ranks are filled in as sums.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import numpy as np

from microbiomix.errors import InputError
from microbiomix.profile import Profile, Provenance, add_ancestors
from microbiomix.readers import ProfileFormat, register
from microbiomix.readers.text import Head
from microbiomix.taxonomy import Lineage, Rank, TaxonomySystem, guess_system, parse_lineage

HDF5_MAGIC = b"\x89HDF\r\n\x1a\n"
_UNASSIGNED = {"unassigned", "unclassified", "unknown", "k__unassigned", "d__unassigned"}


# Keys only a BIOM 1.0 JSON document has; writers order keys freely (the format name may come after
# a long "rows" list), so any of them in the head is enough.
_BIOM_JSON_KEYS = ("Biological Observation Matrix", '"matrix_type"', '"matrix_element_type"', '"format_url"')


_BIOM_TOP_KEYS = {
    "id", "format", "format_url", "type", "generated_by", "date", "rows", "columns",
    "matrix_type", "matrix_element_type", "shape", "data", "comment",
}  # fmt: skip
_FIRST_KEY = re.compile(r'^\{\s*"([A-Za-z_]+)"\s*:')


def _sniff(head: Head) -> bool:
    if head.raw.startswith(HDF5_MAGIC):
        return True
    text = head.raw.decode("utf-8", errors="replace").removeprefix("\ufeff").lstrip()
    if not text.startswith("{"):
        return False
    if any(key in text for key in _BIOM_JSON_KEYS):
        return True
    # A long "rows" list first can push every telling key past the head.
    first = _FIRST_KEY.match(text)
    return first is not None and first.group(1) in _BIOM_TOP_KEYS and '"rows"' in text


def _taxonomy_text(metadata: object) -> str | None:
    if not isinstance(metadata, dict):
        return None
    taxonomy = metadata.get("taxonomy") or metadata.get("Taxonomy")
    if taxonomy is None:
        return None
    if isinstance(taxonomy, str):
        return taxonomy
    if isinstance(taxonomy, (list, tuple)):
        return ";".join(str(part) for part in taxonomy)
    return None


def _lineage(path: Path, observation: str, taxonomy: str | None) -> Lineage | None:
    """The lineage of one observation; None for an unassigned observation."""
    for text in (taxonomy, observation):
        if text is None:
            continue
        if text.strip().lower() in _UNASSIGNED:
            return None
        try:
            return parse_lineage(text)
        except ValueError:
            if text is taxonomy:
                raise InputError(
                    path,
                    None,
                    f"expected a taxonomic lineage for observation {observation!r}",
                    text,
                ) from None
    return Lineage((None,) * Rank.STRAIN + (observation,))


def _read(path: Path, sample_id: str | None) -> list[Profile]:
    # imported here: loading biom is slow and only needed for BIOM
    from biom import load_table
    from biom.parse import parse_biom_table

    try:
        with path.open("rb") as handle:
            start = handle.read(len(HDF5_MAGIC))
        if start == HDF5_MAGIC or start.startswith(b"\x1f\x8b"):  # HDF5 or gzip: biom-format's
            table = load_table(str(path))
        else:
            # JSON read here so that a byte-order mark or leading whitespace does not matter.
            table = parse_biom_table(path.read_text(encoding="utf-8-sig").lstrip())
    except Exception as exc:  # noqa: BLE001 (biom-format raises ValueError, KeyError, OSError, ...)
        raise InputError(
            path, None, f"expected a BIOM table readable by biom-format ({exc})"
        ) from None
    observations = [str(i) for i in table.ids(axis="observation")]
    samples = [str(i) for i in table.ids(axis="sample")]
    if len(set(samples)) != len(samples):
        raise InputError(path, None, "expected unique sample ids")
    metadata = table.metadata(axis="observation") or [None] * len(observations)
    lineages = [
        _lineage(path, obs, _taxonomy_text(md))
        for obs, md in zip(observations, metadata, strict=True)
    ]
    has_taxonomy = any(_taxonomy_text(md) for md in metadata)
    try:
        matrix = np.asarray(table.matrix_data.toarray(), dtype=np.float64)  # observations x samples
    except (TypeError, ValueError) as exc:
        raise InputError(
            path, None, f"expected numeric values in the BIOM matrix ({exc})"
        ) from None
    if matrix.shape != (len(observations), len(samples)):
        raise InputError(path, None, "expected a matrix of observations x samples")
    if matrix.size and (not np.isfinite(matrix).all() or (matrix < 0).any()):
        raise InputError(path, None, "expected finite, non-negative values in the BIOM matrix")
    named = {lin for lin in lineages if lin is not None}
    hierarchical = any(
        lin.truncated(Rank(rank)) in named
        for lin in named
        for rank in range(lin.rank)
        if lin.names[rank] is not None
    )
    profiles = []
    for column, sample in enumerate(samples):
        values = matrix[:, column]
        total = float(values.sum())
        leaves: dict[Lineage, float] = defaultdict(float)
        unassigned = 0.0
        for lineage, value in zip(lineages, values, strict=True):
            percent = float(value) / total * 100.0 if total > 0 else 0.0
            if lineage is None:
                unassigned += percent
            elif percent > 0:
                leaves[lineage] += percent
        abundances = dict(leaves) if hierarchical else add_ancestors(leaves)
        system = guess_system(abundances)
        notes = ["values scaled to percent of the sample total"]
        if not has_taxonomy:
            notes.append("no taxonomy metadata: observation ids are used as taxon names")
        provenance = Provenance(
            format="biom",
            tool=str(table.generated_by or "unknown (BIOM)"),
            taxonomy=system
            if has_taxonomy or system is not TaxonomySystem.UNKNOWN
            else TaxonomySystem.UNKNOWN,
            source=str(path),
            notes=tuple(notes),
        )
        name = sample_id if (sample_id and len(samples) == 1) else sample
        profiles.append(Profile(name, abundances, unassigned if total > 0 else None, provenance))
    return profiles


register(
    ProfileFormat(
        name="biom",
        description="BIOM table (1.0 JSON or 2.x HDF5), taxonomy from observation metadata",
        sniff=_sniff,
        read=_read,
        versions=("BIOM 1.0 JSON (QIIME, biom-format examples)", "BIOM 2.1 HDF5 (read with biom-format 2.1.18)"),
        example='{"id": null, "format": "Biological Observation Matrix 1.0.0", ...',
    )
)
