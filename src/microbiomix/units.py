"""The one unit converter: laboratory units on top of ``pint``.

Lab reports spell units many ways (``µg/g``, ``ug/g``, ``mcg/g``, ``ug Hb/g``, ``ng/ml``). This
module normalises the spelling, parses it with pint and converts between units of the same
dimension, or between mass and amount of substance when the analyte's molar mass is known (for
example 25-OH vitamin D: ng/mL <-> nmol/L). Nothing else in microbiomix converts units.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

import pint
import platformdirs

__all__ = ["UnitError", "canonical_unit_text", "convert", "parse_unit"]


class UnitError(ValueError):
    """A unit string could not be understood, or two units cannot be converted."""


@lru_cache(maxsize=1)
def _registry() -> pint.UnitRegistry:  # type: ignore[type-arg]
    # Built once on first use (a cache, not state anyone mutates). Parsing pint's ~1,000 unit
    # definitions takes 0.14 s at every start; pint's own disk cache loads them in 0.02 s.
    folder = platformdirs.user_cache_path("microbiomix") / f"pint-{pint.__version__}"
    if folder.is_dir():
        try:
            return pint.UnitRegistry(cache_folder=folder)
        except Exception:  # noqa: BLE001 - a damaged cache: made again below
            shutil.rmtree(folder, ignore_errors=True)
    _fill_cache(folder)
    return pint.UnitRegistry()


def _fill_cache(folder: Path) -> None:
    """pint writes its cache files in place, where a parallel job (``mmm batch``) could read one
    half-written: it is written into a new folder here, then moved into place whole, once."""
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        fresh = tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent)
    except OSError:
        return  # no writable cache folder: the definitions are parsed at each start
    try:
        pint.UnitRegistry(cache_folder=fresh)
        with contextlib.suppress(OSError):  # another process put its folder there first
            os.rename(fresh, folder)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)


# Spellings seen on lab reports -> pint spelling. Applied to whole tokens, case-sensitive where it
# matters (mL vs ML is not ambiguous here; "G/L" would be giga, so lower-case letters are kept).
_MICRO = re.compile(r"[µμ]|mc(?=g)")
_ANALYTE_WORDS = re.compile(r"\s*\b(?:hb|haemoglobin|hemoglobin|faeces|feces|stool)\b\s*", re.IGNORECASE)
_DIMENSIONLESS = {"", "ph", "ratio", "1", "-"}


def canonical_unit_text(text: str) -> str:
    """Normalise a unit as written on a lab report into a pint-parsable string.

    ``µg/g``, ``mcg/g`` and ``ug Hb/g`` all become ``ug/g``; ``%`` becomes ``percent``;
    ``pH`` and empty strings become ``dimensionless``.
    """
    unit = text.strip()
    if unit.lower() in _DIMENSIONLESS:
        return "dimensionless"
    unit = _MICRO.sub("u", unit)
    unit = _ANALYTE_WORDS.sub("", unit)  # "ug Hb/g faeces" -> "ug/g"
    unit = unit.replace("%", "percent").replace(" per ", "/")
    unit = re.sub(r"\s+", "", unit)
    # "mL" / "ml" / "dL" / "dl": pint knows "ml" and "dl" as milli-/deci-litre; "L" is litre.
    return unit


def parse_unit(text: str) -> pint.Unit:
    """Parse a unit string as written on a lab report.

    Raises:
        UnitError: pint does not know the unit.
    """
    normalised = canonical_unit_text(text)
    try:
        unit = _registry().Unit(normalised)
    except (pint.UndefinedUnitError, pint.errors.DefinitionSyntaxError, AttributeError,
            TypeError, ValueError, AssertionError) as exc:
        raise UnitError(f"unknown unit {text!r}") from exc
    return unit


def convert(value: float, from_unit: str, to_unit: str, molar_mass: float | None = None) -> float:
    """Convert ``value`` from one unit to another.

    Args:
        value: the number, in ``from_unit``.
        from_unit: unit as written (``ng/mL``, ``µg/L``, ``g/dL``, ``%``...).
        to_unit: target unit.
        molar_mass: g/mol of the analyte, needed only to convert between mass and amount of
            substance (for example ng/mL -> nmol/L).

    Raises:
        UnitError: a unit is unknown, or the dimensions differ and cannot be bridged.
    """
    registry = _registry()
    source = registry.Quantity(value, parse_unit(from_unit))
    target = parse_unit(to_unit)
    if source.dimensionality == registry.Quantity(1, target).dimensionality:
        return float(source.to(target).magnitude)
    if molar_mass is not None:
        mw = registry.Quantity(molar_mass, "g/mol")
        for bridged in (source / mw, source * mw):
            if bridged.dimensionality == registry.Quantity(1, target).dimensionality:
                return float(bridged.to(target).magnitude)
    raise UnitError(
        f"cannot convert {from_unit!r} to {to_unit!r}"
        + ("" if molar_mass is not None else " (no molar mass known for this analyte)")
    )
