"""Practitioner review of the plan before the client sees it.

The client view shows only plan items a practitioner accepted or changed; without a review it
says the plan is awaiting review. A review is a small YAML (or JSON) file (``mmm report --view
client --approved-plan F``) or, in the portal, the practitioner's edits; both go through
:func:`apply_review`, so the rule is the same everywhere::

    reviewed_by: Dr A. Practitioner
    reviewed_on: 2026-10-06
    items:
      fibre_increase: accept
      probiotic_ibs_trial: remove
      soluble_fibre_ibs:
        decision: change
        client_text: Psyllium, one teaspoon a day in water, for two weeks; then we review.
        note: started low because of bloating

Edited text is never dropped silently: a ``change`` needs its new text, and a review that names
an item the report's plan no longer has is an error (the plan changed since the review), not a
quiet skip. Items the review does not name stay "proposed" and are not shown to the client.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from microbiomix.errors import InputError
from microbiomix.readers.intake import yaml_line_of
from microbiomix.report.model import PlanReview, Report

Decision = Literal["accept", "change", "remove"]


class ItemDecision(BaseModel):
    """The practitioner's decision on one plan item."""

    model_config = ConfigDict(extra="forbid")
    decision: Decision
    client_text: str | None = Field(default=None, description="the new text (change only)")
    note: str | None = None

    @field_validator("client_text")
    @classmethod
    def _not_blank(cls, text: str | None) -> str | None:
        if text is not None and not text.strip():
            raise ValueError("is empty")
        return text


class ReviewFile(BaseModel):
    """An approved-plan file."""

    model_config = ConfigDict(extra="forbid")
    reviewed_by: str = Field(min_length=1)
    reviewed_on: date
    sample: str | None = Field(default=None, description="the sample the review was made for")
    items: dict[str, ItemDecision]

    @field_validator("items", mode="before")
    @classmethod
    def _short_form(cls, items: Any) -> Any:
        if isinstance(items, Mapping):
            return {k: {"decision": v} if isinstance(v, str) else v for k, v in items.items()}
        return items


def parse_review(text: str, path: str | Path = "<approved plan>") -> ReviewFile:
    """Validate an approved-plan file; every error names the field and line."""
    try:
        data = json.loads(text) if text.lstrip().startswith("{") else yaml.safe_load(text)
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        raise InputError(path, None, f"approved plan is not valid YAML or JSON ({exc})") from None
    if not isinstance(data, dict):
        raise InputError(path, None, "approved plan must be a mapping with reviewed_by, "
                         "reviewed_on and items")
    try:
        review = ReviewFile.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = tuple(error["loc"])
        field = ".".join(str(p) for p in loc) or "(top level)"
        message = {"extra_forbidden": "unknown field", "missing": "required field is missing"}.get(
            error["type"], error["msg"])
        raise InputError(path, yaml_line_of(text, loc), f"field {field}: {message}") from None
    for item_id, item in review.items.items():
        if item.decision == "change" and item.client_text is None:
            raise InputError(path, yaml_line_of(text, ("items", item_id)),
                             f"field items.{item_id}: a change needs client_text (the edited "
                             "text), otherwise the edit would be lost")
        if item.decision != "change" and item.client_text is not None:
            raise InputError(path, yaml_line_of(text, ("items", item_id)),
                             f"field items.{item_id}: client_text is only for decision: change "
                             f"(this item is '{item.decision}'; the text would be ignored)")
    return review


def read_review(path: str | Path) -> tuple[ReviewFile, str]:
    """The approved-plan file and its version (sha256 of its bytes)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(path, None, f"cannot read the approved plan ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(path, None, "approved plan must be UTF-8 text") from None
    return parse_review(text, path), hashlib.sha256(raw).hexdigest()


def apply_review(
    report: Report,
    decisions: Mapping[str, ItemDecision],
    reviewed_by: str,
    reviewed_on: date,
    source: str | None = None,
    version: str | None = None,
    path: str | Path = "<approved plan>",
) -> Report:
    """A copy of ``report`` whose plan carries the practitioner's decisions.

    Raises:
        InputError: a decision names an item not in the report's plan (the plan changed since
            the review: review it again rather than lose the edit).
    """
    ids = {item.id for item in report.plan if item.id}
    stale = sorted(set(decisions) - ids)
    if stale:
        raise InputError(path, None, f"items {', '.join(stale)} are not in this report's plan "
                         f"(it has {', '.join(sorted(ids)) or 'no items'}); the plan changed since "
                         "the review: review it again")
    plan = []
    for item in report.plan:
        decided = decisions.get(item.id or "")
        if decided is None:
            plan.append(item.model_copy(update={"review": "proposed"}))
        elif decided.decision == "change":
            plan.append(item.model_copy(update={
                "review": "change", "proposed_text": item.client_text or item.text,
                "client_text": decided.client_text, "review_note": decided.note}))
        else:
            plan.append(item.model_copy(update={"review": decided.decision,
                                                "review_note": decided.note}))
    return report.model_copy(update={
        "plan": plan,
        "review": PlanReview(reviewed_by=reviewed_by, reviewed_on=reviewed_on, source=source,
                             version=version),
    })


def apply_review_file(report: Report, path: str | Path) -> Report:
    """:func:`apply_review` with an approved-plan file (``mmm report --approved-plan``)."""
    review, version = read_review(path)
    if review.sample is not None and review.sample != report.sample.sample_id:
        raise InputError(path, None, f"the review is for sample {review.sample!r}, this report is "
                         f"for {report.sample.sample_id!r}")
    return apply_review(report, review.items, review.reviewed_by, review.reviewed_on,
                        source=Path(path).name, version=version, path=path)
