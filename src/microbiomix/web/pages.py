"""Server-rendered pages (Jinja2, no JavaScript). Every form carries a CSRF token."""

from __future__ import annotations

from importlib import resources
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request, Response, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from microbiomix.errors import MicrobiomixError
from microbiomix.web import audit, intake_form, labs_form, services
from microbiomix.web.api.routes.auth import client_address, set_session_cookie
from microbiomix.web.api.routes.clients import mate_upload
from microbiomix.web.api.routes.samples import View, rendered
from microbiomix.web.csp import REPORT_CSP
from microbiomix.web.deps import (
    SESSION_COOKIE,
    Id,
    PageUser,
    RenderCacheDep,
    SessionDep,
    SettingsDep,
    own_client,
    own_sample,
)
from microbiomix.web.models import Client, User, utcnow
from microbiomix.web.reports import (
    edits_for,
    latest_document,
    load_report,
    marker_trends,
    plan_rows,
)
from microbiomix.web.security import csrf_token, csrf_valid, end_session
from microbiomix.web.uploads import UploadRejected

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(resources.files("microbiomix.web") / "templates"))


def _csrf(request: Request) -> str:
    return csrf_token(request.app.state.secret_key, request.cookies.get(SESSION_COOKIE, ""))


def check_csrf(request: Request, csrf: Annotated[str, Form()] = "") -> None:
    if not csrf_valid(request.app.state.secret_key, request.cookies.get(SESSION_COOKIE), csrf):
        raise HTTPException(status_code=403, detail="form expired or forged; reload the page")


CsrfChecked = Annotated[None, Depends(check_csrf)]


def page(
    request: Request, name: str, user: User | None, status: int = 200, **context: Any
) -> HTMLResponse:
    return templates.TemplateResponse(
        request, name, {"user": user, "csrf": _csrf(request), **context}, status_code=status
    )


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> HTMLResponse:
    return page(request, "login.html", None)


@router.post("/login", response_class=HTMLResponse)
def login_submit(
    request: Request,
    db: SessionDep,
    settings: SettingsDep,
    email: Annotated[str, Form()],
    password: Annotated[str, Form()],
) -> Response:
    try:
        token = services.login(db, settings, email, password, client_address(request))
    except services.LoginThrottled as exc:
        response = page(
            request,
            "login.html",
            None,
            429,
            error=f"Too many failed logins; try again in {exc.seconds} seconds.",
        )
        response.headers["Retry-After"] = str(exc.seconds)
        return response
    except services.LoginFailed:
        return page(request, "login.html", None, 401, error="Wrong e-mail or password.")
    redirect = RedirectResponse("/", status_code=303)
    set_session_cookie(redirect, request, settings, token)
    return redirect


