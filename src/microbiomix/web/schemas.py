"""Request and response bodies of the JSON API (separate create and public shapes)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
)


def _as_utc(value: datetime) -> datetime:
    """Stored times are naive UTC; the API says so explicitly (RFC 3339 with offset)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


Time = Annotated[datetime, AfterValidator(_as_utc)]


class LoginIn(BaseModel):
    email: str = Field(min_length=3, max_length=320)
    password: str = Field(min_length=1, max_length=1024)


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    email: str


def recent_date(value: date | None) -> date | None:
    """A collection or test date: between 1990-01-01 and today."""
    if value is not None and not (date(1990, 1, 1) <= value <= date.today()):
        raise ValueError("the date must be between 1990-01-01 and today")
    return value


RecentDate = Annotated[date | None, AfterValidator(recent_date)]


def birth_date(value: date | None) -> date | None:
    """A date of birth: between 1900-01-01 and today."""
    if value is not None and not (date(1900, 1, 1) <= value <= date.today()):
        raise ValueError("date of birth must be between 1900-01-01 and today")
    return value


BirthDate = Annotated[date | None, AfterValidator(birth_date)]


class ClientCreate(BaseModel):
    # Whitespace is stripped first, so a blank name fails validation with FastAPI's usual 422 body.
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    date_of_birth: BirthDate = None
    sex: Literal["female", "male", "intersex", "not stated"] | None = None
    contact: str | None = Field(None, max_length=320, description="e-mail or telephone")


class ClientUpdate(BaseModel):
    """Changes to a client's details: only the fields given change; ``null`` clears one."""

    name: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
        | None
    ) = None
    date_of_birth: BirthDate = None
    sex: Literal["female", "male", "intersex", "not stated"] | None = None
    contact: str | None = Field(None, max_length=320, description="e-mail or telephone")


class Rejection(BaseModel):
    """A 422 body: the reason a file was refused, or FastAPI's list of validation errors."""

    detail: str | list[dict[str, Any]]


class ClientOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    name: str
    created_at: Time
    date_of_birth: date | None = None
    sex: str | None = None
    contact: str | None = None


class SampleOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    client_id: int
    filename: str
    mate_filename: str | None = Field(None, description="R2 of paired reads (filename is R1)")
    input_format: str
    sample_label: str
    uploaded_at: Time
    collected_on: date | None = Field(None, description="when the stool was collected")
    status: Literal["queued", "processing", "ready", "failed"]
    error: str | None = None
    progress: int = Field(0, ge=0, le=100, description="percent done of the report job")


class DocumentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    client_id: int
    kind: Literal["labs", "intake"]
    filename: str
    uploaded_at: Time
    effective_on: date | None = Field(
        None, description="when the labs were taken / intake answered"
    )


class FunctionalTableOut(BaseModel):
    """A HUMAnN table stored as a sample's functional profile."""

    model_config = ConfigDict(from_attributes=True)
    id: int
    sample_id: int
    kind: str = Field(description="what the rows are: '<namespace>/<measure>', e.g. 'ec/abundance'")
    label: str = Field("", description="the kind in words")
    filename: str
    sample_column: str = Field(description="the table's sample column read for this sample")
    unit: str = Field(description="RPK, CPM, relative abundance, coverage or unknown")
    features: int = Field(description="community rows (UNMAPPED / UNINTEGRATED not counted)")
    uploaded_at: Time


class FunctionalUploadOut(FunctionalTableOut):
    replaced: bool = Field(description="a table of the same kind was replaced")
    rebuild_queued: bool = Field(description="the sample's report is being rebuilt with it")
    notes: list[str] = Field(default_factory=list, description="what the reader noticed")
    other_sample_name: str | None = Field(
        None,
        description="the table's own sample name when it differs from this sample's (a "
        "single-sample table is used anyway, and the report says so: check it is this sample's)",
    )


class Pending(BaseModel):
    status: Literal["queued", "processing"]
    progress: int


class PlanEditIn(BaseModel):
    action: Literal["accept", "change", "remove"]
    text: str | None = Field(None, max_length=4000, description="new text (for change)")


class PlanItemOut(BaseModel):
    item_id: str
    category: str
    generated_text: str
    text: str
    evidence: str
    status: Literal["proposed", "accept", "change", "remove"]
    edited_by: int | None
    edited_at: Time | None


class PlanEditOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    item_id: str
    action: str
    text: str | None
    user_id: int
    created_at: Time


class PlanOut(BaseModel):
    items: list[PlanItemOut]
    history: list[PlanEditOut]


class CarryOverOffer(BaseModel):
    """The previous sample's decisions that can be copied onto this sample's undecided items."""

    previous_sample_id: int | None = Field(
        None, description="the sample collected just before this one (None: no offer)"
    )
    decisions: list[PlanEditOut] = Field(
        default_factory=list, description="its newest decision on each item proposed here too"
    )


class CarryOverOut(BaseModel):
    carried: int = Field(description="decisions copied (each a new edit by you)")
    plan: PlanOut


class ShareCreate(BaseModel):
    days: int = Field(14, ge=1, le=90, description="days until the link expires")


class ShareOut(BaseModel):
    id: int
    url: str
    expires_at: Time


class ShareLinkOut(BaseModel):
    """A share link as listed (its URL token is never stored, so it cannot be shown again)."""

    model_config = ConfigDict(from_attributes=True)
    id: int
    created_at: Time
    expires_at: Time
    revoked: bool


class AuditOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    action: str
    record_type: str
    record_id: int | None
    at: Time
