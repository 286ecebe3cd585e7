"""Scoring of validated questionnaires, exactly as published (definitions in
``knowledge/questionnaires.yaml``)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from statistics import mean
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict

from microbiomix.readers.intake import (
    BristolAnswers,
    GSRSAnswers,
    IBSSSSAnswers,
    Intake,
    PSS10Answers,
)


class Score(BaseModel):
    """One instrument's result."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    instrument: str  # gsrs | ibs_sss | pss10 | bristol
    title: str
    total: float | None  # GSRS: mean of 15 items; IBS-SSS: 0-500; PSS-10: 0-40; Bristol: None
    range: tuple[float, float] | None
    subscales: dict[str, float] = {}
    band: str | None = None  # IBS-SSS severity band; Bristol category of the most frequent type
    band_label: str | None = None
    interpretation: str
    source: str


@lru_cache(maxsize=1)
def instruments() -> dict[str, Any]:
    text = resources.files("microbiomix.knowledge").joinpath("questionnaires.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))["instruments"]
    return data


def score_gsrs(answers: GSRSAnswers) -> Score:
    spec = instruments()["gsrs"]
    subscales = {
        name: mean(answers.items[i] for i in items) for name, items in spec["syndromes"].items()
    }
    version = spec["versions"][answers.version]
    total = mean(answers.items.values())
    return Score(
        instrument="gsrs",
        title=spec["title"],
        total=total,
        range=(version["min"], version["max"]),
        subscales=subscales,
        interpretation=(
            f"Mean item rating {total:.2f} on the {version['min']}-{version['max']} scale "
            f"({version['note']}); highest syndrome: "
            f"{max(subscales, key=lambda k: subscales[k]).replace('_', ' ')}. "
            "The GSRS has no diagnostic cut-offs; it tracks symptom burden over time."
        ),
        source=spec["source"],
    )


def score_ibs_sss(answers: IBSSSSAnswers) -> Score:
    spec = instruments()["ibs_sss"]
    parts = {
        name: getattr(answers, name) * item.get("multiplier", 1)
        for name, item in spec["items"].items()
    }
    total = float(sum(parts.values()))
    band = next(b for b in spec["bands"] if b["min"] <= total <= b["max"])
    return Score(
        instrument="ibs_sss",
        title=spec["title"],
        total=total,
        range=(0, 500),
        subscales={k: float(v) for k, v in parts.items()},
        band=band["id"],
        band_label=band["label"],
        interpretation=f"IBS-SSS {total:.0f}/500: {band['label']} (bands mild 75-174, moderate 175-299, severe 300+).",
        source=spec["source"],
    )


def score_pss10(answers: PSS10Answers) -> Score:
    spec = instruments()["pss10"]
    reverse = set(spec["reverse_items"])
    top = spec["items"]["max"]
    scored = [top - a if i in reverse else a for i, a in enumerate(answers.items, 1)]
    total = float(sum(scored))
    return Score(
        instrument="pss10",
        title=spec["title"],
        total=total,
        range=(0, 40),
        interpretation=(
            f"PSS-10 {total:.0f}/40 (higher means more perceived stress; the scale has no "
            "diagnostic cut-offs)."
        ),
        source=spec["source"],
    )


def score_bristol(answers: BristolAnswers) -> Score:
    spec = instruments()["bristol"]
    counts: dict[str, int] = {}
    for t in answers.types:
        category = next(c for c in spec["categories"] if t in c["types"])
        counts[category["id"]] = counts.get(category["id"], 0) + 1
    n = len(answers.types)
    fractions = {k: v / n for k, v in counts.items()}
    # Most frequent category; ties resolved in scale order (hard, intermediate, loose).
    order = [c["id"] for c in spec["categories"]]
    band = max(order, key=lambda c: (counts.get(c, 0), -order.index(c)))
    label = next(c["label"] for c in spec["categories"] if c["id"] == band)
    return Score(
        instrument="bristol",
        title=spec["title"],
        total=None,
        range=(1, 7),
        subscales={f"fraction_{k}": fractions.get(k, 0.0) for k in order},
        band=band,
        band_label=label,
        interpretation=f"{n} stool(s) recorded; most often {label}.",
        source=spec["source"],
    )


def score_all(intake: Intake) -> dict[str, Score]:
    """Every questionnaire present in the intake, scored."""
    q = intake.questionnaires
    scores: dict[str, Score] = {}
    if q.gsrs:
        scores["gsrs"] = score_gsrs(q.gsrs)
    if q.ibs_sss:
        scores["ibs_sss"] = score_ibs_sss(q.ibs_sss)
    if q.pss10:
        scores["pss10"] = score_pss10(q.pss10)
    if q.bristol:
        scores["bristol"] = score_bristol(q.bristol)
    return scores
