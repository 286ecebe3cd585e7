"""Log in and out (sets and clears the HttpOnly SameSite session cookie)."""

from __future__ import annotations

import ipaddress

from fastapi import APIRouter, HTTPException, Request, Response

from microbiomix.web import services
from microbiomix.web.deps import SESSION_COOKIE, CurrentUser, SessionDep, SettingsDep
from microbiomix.web.schemas import LoginIn, UserOut
from microbiomix.web.security import end_session
from microbiomix.web.settings import Settings

router = APIRouter(prefix="/auth", tags=["auth"])


def _trusted(address: str, settings: Settings) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in settings.trusted_proxies)


def client_address(request: Request) -> str:
    """The peer's address; behind a configured trusted proxy, the nearest address in
    ``X-Forwarded-For`` that is not itself a trusted proxy (anyone else's header is ignored)."""
    settings: Settings = request.app.state.settings
    peer = request.client.host if request.client else "unknown"
    if not _trusted(peer, settings):
        return peer
    hops = [h.strip() for h in ",".join(request.headers.getlist("x-forwarded-for")).split(",")]
    for hop in reversed([h for h in hops if h]):
        if not _trusted(hop, settings):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return peer  # a malformed header: fall back to the proxy itself
    return peer


def set_session_cookie(
    response: Response, request: Request, settings: Settings, token: str
) -> None:
    secure = (
        request.url.scheme == "https"
        if settings.cookie_secure == "auto"
        else settings.cookie_secure == "1"
    )
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=settings.session_seconds,
        httponly=True,
        samesite="lax",
        secure=secure,
        path="/",
    )


@router.post(
    "/login",
    response_model=UserOut,
    responses={
        401: {"description": "wrong e-mail or password"},
        429: {"description": "too many failed logins"},
    },
)
def login(
    body: LoginIn, request: Request, response: Response, db: SessionDep, settings: SettingsDep
) -> UserOut:
    try:
        token = services.login(db, settings, body.email, body.password, client_address(request))
    except services.LoginThrottled as exc:
        raise HTTPException(
            status_code=429, detail=str(exc), headers={"Retry-After": str(exc.seconds)}
        ) from None
    except services.LoginFailed:
        raise HTTPException(status_code=401, detail="wrong e-mail or password") from None
    set_session_cookie(response, request, settings, token)
    user = services.user_by_email(db, body.email)
    return UserOut.model_validate(user)


@router.post("/logout", status_code=204, responses={401: {"description": "not logged in"}})
def logout(request: Request, response: Response, db: SessionDep, user: CurrentUser) -> None:
    end_session(db, request.cookies.get(SESSION_COOKIE))
    response.delete_cookie(SESSION_COOKIE, path="/")


@router.get("/me", response_model=UserOut, responses={401: {"description": "not logged in"}})
def me(user: CurrentUser) -> UserOut:
    return UserOut.model_validate(user)
