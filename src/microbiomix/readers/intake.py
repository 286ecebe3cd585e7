"""Client intake (YAML or JSON), validated with pydantic; the JSON schema is published.

Not a profile format. Holds demographics, the answers to validated questionnaires (scored in
:mod:`microbiomix.interpretation.scoring`), diet, medicines and supplements, alarm features and a
dated timeline of health events. Unknown fields are errors, so a misspelt field is never silently
ignored; every error names the field (and the line in the file, when it can be found).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from microbiomix.errors import InputError

INTAKE_SCHEMA_VERSION = "1"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


_UNKNOWN_WORDS = ("unknown", "not known", "not asked", "don't know", "dont know", "unsure", "")


def _tri_state(value: Any) -> Any:
    """yes/no/unknown: True/False pass through, "yes"/"no" become them, "unknown" (or blank)
    becomes None. Anything else is left for pydantic to reject with the field's name."""
    if isinstance(value, str) and value.strip().lower() in _UNKNOWN_WORDS:
        return None
    return value


# A yes/no question a rule reads: True (yes), False (no) or None (unknown). A question left out of
# the intake is unknown, never "no" (a rule that needs it is reported as not assessed).
Answer = Annotated[bool | None, BeforeValidator(_tri_state), WithJsonSchema(
    {"anyOf": [{"type": "boolean"}, {"type": "null"}, {"enum": ["yes", "no", "unknown"]}],
     "description": "yes / no / unknown (null or left out = unknown)"})]
_UNANSWERED = "yes, no or unknown; left out means unknown"


class Demographics(_Model):
    age: int = Field(ge=0, le=120, description="age in years at collection")
    sex: Literal["female", "male", "other", "unknown"] = "unknown"
    pregnant: Answer = Field(default=None, description=f"currently pregnant ({_UNANSWERED})")
    breastfeeding: Answer = Field(default=None, description=f"currently breastfeeding ({_UNANSWERED})")


class GSRSAnswers(_Model):
    """GSRS: the 15 item ratings, keyed 1..15."""

    version: Literal["interview", "self_report"] = Field(
        default="self_report", description="interview: 0-3 (Svedlund 1988); self_report: 1-7 (Revicki 1998)"
    )
    items: dict[int, int]

    @model_validator(mode="after")
    def _check(self) -> GSRSAnswers:
        low, high = (0, 3) if self.version == "interview" else (1, 7)
        if sorted(self.items) != list(range(1, 16)):
            raise ValueError("items must rate each of items 1 to 15 exactly once")
        for item, rating in self.items.items():
            if not low <= rating <= high:
                raise ValueError(f"item {item}: rating {rating} outside {low}-{high} ({self.version})")
        return self


class IBSSSSAnswers(_Model):
    """IBS-SSS (Francis 1997): four 0-100 scales and the days with pain out of the last 10."""

    pain_severity: int = Field(ge=0, le=100)
    pain_days: int = Field(ge=0, le=10)
    distension_severity: int = Field(ge=0, le=100)
    bowel_dissatisfaction: int = Field(ge=0, le=100)
    life_interference: int = Field(ge=0, le=100)


class PSS10Answers(_Model):
    """PSS-10: ten answers 0 (never) to 4 (very often), in questionnaire order."""

    items: list[int] = Field(min_length=10, max_length=10)

    @field_validator("items")
    @classmethod
    def _range(cls, items: list[int]) -> list[int]:
        for i, answer in enumerate(items, 1):
            if not 0 <= answer <= 4:
                raise ValueError(f"item {i}: answer {answer} outside 0-4")
        return items


class BristolAnswers(_Model):
    """Bristol Stool Form Scale: the types recorded (e.g. one per stool over a week)."""

    types: list[int] = Field(min_length=1)

    @field_validator("types")
    @classmethod
    def _range(cls, types: list[int]) -> list[int]:
        for t in types:
            if not 1 <= t <= 7:
                raise ValueError(f"type {t} outside 1-7")
        return types


class Questionnaires(_Model):
    gsrs: GSRSAnswers | None = None
    ibs_sss: IBSSSSAnswers | None = None
    pss10: PSS10Answers | None = None
    bristol: BristolAnswers | None = None


class Diet(_Model):
    fibre_g_per_day: float | None = Field(default=None, ge=0, le=300)
    plants_per_week: int | None = Field(default=None, ge=0, le=500, description="different plant foods per week")
    fermented_food_servings_per_week: float | None = Field(default=None, ge=0, le=100)
    alcohol_units_per_week: float | None = Field(default=None, ge=0, le=500, description="UK units (8 g ethanol)")
    pattern: str | None = Field(default=None, description="free text, e.g. vegetarian, vegan")


