"""The intake questionnaire and health timeline as a web form.

The form's choices come from the intake model itself (:mod:`microbiomix.readers.intake`), and what
the practitioner submits is validated by the library's :func:`~microbiomix.readers.intake.parse_intake`
exactly like an uploaded intake file; the portal keeps no rules of its own.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, get_args

from microbiomix.readers.intake import (
    GUT_SYMPTOMS,
    AlarmFeatures,
    Health,
    Intake,
    MedicationKind,
    TimelineEvent,
    parse_intake,
)

FORM_NAME = "intake form"
SYMPTOMS: tuple[str, ...] = get_args(GUT_SYMPTOMS)
MEDICATION_KINDS: tuple[str, ...] = get_args(MedicationKind)
EVENT_KINDS: tuple[str, ...] = get_args(TimelineEvent.model_fields["kind"].annotation)
# Every yes/no/unknown question (the coded choices the rules read), from the model itself.
ALARMS = [name for name in AlarmFeatures.model_fields if name != "symptom_onset_age"]
HEALTH_FLAGS = tuple(name for name in Health.model_fields if name != "conditions")
# A question's form value: "yes" (or a ticked checkbox, "on"), "no", or nothing = unknown. An
# unticked checkbox therefore means "not answered", never "no".
ANSWERS = ("yes", "no", "unknown")


def _answer(form: Mapping[str, str], name: str) -> bool | None:
    value = str(form.get(name, "")).strip().lower()
    if value in ("on", "yes", "true"):
        return True
    if value in ("no", "false"):
        return False
    return None


def _shown(value: bool | None) -> str:
    # "on" ticks the portal's checkbox; "no" is kept so a tri-state control can show it
    return "" if value is None else ("on" if value else "no")


GSRS_ITEMS = range(1, 16)
PSS_ITEMS = range(1, 11)
IBS_FIELDS = (
    "pain_severity",
    "pain_days",
    "distension_severity",
    "bowel_dissatisfaction",
    "life_interference",
)
DIET_NUMBERS = (
    "fibre_g_per_day",
    "plants_per_week",
    "fermented_food_servings_per_week",
    "alcohol_units_per_week",
)


def _text(form: Mapping[str, str], name: str) -> str:
    return str(form.get(name, "")).strip()


def _number(form: Mapping[str, str], name: str) -> Any:
    """The field as a number when it is one; otherwise as typed (the validator names it)."""
    raw = _text(form, name)
    if raw == "":
        return None
    for kind in (int, float):
        try:
            return kind(raw)
        except ValueError:
            continue
    return raw


def _rows(form: Mapping[str, str], name: str, parts: int = -1) -> list[list[str]]:
    """Non-empty lines of a text area, split at ';' (into at most ``parts`` parts)."""
    return [
        [part.strip() for part in line.split(";", parts - 1 if parts > 0 else -1)]
        for line in _text(form, name).splitlines()
        if line.strip()
    ]


def _drop_none(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None}


def intake_from_form(form: Mapping[str, str]) -> tuple[Intake, str]:
    """Validate the submitted form; returns the intake and its JSON text (what is stored).

    Raises:
        InputError: the intake reader's error, naming the field.
    """
    data: dict[str, Any] = {
        "schema_version": "1",
        "demographics": _drop_none(
            {
                "age": _number(form, "age"),
                "sex": _text(form, "sex") or "unknown",
                "pregnant": _answer(form, "pregnant"),
                "breastfeeding": _answer(form, "breastfeeding"),
            }
        ),
        "symptoms": [s for s in SYMPTOMS if form.get(f"symptom_{s}") == "on"],
        "alarm_features": {
            **{a: _answer(form, f"alarm_{a}") for a in ALARMS},
            **_drop_none({"symptom_onset_age": _number(form, "symptom_onset_age")}),
        },
        "health": {
            **{h: _answer(form, f"health_{h}") for h in HEALTH_FLAGS},
            "conditions": [c.strip() for c in _text(form, "conditions").split(",") if c.strip()],
        },
        "questionnaires": {},
        "diet": _drop_none(
            {
                **{d: _number(form, d) for d in DIET_NUMBERS},
                "pattern": _text(form, "pattern") or None,
            }
        ),
        "medications": [
            _drop_none(
                {
                    "name": row[0],
                    "kind": (row[1] if len(row) > 1 and row[1] else "other"),
                    "start": (row[2] if len(row) > 2 and row[2] else None),
                    "end": (row[3] if len(row) > 3 and row[3] else None),
                    "ongoing": len(row) > 4 and row[4].lower() in ("yes", "ongoing", "true"),
                }
            )
            for row in _rows(form, "medications")
        ],
        "supplements": [
            _drop_none({"name": row[0], "dose": row[1] if len(row) > 1 and row[1] else None})
            for row in _rows(form, "supplements")
        ],
        "timeline": [
            {
                "date": row[0],
                "kind": row[1] if len(row) > 1 and row[1] else "other",
                "event": row[2] if len(row) > 2 else "",
            }
            for row in _rows(form, "timeline", parts=3)
        ],
    }
    if data["demographics"].get("age") is None:
        data["demographics"].pop("age", None)
    collected = _text(form, "collected")
    if collected:
        data["collected"] = collected
    questionnaires = data["questionnaires"]
    gsrs = {i: _number(form, f"gsrs_{i}") for i in GSRS_ITEMS}
    if any(v is not None for v in gsrs.values()):
        questionnaires["gsrs"] = {
            "version": _text(form, "gsrs_version") or "self_report",
            "items": {i: v for i, v in gsrs.items() if v is not None},
        }
    ibs = {f: _number(form, f"ibs_{f}") for f in IBS_FIELDS}
    if any(v is not None for v in ibs.values()):
        questionnaires["ibs_sss"] = _drop_none(ibs)
    pss = [_number(form, f"pss_{i}") for i in PSS_ITEMS]
    if any(v is not None for v in pss):
        questionnaires["pss10"] = {"items": [v for v in pss if v is not None]}
    bristol = [_number({"t": t}, "t") for t in _text(form, "bristol").replace(",", " ").split()]
    if bristol:
        questionnaires["bristol"] = {"types": bristol}
    text = json.dumps(data, indent=2, default=str)
    return parse_intake(text, FORM_NAME), text


def form_from_intake(intake: Intake | None) -> dict[str, str]:
    """Form field values that show an existing intake (for editing it)."""
    if intake is None:
        return {}
    values: dict[str, str] = {}
    d = intake.demographics
    values.update(
        age=str(d.age),
        sex=d.sex,
        pregnant=_shown(d.pregnant),
        breastfeeding=_shown(d.breastfeeding),
    )
    if intake.collected:
        values["collected"] = intake.collected.isoformat()
    for s in intake.symptoms or ():
        values[f"symptom_{s}"] = "on"
    for a in ALARMS:
        values[f"alarm_{a}"] = _shown(getattr(intake.alarm_features, a))
    if intake.alarm_features.symptom_onset_age is not None:
        values["symptom_onset_age"] = str(intake.alarm_features.symptom_onset_age)
    for h in HEALTH_FLAGS:
        values[f"health_{h}"] = _shown(getattr(intake.health, h))
    values["conditions"] = ", ".join(intake.health.conditions)
    q = intake.questionnaires
    if q.gsrs:
        values["gsrs_version"] = q.gsrs.version
        values.update({f"gsrs_{i}": str(v) for i, v in q.gsrs.items.items()})
    if q.ibs_sss:
        values.update({f"ibs_{f}": str(getattr(q.ibs_sss, f)) for f in IBS_FIELDS})
    if q.pss10:
        values.update({f"pss_{i}": str(v) for i, v in enumerate(q.pss10.items, 1)})
    if q.bristol:
        values["bristol"] = " ".join(str(t) for t in q.bristol.types)
    for f in DIET_NUMBERS:
        value = getattr(intake.diet, f)
        values[f] = "" if value is None else f"{value:g}"
    values["pattern"] = intake.diet.pattern or ""
    values["medications"] = "\n".join(
        "; ".join(
            [m.name, m.kind, str(m.start or ""), str(m.end or ""), "yes" if m.ongoing else ""]
        )
        for m in intake.medications
    )
    values["supplements"] = "\n".join(f"{s.name}; {s.dose or ''}" for s in intake.supplements)
    values["timeline"] = "\n".join(f"{e.date}; {e.kind}; {e.event}" for e in intake.timeline)
    return values
