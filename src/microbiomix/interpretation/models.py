"""The findings document: what interpretation hands to the report (pydantic, JSON schema)."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from microbiomix.interpretation.scoring import Score

FINDINGS_SCHEMA_VERSION = "1.1"  # 1.1: red_flag_status, red_flag_inputs_missing, questions,
# not_read_by_rules; RedFlag.guideline/domain; PlanItem.checked_against/check_before_use

DISCLAIMER = (
    "This interpretation informs a qualified practitioner. It does not diagnose, and it is not a "
    "substitute for medical assessment. Red flags mean: refer the client to a doctor."
)

Grade = Literal["high", "moderate", "low", "very_low"]
Category = Literal[
    "food", "probiotic", "polyphenol", "amino_acid", "nutrient", "lifestyle", "stress", "medical"
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Citation(_Model):
    key: str
    text: str


class Retest(_Model):
    what: str
    when: str


class Evidence(_Model):
    scale: Literal["GRADE"] = "GRADE"
    grade: Grade
    basis: str


class LabFinding(_Model):
    """A lab result in canonical units, flagged against limits and the lab's own range."""

    analyte: str
    analyte_id: str | None
    name: str
    date: date
    value: float | None
    unit: str
    qualitative: str | None = None
    canonical_value: float | None = None
    canonical_unit: str | None = None
    loinc: str | None = None
    status: str  # words: the label of the first limit met, or against the lab's range
    flag: Literal["low", "high", "borderline", "normal", "positive", "negative", "no reference",
                  "not interpreted"]
    limits_met: list[dict[str, str]] = Field(default_factory=list)  # id, label, meaning, source
    lab_range: str | None = None  # "below", "within", "above" the lab's printed interval
    validity_note: str | None = None
    validity_sources: list[Citation] = Field(default_factory=list)
    interpreted: bool


class Finding(_Model):
    id: str
    domain: str
    severity: Literal["info", "attention", "concern"]
    title: str
    text: str
    client_text: str
    triggered_by: list[str]
    sources: list[Citation] = Field(min_length=1)
    plan: list[str] = Field(default_factory=list)
    retest: Retest | None = None
    caveat: str | None = Field(
        default=None,
        description="why the finding was kept below its rule's severity (e.g. a percentile "
        "against a reference made with another profiler)")


class RedFlag(_Model):
    id: str
    reason: str
    action: str
    client_text: str = Field(description="the reason and action in plain words, for the client")
    triggered_by: list[str]
    sources: list[Citation] = Field(min_length=1)
    guideline: str | None = Field(default=None, description="the guideline recommendation the rule follows")
    domain: str | None = None


class PlanItem(_Model):
    id: str
    category: Category
    text: str
    client_text: str
    rationale: str
    evidence: Evidence
    citations: list[Citation] = Field(min_length=1)
    cautions: list[str] = Field(default_factory=list)
    contraindications: list[str] = Field(default_factory=list)
    interactions: list[str] = Field(default_factory=list)
    client_cautions: list[str] = Field(
        default_factory=list,
        description="the cautions, contraindications and interactions (in that order) in plain "
        "words, for the client",
    )
    retest: Retest | None = None
    because: list[str] = Field(description="ids of the findings that recommend this item")
    checked_against: list[str] = Field(
        default_factory=list, description="the coded intake answers (conditions, medicines) the "
        "item's contraindications were checked against")
    check_before_use: list[str] = Field(
        default_factory=list, description="contraindications whose answer was unknown (or that "
        "call for a check when present): the practitioner must check these before use")
    client_check_before_use: list[str] = Field(default_factory=list)


class Withheld(_Model):
    id: str
    category: Category
    text: str
    reason: str
    client_text: str = Field(description="the item in plain words, for the client")
    client_reason: str = Field(description="why it was left out, in plain words, for the client")
    because: list[str]
    checked_against: list[str] = Field(default_factory=list)


class NotEvaluated(_Model):
    id: str
    kind: Literal["finding", "red_flag"]
    title: str
    missing: list[str]


Verdict = Literal["looks as expected", "worth discussing", "see your practitioner soon",
                  "not assessed"]


class QuestionVerdict(_Model):
    """One of the five client-view questions, answered from the same findings, red flags and lab
    flags the practitioner sees."""

    key: str
    verdict: Verdict
    reasons: list[str] = Field(default_factory=list)
    used: list[str] = Field(default_factory=list, description="markers and labs that informed it")
    not_assessed: list[str] = Field(default_factory=list, description="what would answer it")


class Findings(_Model):
    """Everything interpretation concluded for one sample of one client."""

    tool: Literal["microbiomix"] = "microbiomix"
    microbiomix_version: str
    schema_version: str = FINDINGS_SCHEMA_VERSION
    sample: str | None
    disclaimer: str = DISCLAIMER
    evidence_scale: str = (
        "GRADE certainty of evidence (high, moderate, low, very low; Guyatt 2008, "
        "doi:10.1136/bmj.39489.470347.AD) as assigned by microbiomix to the cited evidence."
    )
    quality: dict[str, Any] | None = Field(
        default=None,
        description="the sample-quality gate (microbiomix.quality.Quality.as_dict): verdict "
        "pass/caution/fail, reasons and every check; on fail, microbiome findings are withheld")
    inputs: dict[str, Any]
    scores: dict[str, Score] = Field(default_factory=dict)
    labs: list[LabFinding] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    red_flags: list[RedFlag] = Field(default_factory=list)
    plan: list[PlanItem] = Field(default_factory=list)
    withheld: list[Withheld] = Field(default_factory=list)
    not_evaluated: list[NotEvaluated] = Field(default_factory=list)
    not_assessed: list[str] = Field(default_factory=list)
    red_flag_status: str = ""
    red_flag_inputs_missing: list[str] = Field(
        default_factory=list, description="questions not answered and tests not given that some "
        "red-flag rule needed (those rules are listed in not_evaluated)")
    red_flag_questions_unanswered: list[str] = Field(
        default_factory=list, description="the red-flag questions not answered, in plain words")
    not_read_by_rules: list[str] = Field(default_factory=list, description="free-text answers")
    questions: list[QuestionVerdict] = Field(default_factory=list)
