"""The gene-call model: resistance and virulence genes found in one sample's reads.

Made by :mod:`microbiomix.profilers.genes` (reads aligned to a gene collection); read by
interpretation and the report, which never see alignments.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from microbiomix.errors import InputError

GeneCall = Literal["detected", "partial", "not detected"]
GENECALLS_SCHEMA_VERSION = "1.0"


@dataclass(frozen=True)
class GeneHit:
    """One gene (one reference sequence) in one sample.

    Attributes:
        gene: gene name (``blaCTX-M-15``, ``stx2A``).
        sequence_id: the reference sequence's id in the gene database.
        database: the collection it comes from (``resfinder``, ``ecoli_vf``).
        accession: its accession, if the header gave one.
        product: product or phenotype text from the header.
        category: ``resistance`` | ``virulence`` | ``other``.
        gene_class: drug class or virulence-factor class (from the class table).
        group: the clinical group a rule reads (``shiga_toxin``, ``carbapenemase``), or "".
        identity: percent identity of the reads' consensus to the reference.
        coverage: percent of the reference length covered by reads.
        depth: mean read depth over the reference.
        call: detected / partial / not detected (thresholds in :class:`GeneCalls`).
    """

    gene: str
    sequence_id: str
    database: str
    accession: str
    product: str
    category: str
    gene_class: str
    group: str
    identity: float
    coverage: float
    depth: float
    call: GeneCall


@dataclass
class GeneCalls:
    """All gene calls of one sample, with how they were made.

    Attributes:
        sample_id: the sample.
        database: the gene database's name and source.
        groups_covered: clinical groups that the database holds at least one gene of; a group not
            covered cannot be "not detected".
        hits: genes with any alignment (calls detected, partial or not detected).
        method: aligner, version and thresholds, in words.
        thresholds: the numbers behind the calls.
    """

    sample_id: str
    database: str
    groups_covered: tuple[str, ...]
    hits: list[GeneHit]
    method: str
    thresholds: dict[str, float] = field(default_factory=dict)
    reads: int | None = None

    def detected(self) -> list[GeneHit]:
        return [h for h in self.hits if h.call == "detected"]

    def rule_inputs(self) -> dict[str, float | None]:
        """``genes.<group>`` -> number of detected genes of the group; None when the database holds
        no gene of the group (then it is unknown, not absent)."""
        out: dict[str, float | None] = {}
        for group in self.groups_covered:
            out[f"genes.{group}"] = float(sum(1 for h in self.detected() if h.group == group))
        return out

    def to_json(self) -> str:
        doc = {"tool": "microbiomix", "kind": "gene_calls",
               "schema_version": GENECALLS_SCHEMA_VERSION, **asdict(self)}
        return json.dumps(doc, indent=2) + "\n"

    @classmethod
    def from_json(cls, path: str | Path) -> GeneCalls:
        """Read a file written by :meth:`to_json` (``mmm genes --json``)."""
        try:
            doc: dict[str, Any] = json.loads(Path(path).read_text("utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise InputError(path, None, f"expected a gene-calls JSON from mmm genes --json ({exc})") from exc
        if doc.get("kind") != "gene_calls":
            raise InputError(path, None, "expected a gene-calls JSON from mmm genes --json "
                             "(field 'kind' should be 'gene_calls')")
        try:
            hits = [GeneHit(**h) for h in doc["hits"]]
            return cls(sample_id=doc["sample_id"], database=doc["database"],
                       groups_covered=tuple(doc["groups_covered"]), hits=hits,
                       method=doc["method"], thresholds=dict(doc.get("thresholds", {})),
                       reads=doc.get("reads"))
        except (KeyError, TypeError) as exc:
            raise InputError(path, None, f"gene-calls JSON is missing or has a wrong field: {exc}") from exc
