"""The analyte catalogue (``knowledge/analytes.yaml``): names, LOINC codes, units, decision limits.

Pure knowledge loading: no reading of user files here, no interpretation.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from microbiomix.units import UnitError, parse_unit

Op = Literal["<", "<=", ">", ">=", "positive"]
# The comparison each numeric operator stands for (also used by the interpretation rules).
COMPARISONS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


class Limit(BaseModel):
    """A decision limit for an analyte, in the analyte's canonical unit."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    op: Op
    value: float | None
    label: str
    meaning: str
    source: str  # key into the catalogue's `sources`
    verified: str  # what was read to check that the source states this limit (issue 12)
    also: tuple[str, ...] = ()
    sex: Literal["female", "male"] | None = None
    context: Literal["inflammation"] | None = None
    flag: Literal["low", "high", "positive", "borderline"] | None = None  # default: from `op`

    @property
    def flag_or_default(self) -> str:
        if self.flag is not None:
            return self.flag
        return {"<": "low", "<=": "low", ">": "high", ">=": "high", "positive": "positive"}[self.op]

    def holds(self, value: float | None, qualitative: str | None) -> bool:
        if self.op == "positive":
            return qualitative == "positive"
        if value is None or self.value is None:
            return False
        return COMPARISONS[self.op](value, self.value)


class Validity(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str
    sources: tuple[str, ...]
    verified: str  # what was read to check the sources (issue 12)


class Analyte(BaseModel):
    """One catalogue entry."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: str
    specimen: str
    loinc: str | None
    synonyms: tuple[str, ...]
    canonical_unit: str | None
    molar_mass_g_per_mol: float | None = None
    kind: Literal["quantitative", "qualitative"]
    domain: str
    limits: tuple[Limit, ...] = ()
    validity: Validity | None = None


class Catalogue(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: int
    sources: dict[str, str]
    verified: dict[str, str]  # per source key: what was read to check it (issue 12)
    analytes: tuple[Analyte, ...]
    by_key: dict[str, str] = Field(default_factory=dict, exclude=True)

    def resolve(self, name: str) -> Analyte | None:
        """The analyte a name, synonym or LOINC code refers to; None when unknown."""
        analyte_id = self.by_key.get(name_key(name))
        return None if analyte_id is None else self.get(analyte_id)

    def get(self, analyte_id: str) -> Analyte:
        for analyte in self.analytes:
            if analyte.id == analyte_id:
                return analyte
        raise KeyError(analyte_id)

    def source(self, key: str) -> str:
        return self.sources[key]


def name_key(name: str) -> str:
    """Case-, space- and punctuation-insensitive key (``25-OH Vitamin D`` == ``25 oh vitamin d``)."""
    return re.sub(r"[\s_\-.,()/]+", "", name.strip().lower().replace("β", "beta"))


def _index(catalogue: Catalogue) -> dict[str, str]:
    keys: dict[str, str] = {}
    for analyte in catalogue.analytes:
        names = [analyte.id, analyte.name, *analyte.synonyms]
        if analyte.loinc:
            names.append(analyte.loinc)
        for name in names:
            key = name_key(name)
            if keys.get(key, analyte.id) != analyte.id:
                raise ValueError(f"analyte name {name!r} is ambiguous ({keys[key]}, {analyte.id})")
            keys[key] = analyte.id
    return keys


def load_catalogue(text: str) -> Catalogue:
    """Parse and check a catalogue (units known to pint, sources defined, names unambiguous)."""
    # libyaml when PyYAML has it: the same safe loader in C, ~10x faster at every report
    catalogue = Catalogue.model_validate(
        yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
    unchecked = sorted(set(catalogue.sources) ^ set(catalogue.verified))
    if unchecked:
        raise ValueError(f"sources and their `verified` notes do not match: {unchecked}")
    for analyte in catalogue.analytes:
        if analyte.canonical_unit is not None:
            try:
                parse_unit(analyte.canonical_unit)
            except UnitError as exc:
                raise ValueError(f"{analyte.id}: {exc}") from exc
        cited = [s for limit in analyte.limits for s in (limit.source, *limit.also)]
        if analyte.validity:
            cited += list(analyte.validity.sources)
        for key in cited:
            if key not in catalogue.sources:
                raise ValueError(f"{analyte.id}: source {key!r} is not defined")
    return catalogue.model_copy(update={"by_key": _index(catalogue)})


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    """The bundled catalogue (read once)."""
    text = resources.files("microbiomix.knowledge").joinpath("analytes.yaml").read_text("utf-8")
    return load_catalogue(text)