@router.post("/logout")
def logout(request: Request, db: SessionDep, user: PageUser, _: CsrfChecked) -> Response:
    end_session(db, request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/", response_class=HTMLResponse)
def home(request: Request, db: SessionDep, user: PageUser) -> HTMLResponse:
    return page(request, "clients.html", user, clients=services.clients_of(db, user))


@router.post("/clients")
def add_client(
    request: Request, db: SessionDep, user: PageUser, _: CsrfChecked, name: Annotated[str, Form()]
) -> Response:
    if not name.strip():
        return page(
            request,
            "clients.html",
            user,
            422,
            clients=services.clients_of(db, user),
            error="Give the client a name.",
        )
    client = services.create_client(db, user, name[:200])
    return RedirectResponse(f"/clients/{client.id}", status_code=303)


def _client_page(
    request: Request,
    db: SessionDep,
    user: User,
    client_id: Id,
    status: int = 200,
    error: str | None = None,
) -> HTMLResponse:
    client = own_client(db, user, client_id)
    audit.viewed(db, user.id, "view", "client", client.id)
    samples = services.samples_of(db, client)
    ready = [s for s in samples if s.report_json is not None]
    trends = marker_trends([load_report(s) for s in ready]) if len(ready) > 1 else []
    return page(
        request,
        "client.html",
        user,
        status,
        client=client,
        trend_samples=ready,
        trends=trends,
        samples=samples,
        error=error,
        progress={s.id: services.progress(db, s) for s in samples},
        reads_allowed=request.app.state.settings.profiler_db is not None,
    )


@router.get("/clients/{client_id}", response_class=HTMLResponse)
def client_page(request: Request, client_id: Id, db: SessionDep, user: PageUser) -> HTMLResponse:
    return _client_page(request, db, user, client_id)


@router.post("/clients/{client_id}/samples")
def upload_sample(
    request: Request,
    client_id: Id,
    db: SessionDep,
    settings: SettingsDep,
    user: PageUser,
    _: CsrfChecked,
    file: UploadFile,
    file_r2: UploadFile | None = None,
) -> Response:
    client = own_client(db, user, client_id)
    content = file.file.read(settings.max_upload_bytes + 1)
    try:
        mate = mate_upload(file_r2, settings.max_upload_bytes)
    except HTTPException as exc:
        return _client_page(request, db, user, client_id, 422, error=str(exc.detail))
    try:
        sample = services.add_sample(db, settings, user, client, file.filename or "", content, mate)
    except UploadRejected as exc:
        db.rollback()
        return _client_page(request, db, user, client_id, 422, error=str(exc))
    return RedirectResponse(f"/samples/{sample.id}", status_code=303)


@router.post("/clients/{client_id}/documents")
def upload_document(
    request: Request,
    client_id: Id,
    db: SessionDep,
    settings: SettingsDep,
    user: PageUser,
    _: CsrfChecked,
    file: UploadFile,
    kind: Annotated[str, Form()],
) -> Response:
    client = own_client(db, user, client_id)
    if kind not in ("labs", "intake"):
        raise HTTPException(status_code=422, detail="kind must be labs or intake")
    content = file.file.read(settings.max_upload_bytes + 1)
    try:
        services.add_document(db, settings, user, client, kind, file.filename or "", content)
    except UploadRejected as exc:
        db.rollback()
        return _client_page(request, db, user, client_id, 422, error=str(exc))
    return RedirectResponse(f"/clients/{client.id}", status_code=303)


def _intake_page(
    request: Request,
    user: User,
    client: Client,
    values: dict[str, str],
    status: int = 200,
    error: str | None = None,
) -> HTMLResponse:
    return page(
        request,
        "intake.html",
        user,
        status,
        client=client,
        v=values,
        error=error,
        symptoms=intake_form.SYMPTOMS,
        alarms=intake_form.ALARMS,
        health_flags=intake_form.HEALTH_FLAGS,
        gsrs_items=intake_form.GSRS_ITEMS,
        pss_items=intake_form.PSS_ITEMS,
        ibs_fields=intake_form.IBS_FIELDS,
        diet_numbers=intake_form.DIET_NUMBERS,
        medication_kinds=intake_form.MEDICATION_KINDS,
        event_kinds=intake_form.EVENT_KINDS,
    )


@router.get("/clients/{client_id}/intake", response_class=HTMLResponse)
def intake_page(request: Request, client_id: Id, db: SessionDep, user: PageUser) -> HTMLResponse:
    client = own_client(db, user, client_id)
    audit.viewed(db, user.id, "view", "intake", client.id)
    return _intake_page(
        request, user, client, intake_form.form_from_intake(services.latest_intake(db, client))
    )


@router.post("/clients/{client_id}/intake", response_class=HTMLResponse)
async def intake_submit(
    request: Request, client_id: Id, db: SessionDep, user: PageUser, _: CsrfChecked
) -> Response:
    client = own_client(db, user, client_id)
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    try:
        _intake, text = intake_form.intake_from_form(form)
    except MicrobiomixError as exc:
        return _intake_page(request, user, client, form, 422, error=str(exc))
    services.store_document(db, user, client, "intake", "intake-form.json", text.encode("utf-8"))
    return RedirectResponse(f"/clients/{client.id}", status_code=303)


def _labs_page(
    request: Request,
    user: User,
    client: Client,
    rows: list[dict[str, str]],
    status: int = 200,
    error: str | None = None,
) -> HTMLResponse:
    blank = [dict.fromkeys(labs_form.COLUMNS, "") for _ in range(labs_form.BLANK_ROWS)]
    return page(
        request,
        "labs.html",
        user,
        status,
        client=client,
        rows=[*rows, *blank],
        columns=labs_form.COLUMNS,
        error=error,
    )


@router.get("/clients/{client_id}/labs", response_class=HTMLResponse)
def labs_page(request: Request, client_id: Id, db: SessionDep, user: PageUser) -> HTMLResponse:
    client = own_client(db, user, client_id)
    audit.viewed(db, user.id, "view", "labs", client.id)
    document = latest_document(db, client.id, "labs")
    rows = labs_form.rows_from_csv(document.content.decode("utf-8-sig")) if document else []
    return _labs_page(request, user, client, rows)


@router.post("/clients/{client_id}/labs", response_class=HTMLResponse)
async def labs_submit(
    request: Request, client_id: Id, db: SessionDep, user: PageUser, _: CsrfChecked
) -> Response:
    client = own_client(db, user, client_id)
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    text = labs_form.csv_from_form(form)
    try:
        labs_form.check(text)
    except MicrobiomixError as exc:
        return _labs_page(request, user, client, labs_form.rows_from_csv(text), 422, str(exc))
    services.store_document(db, user, client, "labs", labs_form.FILENAME, text.encode("utf-8"))
    return RedirectResponse(f"/clients/{client.id}", status_code=303)


def _sample_page(
    request: Request, db: SessionDep, user: User, sample_id: Id, status: int = 200, **extra: Any
) -> HTMLResponse:
    sample, client = own_sample(db, user, sample_id)
    audit.viewed(db, user.id, "view", "sample", sample.id)
    services.rebuild_if_outdated(db, sample)
    history = edits_for(db, sample.id)
    rows = plan_rows(load_report(sample), history) if sample.report_json else []
    return page(
        request,
        "sample.html",
        user,
        status,
        sample=sample,
        client=client,
        plan=rows,
        progress=services.progress(db, sample),
        history=history,
        editors=services.emails(db, {e.user_id for e in history}),
        share_links=services.share_links(db, sample),
        now=utcnow(),
        **extra,
    )


@router.get("/samples/{sample_id}", response_class=HTMLResponse)
def sample_page(request: Request, sample_id: Id, db: SessionDep, user: PageUser) -> HTMLResponse:
    return _sample_page(request, db, user, sample_id)


@router.get("/samples/{sample_id}/report", response_class=HTMLResponse)
def report_page(
    request: Request,
    sample_id: Id,
    db: SessionDep,
    user: PageUser,
    cache: RenderCacheDep,
    view: View = "practitioner",
) -> Response:
    sample, _ = own_sample(db, user, sample_id)
    services.rebuild_if_outdated(db, sample)
    if sample.report_json is None:
        raise HTTPException(status_code=404, detail="not found")
    response = rendered(cache, db, user.id, sample, "html", view)
    response.headers["Content-Security-Policy"] = REPORT_CSP
    return response


@router.post("/samples/{sample_id}/plan/{item_id}")
def edit_plan(
    request: Request,
    sample_id: Id,
    item_id: str,
    db: SessionDep,
    user: PageUser,
    _: CsrfChecked,
    action: Annotated[str, Form()],
    text: Annotated[str, Form()] = "",
) -> Response:
    sample, _client = own_sample(db, user, sample_id)
    try:
        services.edit_plan(db, user, sample, item_id, action, text)
    except services.Conflict as exc:
        return _sample_page(request, db, user, sample_id, 409, error=str(exc))
    except LookupError:
        raise HTTPException(status_code=404, detail="no such plan item") from None
    return RedirectResponse(f"/samples/{sample_id}#plan", status_code=303)


@router.post("/samples/{sample_id}/share", response_class=HTMLResponse)
def share(
    request: Request,
    sample_id: Id,
    db: SessionDep,
    user: PageUser,
    _: CsrfChecked,
    days: Annotated[int, Form(ge=1, le=90)] = 14,
) -> HTMLResponse:
    sample, _client = own_sample(db, user, sample_id)
    try:
        link, token = services.create_share(db, user, sample, days)
    except services.Conflict as exc:
        return _sample_page(request, db, user, sample_id, 409, error=str(exc))
    url = str(request.url_for("shared_view", token=token))
    return _sample_page(request, db, user, sample_id, share_url=url, share_expires=link.expires_at)


@router.post("/samples/{sample_id}/shares/{link_id}/revoke")
def revoke_share(
    sample_id: Id, link_id: Id, db: SessionDep, user: PageUser, _: CsrfChecked
) -> Response:
    sample, _client = own_sample(db, user, sample_id)
    try:
        services.revoke_share(db, user, sample, link_id)
    except LookupError:
        raise HTTPException(status_code=404, detail="no such share link") from None
    return RedirectResponse(f"/samples/{sample_id}#share", status_code=303)


@router.get("/share/{token}", response_class=HTMLResponse, name="shared_view")
def shared_view(token: str, db: SessionDep, cache: RenderCacheDep) -> Response:
    """The client view of a report, read-only, for whoever holds an unexpired link."""
    sample = services.shared_sample(db, token)
    if sample is None:
        raise HTTPException(status_code=404, detail="this link has expired or does not exist")
    response = rendered(cache, db, None, sample, "html", "client")
    response.headers["Content-Security-Policy"] = REPORT_CSP
    response.headers["X-Robots-Tag"] = "noindex"
    return response
