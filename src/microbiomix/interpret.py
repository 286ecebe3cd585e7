"""Interpretation: markers + lab results + intake -> findings, red flags and a plan.

The science lives in data (``knowledge/rules.yaml``, ``plan.yaml``, ``analytes.yaml``,
``questionnaires.yaml``, ``references.yaml``); the code is in :mod:`microbiomix.interpretation`.
"""

from __future__ import annotations

from microbiomix.interpretation.engine import interpret, knowledge
from microbiomix.interpretation.models import (
    DISCLAIMER,
    Finding,
    Findings,
    PlanItem,
    RedFlag,
)

__all__ = ["DISCLAIMER", "Finding", "Findings", "PlanItem", "RedFlag", "interpret", "knowledge"]
