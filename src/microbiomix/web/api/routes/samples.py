"""Samples: status, the report in every format, the practitioner's plan edits and share links."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, HTTPException, Request, Response, UploadFile
from fastapi.responses import JSONResponse

from microbiomix.web import audit, services
from microbiomix.web.api.routes.clients import read_upload, sample_out
from microbiomix.web.deps import (
    CurrentUser,
    Id,
    RenderCacheDep,
    SessionDep,
    SettingsDep,
    own_sample,
)
from microbiomix.web.models import Sample
from microbiomix.web.reports import RenderCache, edits_for, load_report, plan_rows
from microbiomix.web.schemas import (
    CarryOverOffer,
    CarryOverOut,
    FunctionalTableOut,
    FunctionalUploadOut,
    Pending,
    PlanEditIn,
    PlanEditOut,
    PlanItemOut,
    PlanOut,
    Rejection,
    SampleOut,
    ShareCreate,
    ShareLinkOut,
    ShareOut,
)
from microbiomix.web.uploads import UploadRejected, safe_filename

router = APIRouter(prefix="/samples", tags=["samples"])
Responses = dict[int | str, dict[str, Any]]
NOT_FOUND: Responses = {
    404: {"description": "no such sample of yours"},
    401: {"description": "not logged in"},
}
REPORT_STATES: Responses = {
    **NOT_FOUND,
    202: {"model": Pending, "description": "still processing"},
    409: {"description": "processing failed (the detail says why)"},
}
View = Literal["practitioner", "client"]


@router.get("/{sample_id}", response_model=SampleOut, responses=NOT_FOUND)
def get_sample(sample_id: Id, db: SessionDep, user: CurrentUser) -> SampleOut:
    sample, _ = own_sample(db, user, sample_id)
    audit.viewed(db, user.id, "view", "sample", sample.id)
    return sample_out(db, sample)


def functional_out(table: object) -> FunctionalTableOut:
    out = FunctionalTableOut.model_validate(table)
    out.label = services.functions_label(out.kind)
    return out


@router.get("/{sample_id}/functions", response_model=list[FunctionalTableOut], responses=NOT_FOUND)
def list_functions(sample_id: Id, db: SessionDep, user: CurrentUser) -> list[FunctionalTableOut]:
    """The HUMAnN tables stored as the sample's functional profile, one per kind."""
    sample, _ = own_sample(db, user, sample_id)
    return [functional_out(t) for t in services.functional_tables_of(db, sample)]


@router.post(
    "/{sample_id}/functions",
    response_model=FunctionalUploadOut,
    status_code=201,
    responses={
        **NOT_FOUND,
        413: {"description": "file too large"},
        422: {"model": Rejection, "description": "not a HUMAnN table of this sample (why)"},
    },
)
def upload_functions(
    sample_id: Id, file: UploadFile, db: SessionDep, settings: SettingsDep, user: CurrentUser
) -> FunctionalUploadOut:
    """A HUMAnN table (gene families, pathway abundance or coverage, or a table regrouped to EC /
    KO / MetaCyc reactions; single-sample, or joined with a column named like the sample) as the
    sample's functional profile. A table of the same kind replaces the stored one; the report is
    rebuilt with it, and gene-based markers replace the species-inferred guilds they measure."""
    sample, _ = own_sample(db, user, sample_id)
    content = read_upload(file, settings.max_upload_bytes)
    try:
        stored = services.add_functions(db, settings, user, sample, file.filename or "", content)
    except UploadRejected as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from None
    return FunctionalUploadOut(
        **functional_out(stored.table).model_dump(),
        replaced=stored.replaced,
        rebuild_queued=stored.rebuild_queued,
        notes=list(stored.notes),
        other_sample_name=stored.other_name,
    )


@router.delete(
    "/{sample_id}/functions/{table_id}",
    status_code=204,
    responses={
        404: {"description": "no such sample of yours, or no such table of that sample"},
        401: {"description": "not logged in"},
    },
)
def delete_functions(sample_id: Id, table_id: Id, db: SessionDep, user: CurrentUser) -> Response:
    """Remove a HUMAnN table (e.g. given by mistake); the report is rebuilt without it."""
    sample, _ = own_sample(db, user, sample_id)
    try:
        services.remove_functions(db, user, sample, table_id)
    except LookupError:
        raise HTTPException(status_code=404, detail="no such functional table") from None
    return Response(status_code=204)