MedicationKind = Literal[
    "antibiotic", "ppi", "h2ra", "nsaid", "metformin", "laxative", "opioid",
    "immunosuppressant", "maoi", "warfarin", "antifungal", "thiazide", "other",
]
# Medicine kinds a contraindication or interaction rule reads (plan.yaml). Whether a client does
# NOT take one is known only when the medicine list is declared complete (Health.medicines_complete).
CODED_MEDICINES: tuple[str, ...] = ("immunosuppressant", "maoi", "warfarin", "antifungal", "thiazide")


class Medication(_Model):
    name: str
    kind: MedicationKind = "other"
    start: date | None = None
    end: date | None = None
    ongoing: bool = False

    @model_validator(mode="after")
    def _dates(self) -> Medication:
        if self.start and self.end and self.end < self.start:
            raise ValueError("end is before start")
        return self


SupplementKind = Literal["iron", "zinc", "vitamin_d", "vitamin_b12", "folic_acid", "probiotic", "other"]

# Words in a supplement's name that give its kind when `kind` is not stated (e.g. from the web
# form, which asks only for name and dose). Checked in this order; the first match wins.
_SUPPLEMENT_WORDS: tuple[tuple[SupplementKind, tuple[str, ...]], ...] = (
    ("iron", ("iron", "ferrous", "ferric")),
    ("zinc", ("zinc",)),
    ("vitamin_d", ("vitamin d", "vit d", "cholecalciferol", "ergocalciferol", "d3")),
    ("vitamin_b12", ("b12", "cobalamin")),
    ("folic_acid", ("folic", "folate", "methylfolate")),
    ("probiotic", ("probiotic", "lactobacillus", "lacticaseibacillus", "bifidobacterium",
                   "saccharomyces", "boulardii")),
)


class Supplement(_Model):
    name: str
    dose: str | None = None
    kind: SupplementKind | None = Field(
        default=None, description="what it supplies; when omitted it is read from the name "
        "(iron, zinc, vitamin D, B12, folic acid, probiotic) or else 'other'")
    ongoing: bool = Field(default=True, description="still being taken")

    @model_validator(mode="after")
    def _kind(self) -> Supplement:
        if self.kind is None:
            name = self.name.lower()
            self.kind = next((kind for kind, words in _SUPPLEMENT_WORDS
                              if any(word in name for word in words)), "other")
        return self


class AlarmFeatures(_Model):
    """Alarm features asked about explicitly: each yes, no or unknown (left out = unknown).

    The red-flag rules (knowledge/rules.yaml) read these; a rule whose answer is unknown is "not
    assessed" and named in the report, so "No red flags" is said only when all were answered.
    """

    rectal_bleeding: Answer = Field(default=None, description="blood in or on the stool")
    melaena: Answer = Field(default=None, description="black, tarry stools")
    haematemesis: Answer = Field(default=None, description="vomiting blood or coffee-ground material")
    unintended_weight_loss: Answer = None
    nocturnal_symptoms: Answer = Field(default=None, description="gut symptoms that wake the client at night")
    change_in_bowel_habit: Answer = Field(
        default=None, description="a persistent change from the client's usual bowel habit "
        "(looser or more frequent stools, or constipation)")
    fever: Answer = Field(default=None, description="fever with the current gut symptoms")
    dysphagia: Answer = Field(default=None, description="difficulty swallowing, or food sticking")
    persistent_vomiting: Answer = None
    abdominal_or_rectal_mass: Answer = Field(
        default=None, description="a lump in the abdomen or back passage, felt by the client or a clinician")
    family_history_colorectal_cancer: Answer = None
    family_history_ibd: Answer = None
    family_history_coeliac: Answer = Field(default=None, description="a first-degree relative with coeliac disease")
    symptom_onset_age: int | None = Field(default=None, ge=0, le=120, description="age when the current gut symptoms began")


class Health(_Model):
    """Conditions as coded yes/no/unknown answers (what the contraindication rules read), plus
    free-text conditions, which are kept and shown but not read by any rule."""

    immunocompromised: Answer = None
    central_venous_catheter: Answer = Field(default=None, description="long-term central line or port")
    prosthetic_valve_or_endocarditis: Answer = Field(
        default=None, description="artificial heart valve, or endocarditis in the past")
    severe_acute_pancreatitis: Answer = Field(default=None, description="current or recent severe acute pancreatitis")
    critical_illness: Answer = Field(default=None, description="critically ill (e.g. in intensive care)")
    short_bowel: Answer = Field(default=None, description="short bowel syndrome or extensive bowel resection")
    stricture_or_obstruction: Answer = Field(
        default=None, description="known bowel stricture (narrowing), obstruction or faecal impaction")
    kidney_disease: Answer = None
    liver_disease: Answer = None
    hypercalcaemia: Answer = Field(default=None, description="raised blood calcium, now or in the past")
    iron_overload: Answer = Field(default=None, description="haemochromatosis or other iron overload")
    eating_disorder: Answer = Field(default=None, description="current or past eating disorder, or underweight")
    medicines_complete: Answer = Field(
        default=None, description="the medicine list is complete (yes: a medicine kind not listed "
        "is known not to be taken; otherwise it is unknown)")
    post_infectious_onset: Answer = Field(default=None, description="symptoms began after a gastroenteritis")
    minimal_sun_exposure: Answer = Field(
        default=None, description="seldom outdoors, or skin habitually covered when outdoors "
        "(the groups SACN 2016 names at risk of low vitamin D)")
    conditions: list[str] = Field(
        default_factory=list, description="free text: shown to the practitioner, NOT read by the rules")


