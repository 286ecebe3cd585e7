"""Clients, and what is uploaded for them (samples, lab results, intake)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, UploadFile

from microbiomix.web import audit, services
from microbiomix.web.deps import CurrentUser, Id, SessionDep, SettingsDep, own_client
from microbiomix.web.schemas import (
    ClientCreate,
    ClientOut,
    ClientUpdate,
    DocumentOut,
    RecentDate,
    Rejection,
    SampleOut,
)
from microbiomix.web.uploads import UploadRejected

router = APIRouter(prefix="/clients", tags=["clients"])
Responses = dict[int | str, dict[str, Any]]
LOGGED_OUT: Responses = {401: {"description": "not logged in"}}
NOT_FOUND: Responses = {
    404: {"description": "no such client of yours"},
    401: {"description": "not logged in"},
}
UPLOAD_ERRORS: Responses = {
    **NOT_FOUND,
    422: {"model": Rejection, "description": "the file is not acceptable (the reason says why)"},
}


@router.get("", response_model=list[ClientOut], responses=LOGGED_OUT)
def list_clients(db: SessionDep, user: CurrentUser) -> list[ClientOut]:
    return [ClientOut.model_validate(c) for c in services.clients_of(db, user)]


@router.post("", response_model=ClientOut, status_code=201, responses=LOGGED_OUT)
def create_client(body: ClientCreate, db: SessionDep, user: CurrentUser) -> ClientOut:
    try:
        client = services.create_client(
            db, user, body.name, body.date_of_birth, body.sex, body.contact
        )
    except services.Conflict as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from None
    return ClientOut.model_validate(client)


@router.get("/{client_id}", response_model=ClientOut, responses=NOT_FOUND)
def get_client(client_id: Id, db: SessionDep, user: CurrentUser) -> ClientOut:
    client = own_client(db, user, client_id)
    audit.viewed(db, user.id, "view", "client", client.id)
    return ClientOut.model_validate(client)


@router.patch(
    "/{client_id}",
    response_model=ClientOut,
    responses={**NOT_FOUND, 422: {"model": Rejection, "description": "a field is not acceptable"}},
)
def update_client(
    client_id: Id, body: ClientUpdate, db: SessionDep, user: CurrentUser
) -> ClientOut:
    """Change a client's name, date of birth, sex or contact: only the fields given change, and
    ``null`` clears a detail (the name cannot be cleared)."""
    client = own_client(db, user, client_id)
    given = body.model_fields_set
    if "name" in given and body.name is None:
        raise HTTPException(status_code=422, detail="the client needs a name")
    values = {
        field: getattr(body, field) if field in given else getattr(client, field)
        for field in ("name", "date_of_birth", "sex", "contact")
    }
    try:
        services.update_client(db, user, client, **values)
    except services.Conflict as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from None
    return ClientOut.model_validate(client)


def sample_out(db: SessionDep, sample: object) -> SampleOut:
    out = SampleOut.model_validate(sample)
    out.progress = services.progress(db, sample)  # type: ignore[arg-type]
    return out


@router.get("/{client_id}/samples", response_model=list[SampleOut], responses=NOT_FOUND)
def list_samples(client_id: Id, db: SessionDep, user: CurrentUser) -> list[SampleOut]:
    client = own_client(db, user, client_id)
    return [sample_out(db, s) for s in services.samples_of(db, client)]


def read_upload(file: UploadFile, limit: int) -> bytes:
    content = file.file.read(limit + 1)
    if len(content) > limit:
        raise HTTPException(
            status_code=413, detail=f"file is larger than {limit // (1024 * 1024)} MB"
        )
    return content


def mate_upload(file: UploadFile | None, limit: int) -> tuple[str, bytes] | None:
    """The optional R2 file as (name, content); None when the field is absent or left empty."""
    if file is None or not (file.filename or file.size):
        return None
    return file.filename or "R2.fastq", read_upload(file, limit)


@router.post(
    "/{client_id}/samples",
    response_model=SampleOut,
    status_code=201,
    responses={**UPLOAD_ERRORS, 413: {"description": "file too large"}},
)
def upload_sample(
    client_id: Id,
    file: UploadFile,
    db: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
    file_r2: UploadFile | None = None,
    collected: Annotated[RecentDate, Form(description="stool collection date")] = None,
) -> SampleOut:
    """One profile file, or FASTQ reads: ``file`` (R1) and, for paired reads, ``file_r2`` (R2);
    ``collected``: when the stool was collected (re-tests are ordered by it)."""
    client = own_client(db, user, client_id)
    content = read_upload(file, settings.max_upload_bytes)
    mate = mate_upload(file_r2, settings.max_upload_bytes)
    try:
        sample = services.add_sample(
            db, settings, user, client, file.filename or "", content, mate, collected
        )
    except UploadRejected as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from None
    return sample_out(db, sample)


def _document(
    kind: str,
    client_id: Id,
    file: UploadFile,
    db: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
    effective_on: date | None = None,
) -> DocumentOut:
    client = own_client(db, user, client_id)
    content = read_upload(file, settings.max_upload_bytes)
    try:
        document = services.add_document(
            db, settings, user, client, kind, file.filename or "", content, effective_on
        )
    except UploadRejected as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from None
    return DocumentOut.model_validate(document)


@router.post(
    "/{client_id}/labs", response_model=DocumentOut, status_code=201, responses=UPLOAD_ERRORS
)
def upload_labs(
    client_id: Id,
    file: UploadFile,
    db: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
    effective_on: Annotated[RecentDate, Form(description="when the labs were taken")] = None,
) -> DocumentOut:
    """Lab results; reports whose matching labs this changes are rebuilt (a queued job)."""
    return _document("labs", client_id, file, db, settings, user, effective_on)


@router.post(
    "/{client_id}/intake", response_model=DocumentOut, status_code=201, responses=UPLOAD_ERRORS
)
def upload_intake(
    client_id: Id,
    file: UploadFile,
    db: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
    effective_on: Annotated[RecentDate, Form(description="when the intake was answered")] = None,
) -> DocumentOut:
    """An intake; reports whose matching intake this changes are rebuilt (a queued job)."""
    return _document("intake", client_id, file, db, settings, user, effective_on)