def _ready(db: SessionDep, sample: Sample) -> JSONResponse | None:
    """None when the report is there; otherwise the 202 (pending) answer, or 409 when it failed."""
    if sample.status == "failed":
        raise HTTPException(status_code=409, detail=f"processing failed: {sample.error}")
    services.rebuild_if_outdated(db, sample)
    if sample.report_json is None:
        pending = Pending(
            status="processing" if sample.status == "processing" else "queued",
            progress=services.progress(db, sample),
        )
        return JSONResponse(pending.model_dump(), status_code=202)
    return None


@router.get(
    "/{sample_id}/report.json",
    responses={
        **REPORT_STATES,
        200: {
            "description": "the Report document (microbiomix report schema), with the plan as edited",
            "content": {"application/json": {"schema": {"type": "object"}}},
        },
    },
)
def report_json(
    sample_id: Id, db: SessionDep, user: CurrentUser, cache: RenderCacheDep, original: bool = False
) -> Response:
    """The Report document; ``original=true`` gives the plan as generated, before edits."""
    sample, _ = own_sample(db, user, sample_id)
    pending = _ready(db, sample)
    if pending is not None:
        return pending
    audit.viewed(db, user.id, "view_report", "sample", sample.id)
    if original:
        assert sample.report_json is not None
        return Response(sample.report_json, media_type="application/json")
    return Response(cache.document(db, sample, "json"), media_type="application/json")


_FORMATS = {
    "html": ("text/html; charset=utf-8", "html"),
    "pdf": ("application/pdf", "pdf"),
    "fhir.json": ("application/fhir+json", "fhir"),
}


def rendered(
    cache: RenderCache,
    db: SessionDep,
    user_id: int | None,
    sample: Sample,
    fmt: str,
    view: View,
    brand: str = "",
) -> Response:
    media_type, renderer = _FORMATS[fmt]
    audit.viewed(db, user_id, f"download_{renderer}", "sample", sample.id)
    body = cache.document(db, sample, renderer, view, brand)
    headers = {}
    if fmt != "html":
        name = (
            f"{sample.sample_label}.{view}.{fmt}"
            if fmt == "pdf"
            else f"{sample.sample_label}.{fmt}"
        )
        headers["Content-Disposition"] = f'attachment; filename="{safe_filename(name)}"'
    return Response(body, media_type=media_type, headers=headers)


@router.get(
    "/{sample_id}/report.{fmt}",
    responses={
        **REPORT_STATES,
        200: {
            "description": "the rendered report",
            "content": {"text/html": {}, "application/pdf": {}, "application/fhir+json": {}},
        },
    },
)
def report_file(
    sample_id: Id,
    fmt: Literal["html", "pdf", "fhir.json"],
    db: SessionDep,
    user: CurrentUser,
    cache: RenderCacheDep,
    view: View = "practitioner",
) -> Response:
    sample, _ = own_sample(db, user, sample_id)
    pending = _ready(db, sample)
    if pending is not None:
        return pending
    brand = ""
    if fmt != "fhir.json":  # the clinic block heads HTML and PDF downloads
        brand = services.report_brand(db, sample, user, view=view, with_links=fmt == "html")
    return rendered(cache, db, user.id, sample, fmt, view, brand)


def plan_out(db: SessionDep, sample: Sample) -> PlanOut:
    edits = edits_for(db, sample.id)
    rows = plan_rows(load_report(sample), edits)
    return PlanOut(
        items=[
            PlanItemOut(
                item_id=r.key,
                category=r.item.category,
                generated_text=r.item.text,
                text=r.text,
                evidence=r.item.evidence,
                status=r.status,  # type: ignore[arg-type]
                edited_by=r.edited_by,
                edited_at=r.edited_at,
            )
            for r in rows
        ],
        history=[PlanEditOut.model_validate(e) for e in edits],
    )


@router.get("/{sample_id}/plan", response_model=PlanOut, responses=REPORT_STATES)
def get_plan(sample_id: Id, db: SessionDep, user: CurrentUser) -> PlanOut | JSONResponse:
    sample, _ = own_sample(db, user, sample_id)
    pending = _ready(db, sample)
    if pending is not None:
        return pending
    audit.viewed(db, user.id, "view_plan", "sample", sample.id)
    return plan_out(db, sample)