class TimelineEvent(_Model):
    date: date
    event: str
    kind: Literal["illness", "gastroenteritis", "antibiotics", "surgery", "travel", "diet_change",
                  "stress", "other"] = "other"


GUT_SYMPTOMS = Literal[
    "abdominal_pain", "bloating", "diarrhoea", "constipation", "alternating_bowel_habit",
    "change_in_bowel_habit", "urgency", "reflux", "nausea", "flatulence", "incomplete_evacuation",
]


class Intake(_Model):
    """Everything the client told the practitioner."""

    schema_version: Literal["1"] = "1"
    client_id: str | None = None
    collected: date | None = Field(default=None, description="date of the intake (default: today)")
    demographics: Demographics
    symptoms: list[GUT_SYMPTOMS] | None = Field(
        default=None, description="current gut symptoms ([] = none; left out = not asked)")
    alarm_features: AlarmFeatures = AlarmFeatures()
    health: Health = Health()
    questionnaires: Questionnaires = Field(default_factory=Questionnaires)
    diet: Diet = Diet()
    medications: list[Medication] = Field(default_factory=list)
    supplements: list[Supplement] = Field(default_factory=list)
    timeline: list[TimelineEvent] = Field(default_factory=list)


def intake_json_schema() -> dict[str, Any]:
    """The published JSON schema of the intake file."""
    schema = Intake.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://microbiomix.org/schemas/intake.schema.json"
    return schema


def yaml_line_of(text: str, loc: tuple[int | str, ...]) -> int | None:
    """1-based line of the node at ``loc`` in a YAML/JSON document (the deepest found)."""
    try:
        node = yaml.compose(text)
    except yaml.YAMLError:
        return None
    line = None
    for key in loc:
        if node is None:
            break
        line = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if str(k.value) == str(key)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            node = None
    if node is not None:
        line = node.start_mark.line + 1
    return line


# An intake is a few kilobytes nested four or five levels; far beyond that is not an intake.
MAX_INTAKE_CHARS = 1_000_000
MAX_INTAKE_DEPTH = 20


def _nests_deeper_than(value: object, limit: int) -> bool:
    """True when lists/mappings nest deeper than ``limit``; each shared YAML alias is walked at
    most ``limit`` times, so a small document of aliases cannot make this slow."""
    deepest: dict[int, int] = {}
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if not isinstance(item, (dict, list)):
            continue
        if level > limit:
            return True
        if deepest.get(id(item), 0) >= level:
            continue
        deepest[id(item)] = level
        children = item.values() if isinstance(item, dict) else item
        stack.extend((child, level + 1) for child in children)
    return False


def parse_intake(text: str, path: str | Path = "<intake>") -> Intake:
    """Validate intake text (YAML or JSON).

    Raises:
        InputError: not YAML/JSON, too large or nested too deeply, or a field is missing, unknown
            or out of range (named).
    """
    if len(text) > MAX_INTAKE_CHARS:
        raise InputError(path, None, f"intake is larger than {MAX_INTAKE_CHARS:,} characters")
    too_deep = f"intake nests lists or mappings more than {MAX_INTAKE_DEPTH} levels deep"
    try:
        data = yaml.safe_load(text) if not text.lstrip().startswith("{") else json.loads(text)
    except RecursionError:
        raise InputError(path, None, too_deep) from None
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else getattr(exc, "lineno", None)
        raise InputError(path, line, f"intake is not valid YAML or JSON ({exc})") from None
    if not isinstance(data, dict):
        raise InputError(path, None, "intake must be a mapping with at least 'demographics'")
    if _nests_deeper_than(data, MAX_INTAKE_DEPTH):
        raise InputError(path, None, too_deep)
    try:
        return Intake.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = tuple(error["loc"])
        field = ".".join(str(p) for p in loc) or "(top level)"
        message = error["msg"]
        if error["type"] == "extra_forbidden":
            message = "unknown field"
        elif error["type"] == "missing":
            message = "required field is missing"
        raise InputError(path, yaml_line_of(text, loc), f"field {field}: {message}") from None


def read_intake(path: str | Path) -> Intake:
    """Read and validate an intake file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(path, None, "intake must be UTF-8 text") from exc
    return parse_intake(text, path)
