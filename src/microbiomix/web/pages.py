"""Server-rendered pages (Jinja2, no JavaScript). Every form carries a CSRF token."""

from __future__ import annotations

from datetime import date
from importlib import resources
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request, Response, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from microbiomix.errors import MicrobiomixError
from microbiomix.web import audit, branding, intake_form, labs_form, services
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
from microbiomix.web.models import Client, ClientDocument, User, utcnow
from microbiomix.web.reports import (
    PLAN_STATES,
    document_date,
    edits_for,
    latest_document,
    load_report,
    marker_trends,
    match_rule,
    plan_rows,
    sample_date,
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

# Success messages after post/redirect/get, by code (only these texts are ever shown: a link
# cannot make the page say anything else). "{n}" is a count from the query string.
DONE = {
    "client-added": "Client added.",
    "client-saved": "Client details saved.",
    "sample": "Sample uploaded; its report is being prepared (this page refreshes by itself).",
    "labs": "Lab results saved.",
    "intake": "Intake saved.",
    "rebuilds": "{n} report(s) will be rebuilt with them (queued).",
    "functions": "Functional profile (HUMAnN table) saved.",
    "functions-replaced": "Functional profile (HUMAnN table) replaced the earlier one of its kind.",
    "functions-other-name": "Note: the table names another sample; it was used because it holds "
    "only one sample, and the report says so. Check that it belongs to this sample.",
    "functions-removed": "Functional profile (HUMAnN table) removed.",
    "rebuild-one": "The report will be rebuilt with it (queued).",
    "rebuild-without": "The report will be rebuilt without it (queued).",
    "plan": "Plan decision saved.",
    "accept-all": "{n} proposed item(s) accepted.",
    "carry-over": "{n} decision(s) carried over from the previous sample.",
    "revoked": "Share link revoked.",
    "settings": "Settings saved.",
}


def done_message(request: Request) -> str | None:
    codes = request.query_params.get("done", "").split(",")
    try:
        count = max(0, min(int(request.query_params.get("n", "0")), 10_000))
    except ValueError:
        count = 0
    texts = [DONE[c].replace("{n}", str(count)) for c in codes if c in DONE]
    return " ".join(texts) or None


def redirect_done(url: str, *codes: str, n: int | None = None, anchor: str = "") -> Response:
    query = "done=" + ",".join(codes) + (f"&n={n}" if n is not None else "")
    return RedirectResponse(f"{url}?{query}{anchor}", status_code=303)


def form_date(raw: str | None, label: str) -> date | None:
    """An optional ``YYYY-MM-DD`` form field; services.Conflict naming it when malformed."""
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise services.Conflict(f"{label} must be a date (YYYY-MM-DD), not {raw[:20]!r}") from None


def page(
    request: Request, name: str, user: User | None, status: int = 200, **context: Any
) -> HTMLResponse:
    return templates.TemplateResponse(
        request,
        name,
        {"user": user, "csrf": _csrf(request), "done": done_message(request), **context},
        status_code=status,
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
    return page(
        request, "clients.html", user, clients=services.clients_of(db, user), sexes=services.SEXES
    )


@router.post("/clients")
def add_client(
    request: Request,
    db: SessionDep,
    user: PageUser,
    _: CsrfChecked,
    name: Annotated[str, Form()],
    date_of_birth: Annotated[str, Form()] = "",
    sex: Annotated[str, Form()] = "",
    contact: Annotated[str, Form()] = "",
) -> Response:
    try:
        if not name.strip():
            raise services.Conflict("Give the client a name.")
        born = form_date(date_of_birth, "date of birth")
        client = services.create_client(db, user, name[:200], born, sex, contact)
    except services.Conflict as exc:
        return page(
            request,
            "clients.html",
            user,
            422,
            clients=services.clients_of(db, user),
            error=str(exc),
            sexes=services.SEXES,
        )
    return redirect_done(f"/clients/{client.id}", "client-added")


@router.post("/clients/{client_id}/details")
def save_client(
    request: Request,
    client_id: Id,
    db: SessionDep,
    user: PageUser,
    _: CsrfChecked,
    name: Annotated[str, Form()] = "",  # optional here so ownership is checked first (404)
    date_of_birth: Annotated[str, Form()] = "",
    sex: Annotated[str, Form()] = "",
    contact: Annotated[str, Form()] = "",
) -> Response:
    client = own_client(db, user, client_id)
    try:
        born = form_date(date_of_birth, "date of birth")
        services.update_client(db, user, client, name, born, sex, contact)
    except services.Conflict as exc:
        db.rollback()
        return _client_page(request, db, user, client_id, 422, error=str(exc))
    return redirect_done(f"/clients/{client.id}", "client-saved")


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
    trends = marker_trends(load_report(ready[-1])) if len(ready) > 1 else None
    return page(
        request,
        "client.html",
        user,
        status,
        client=client,
        trends=trends,
        samples=samples,
        documents=services.documents_of(db, client),
        sample_date=sample_date,
        document_date=document_date,
        outdated={s.id for s in samples if services.is_outdated(s)},
        functions=services.functional_kinds(db, samples),
        error=error,
        progress={s.id: services.progress(db, s) for s in samples},
        reads_allowed=request.app.state.settings.profiler_db is not None,
        sexes=services.SEXES,
        match_rule=match_rule(),
        today=date.today().isoformat(),
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
    collected: Annotated[str, Form()] = "",
) -> Response:
    client = own_client(db, user, client_id)
    content = file.file.read(settings.max_upload_bytes + 1)
    try:
        mate = mate_upload(file_r2, settings.max_upload_bytes)
    except HTTPException as exc:
        return _client_page(request, db, user, client_id, 422, error=str(exc.detail))
    try:
        when = form_date(collected, "the collection date")
        sample = services.add_sample(
            db, settings, user, client, file.filename or "", content, mate, when
        )
    except (UploadRejected, services.Conflict) as exc:
        db.rollback()
        return _client_page(request, db, user, client_id, 422, error=str(exc))
    return redirect_done(f"/samples/{sample.id}", "sample")


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
    effective_on: Annotated[str, Form()] = "",
) -> Response:
    client = own_client(db, user, client_id)
    if kind not in ("labs", "intake"):
        raise HTTPException(status_code=422, detail="kind must be labs or intake")
    content = file.file.read(settings.max_upload_bytes + 1)
    try:
        when = form_date(effective_on, "the date")
        document = services.add_document(
            db, settings, user, client, kind, file.filename or "", content, when
        )
    except (UploadRejected, services.Conflict) as exc:
        db.rollback()
        return _client_page(request, db, user, client_id, 422, error=str(exc))
    return _document_saved(db, client, document)


def _document_saved(db: SessionDep, client: Client, document: ClientDocument) -> Response:
    rebuilds = services.rebuilds_queued_by(db, client, document)
    codes = [document.kind] + (["rebuilds"] if rebuilds else [])
    return redirect_done(f"/clients/{client.id}", *codes, n=rebuilds, anchor="#documents")


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
        when = form_date(form.get("collected"), "the date of this intake")
        document = services.store_document(
            db, user, client, "intake", "intake-form.json", text.encode("utf-8"), when
        )
    except (MicrobiomixError, services.Conflict, UploadRejected) as exc:
        db.rollback()
        return _intake_page(request, user, client, form, 422, error=str(exc))
    return _document_saved(db, client, document)


def _labs_page(
    request: Request,
    user: User,
    client: Client,
    rows: list[dict[str, str]],
    status: int = 200,
    error: str | None = None,
    taken_on: str = "",
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
        taken_on=taken_on or date.today().isoformat(),
    )


@router.get("/clients/{client_id}/labs", response_class=HTMLResponse)
def labs_page(request: Request, client_id: Id, db: SessionDep, user: PageUser) -> HTMLResponse:
    client = own_client(db, user, client_id)
    audit.viewed(db, user.id, "view", "labs", client.id)
    document = latest_document(db, client.id, "labs")
    rows = labs_form.rows_from_csv(document.content.decode("utf-8-sig")) if document else []
    taken = document_date(document).isoformat() if document else ""
    return _labs_page(request, user, client, rows, taken_on=taken)


@router.post("/clients/{client_id}/labs", response_class=HTMLResponse)
async def labs_submit(
    request: Request, client_id: Id, db: SessionDep, user: PageUser, _: CsrfChecked
) -> Response:
    client = own_client(db, user, client_id)
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    text = labs_form.csv_from_form(form)
    taken = form.get("taken_on", "")
    try:
        labs_form.check(text)
        when = form_date(taken, "the date the labs were taken")
        document = services.store_document(
            db, user, client, "labs", labs_form.FILENAME, text.encode("utf-8"), when
        )
    except (MicrobiomixError, services.Conflict, UploadRejected) as exc:
        db.rollback()
        rows = labs_form.rows_from_csv(text)
        return _labs_page(request, user, client, rows, 422, str(exc), taken_on=taken)
    return _document_saved(db, client, document)


def _sample_page(
    request: Request, db: SessionDep, user: User, sample_id: Id, status: int = 200, **extra: Any
) -> HTMLResponse:
    sample, client = own_sample(db, user, sample_id)
    audit.viewed(db, user.id, "view", "sample", sample.id)
    services.rebuild_if_outdated(db, sample)
    history = edits_for(db, sample.id)
    rows = plan_rows(load_report(sample), history) if sample.report_json else []
    review = services.review_of(db, sample) if sample.report_json else None
    share_url, share_link_id = _take_share_flash(request, sample.id)
    return page(
        request,
        "sample.html",
        user,
        status,
        sample=sample,
        client=client,
        plan=rows,
        states=PLAN_STATES,
        titles={row.key: plan_title(row.key, row.item.category) for row in rows},
        review=review,
        carry=services.carry_over_offer(db, sample),
        outdated=services.is_outdated(sample),
        collected=sample_date(sample),
        progress=services.progress(db, sample),
        history=history,
        editors=services.emails(db, {e.user_id for e in history}),
        share_links=services.share_links(db, sample),
        functions=services.functional_tables_of(db, sample),
        functions_label=services.functions_label,
        share_url=share_url,
        share_link_id=share_link_id,
        now=utcnow(),
        **extra,
    )


@router.post("/samples/{sample_id}/functions")
def upload_functions(
    request: Request,
    sample_id: Id,
    db: SessionDep,
    settings: SettingsDep,
    user: PageUser,
    _: CsrfChecked,
    file: UploadFile,
) -> Response:
    sample, _client = own_sample(db, user, sample_id)
    content = file.file.read(settings.max_upload_bytes + 1)
    try:
        stored = services.add_functions(db, settings, user, sample, file.filename or "", content)
    except UploadRejected as exc:
        db.rollback()
        return _sample_page(request, db, user, sample_id, 422, error=str(exc))
    codes = ["functions-replaced" if stored.replaced else "functions"]
    codes += ["functions-other-name"] if stored.other_name else []
    codes += ["rebuild-one"] if stored.rebuild_queued else []
    return redirect_done(f"/samples/{sample_id}", *codes, anchor="#functions")


@router.post("/samples/{sample_id}/functions/{table_id}/remove")
def remove_functions(
    sample_id: Id, table_id: Id, db: SessionDep, user: PageUser, _: CsrfChecked
) -> Response:
    sample, _client = own_sample(db, user, sample_id)
    try:
        queued = services.remove_functions(db, user, sample, table_id)
    except LookupError:
        raise HTTPException(status_code=404, detail="no such functional table") from None
    codes = ["functions-removed"] + (["rebuild-without"] if queued else [])
    return redirect_done(f"/samples/{sample_id}", *codes, anchor="#functions")


def plan_title(key: str, category: str) -> str:
    """A readable title for a plan item from its stable id (``fibre_increase`` -> "Fibre
    increase"), with its category."""
    words = key.replace("_", " ").replace("-", " ").replace(".", " ").strip()
    return f"{words[:1].upper()}{words[1:]} ({category})"


@router.get("/samples/{sample_id}", response_class=HTMLResponse)
def sample_page(request: Request, sample_id: Id, db: SessionDep, user: PageUser) -> HTMLResponse:
    response = _sample_page(request, db, user, sample_id)
    if SHARE_FLASH in request.cookies:  # shown once
        response.delete_cookie(SHARE_FLASH, path=f"/samples/{sample_id}")
    return response


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
    brand = services.report_brand(db, sample, user, view=view)
    response = rendered(cache, db, user.id, sample, "html", view, brand)
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
    return redirect_done(f"/samples/{sample_id}", "plan", anchor="#plan")


@router.post("/samples/{sample_id}/review/accept-all")
def accept_all(
    request: Request, sample_id: Id, db: SessionDep, user: PageUser, _: CsrfChecked
) -> Response:
    sample, _client = own_sample(db, user, sample_id)
    try:
        count = services.accept_all(db, user, sample)
    except services.Conflict as exc:
        return _sample_page(request, db, user, sample_id, 409, error=str(exc))
    return redirect_done(f"/samples/{sample_id}", "accept-all", n=count, anchor="#plan")


@router.post("/samples/{sample_id}/review/carry-over")
def carry_over(
    request: Request, sample_id: Id, db: SessionDep, user: PageUser, _: CsrfChecked
) -> Response:
    sample, _client = own_sample(db, user, sample_id)
    count = services.carry_over(db, user, sample)
    return redirect_done(f"/samples/{sample_id}", "carry-over", n=count, anchor="#plan")


SHARE_FLASH = "mmm_new_share"


@router.post("/samples/{sample_id}/share", response_class=HTMLResponse)
def share(
    request: Request,
    sample_id: Id,
    db: SessionDep,
    user: PageUser,
    _: CsrfChecked,
    days: Annotated[int, Form(ge=1, le=90)] = 14,
) -> Response:
    sample, _client = own_sample(db, user, sample_id)
    try:
        link, token = services.create_share(db, user, sample, days)
    except services.Conflict as exc:
        return _sample_page(request, db, user, sample_id, 409, error=str(exc))
    # Post/redirect/get: the new link is shown once by the next page, from a short-lived
    # HttpOnly cookie scoped to this sample's page (the token is stored only hashed).
    response = RedirectResponse(f"/samples/{sample_id}#share", status_code=303)
    response.set_cookie(
        SHARE_FLASH,
        f"{link.id}:{token}",
        max_age=120,
        httponly=True,
        samesite="strict",
        path=f"/samples/{sample_id}",
        secure=request.url.scheme == "https",
    )
    return response


def _take_share_flash(request: Request, sample_id: int) -> tuple[str | None, int | None]:
    """The share link made just before this page (shown once), and its id."""
    link_id, _, token = request.cookies.get(SHARE_FLASH, "").partition(":")
    if not token or not link_id.isdigit():
        return None, None
    return str(request.url_for("shared_view", token=token)), int(link_id)


@router.post("/samples/{sample_id}/shares/{link_id}/revoke")
def revoke_share(
    sample_id: Id, link_id: Id, db: SessionDep, user: PageUser, _: CsrfChecked
) -> Response:
    sample, _client = own_sample(db, user, sample_id)
    try:
        services.revoke_share(db, user, sample, link_id)
    except LookupError:
        raise HTTPException(status_code=404, detail="no such share link") from None
    return redirect_done(f"/samples/{sample_id}", "revoked", anchor="#share")


@router.get("/share/{token}", response_class=HTMLResponse, name="shared_view")
def shared_view(request: Request, token: str, db: SessionDep, cache: RenderCacheDep) -> Response:
    """The client view of a report, read-only, for whoever holds an unexpired link: the clinic,
    the practitioner, what was reviewed and when, a PDF download; only reviewed plan items."""
    found = services.shared_link(db, token)
    if found is None:
        raise HTTPException(status_code=404, detail="this link has expired or does not exist")
    link, sample = found
    brand = services.report_brand(db, sample, None, view="client", link=link, token=token)
    if sample.report_json is None or services.is_outdated(sample):
        return page(request, "shared_wait.html", None, 200, brand=Markup(brand))
    response = rendered(cache, db, None, sample, "html", "client", brand)
    response.headers["Content-Security-Policy"] = REPORT_CSP
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@router.get("/share/{token}/report.pdf", name="shared_pdf")
def shared_pdf(token: str, db: SessionDep, cache: RenderCacheDep) -> Response:
    """The same client view as a PDF, with the clinic block."""
    found = services.shared_link(db, token)
    if found is None:
        raise HTTPException(status_code=404, detail="this link has expired or does not exist")
    link, sample = found
    if sample.report_json is None or services.is_outdated(sample):
        raise HTTPException(status_code=404, detail="the report is being updated; try again soon")
    brand = services.report_brand(
        db, sample, None, view="client", link=link, token=token, with_links=False
    )
    response = rendered(cache, db, None, sample, "pdf", "client", brand)
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@router.get("/settings", response_class=HTMLResponse)
def settings_page(request: Request, db: SessionDep, user: PageUser) -> HTMLResponse:
    return page(request, "settings.html", user, clinic=branding.clinic(db))


@router.post("/settings")
def settings_submit(
    request: Request,
    db: SessionDep,
    user: PageUser,
    _: CsrfChecked,
    clinic_name: Annotated[str, Form()] = "",
    display_name: Annotated[str, Form()] = "",
    contact: Annotated[str, Form()] = "",
    remove_logo: Annotated[str, Form()] = "",
    logo: UploadFile | None = None,
) -> Response:
    data = (
        logo.file.read(branding.LOGO_MAX_BYTES + 1) if logo is not None and logo.filename else None
    )
    try:
        branding.save_clinic(db, clinic_name, data, remove_logo == "on")
        branding.save_practitioner(db, user, display_name, contact)
    except branding.SettingRejected as exc:
        db.rollback()
        return page(request, "settings.html", user, 422, clinic=branding.clinic(db), error=str(exc))
    audit.record(db, user.id, "update", "settings", user.id)
    return redirect_done("/settings", "settings")