@router.post(
    "/{sample_id}/plan/{item_id}",
    response_model=PlanEditOut,
    status_code=201,
    responses={**NOT_FOUND, 409: {"description": "report not ready, or the edit is incomplete"}},
)
def edit_plan_item(
    sample_id: Id, item_id: str, body: PlanEditIn, db: SessionDep, user: CurrentUser
) -> PlanEditOut:
    sample, _ = own_sample(db, user, sample_id)
    try:
        edit = services.edit_plan(db, user, sample, item_id, body.action, body.text)
    except services.Conflict as exc:
        raise HTTPException(status_code=409, detail=str(exc)) from None
    except LookupError:
        raise HTTPException(status_code=404, detail="no such plan item") from None
    return PlanEditOut.model_validate(edit)


@router.post(
    "/{sample_id}/plan-accept-all",
    response_model=PlanOut,
    responses={**NOT_FOUND, 409: {"description": "report not ready"}},
)
def accept_all_items(sample_id: Id, db: SessionDep, user: CurrentUser) -> PlanOut:
    """Accept every plan item still proposed (changed and removed items stay as they are)."""
    sample, _ = own_sample(db, user, sample_id)
    try:
        services.accept_all(db, user, sample)
    except services.Conflict as exc:
        raise HTTPException(status_code=409, detail=str(exc)) from None
    return plan_out(db, sample)


@router.get("/{sample_id}/plan-carry-over", response_model=CarryOverOffer, responses=NOT_FOUND)
def carry_over_offer(sample_id: Id, db: SessionDep, user: CurrentUser) -> CarryOverOffer:
    """What a re-test can take over from the sample collected before it: that sample's newest
    decision on each item this report proposes too and nobody has decided here yet."""
    sample, _ = own_sample(db, user, sample_id)
    offer = services.carry_over_offer(db, sample)
    if offer is None:
        return CarryOverOffer(previous_sample_id=None, decisions=[])
    previous, edits = offer
    return CarryOverOffer(
        previous_sample_id=previous.id, decisions=[PlanEditOut.model_validate(e) for e in edits]
    )


@router.post(
    "/{sample_id}/plan-carry-over",
    response_model=CarryOverOut,
    responses={**NOT_FOUND, 409: {"description": "report not ready"}},
)
def carry_over(sample_id: Id, db: SessionDep, user: CurrentUser) -> CarryOverOut:
    """Copy the previous sample's decisions (accept, changed wording, remove) onto this sample's
    undecided items; decisions already made here stay. Each copy is a new edit by you."""
    sample, _ = own_sample(db, user, sample_id)
    if sample.report_json is None:
        raise HTTPException(status_code=409, detail="the report is not ready yet")
    carried = services.carry_over(db, user, sample)
    return CarryOverOut(carried=carried, plan=plan_out(db, sample))


@router.post(
    "/{sample_id}/shares",
    response_model=ShareOut,
    status_code=201,
    responses={
        **NOT_FOUND,
        409: {"description": "report not ready, or plan items not reviewed yet"},
    },
)
def create_share(
    sample_id: Id, body: ShareCreate, request: Request, db: SessionDep, user: CurrentUser
) -> ShareOut:
    sample, _ = own_sample(db, user, sample_id)
    try:
        link, token = services.create_share(db, user, sample, body.days)
    except services.Conflict as exc:
        raise HTTPException(status_code=409, detail=str(exc)) from None
    return ShareOut(
        id=link.id, url=str(request.url_for("shared_view", token=token)), expires_at=link.expires_at
    )


@router.get("/{sample_id}/shares", response_model=list[ShareLinkOut], responses=NOT_FOUND)
def list_shares(sample_id: Id, db: SessionDep, user: CurrentUser) -> list[ShareLinkOut]:
    """The sample's share links, revoked and expired ones included."""
    sample, _ = own_sample(db, user, sample_id)
    return [ShareLinkOut.model_validate(link) for link in services.share_links(db, sample)]


@router.delete(
    "/{sample_id}/shares/{link_id}",
    status_code=204,
    responses={
        404: {"description": "no such sample of yours, or no such link of that sample"},
        401: {"description": "not logged in"},
    },
)
def revoke_share(sample_id: Id, link_id: Id, db: SessionDep, user: CurrentUser) -> Response:
    """Revoke a share link before it expires: from now on it answers 404."""
    sample, _ = own_sample(db, user, sample_id)
    try:
        services.revoke_share(db, user, sample, link_id)
    except LookupError:
        raise HTTPException(status_code=404, detail="no such share link") from None
    return Response(status_code=204)
