"""The analyte catalogue moved to :mod:`microbiomix.analytes` (the lab reader needs it, and readers
may not import the interpretation stage); these names stay importable from here."""

from __future__ import annotations

from microbiomix.analytes import (
    Analyte,
    Catalogue,
    Limit,
    Op,
    Validity,
    catalogue,
    load_catalogue,
    name_key,
)

__all__ = [
    "Analyte",
    "Catalogue",
    "Limit",
    "Op",
    "Validity",
    "catalogue",
    "load_catalogue",
    "name_key",
]
