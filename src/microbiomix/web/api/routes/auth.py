"""Log in and out (sets and clears the HttpOnly SameSite session cookie)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, Response

from microbiomix.web import services
from microbiomix.web.deps import SESSION_COOKIE, CurrentUser, SessionDep, SettingsDep
from microbiomix.web.schemas import LoginIn, UserOut
from microbiomix.web.security import end_session
from microbiomix.web.settings import Settings

router = APIRouter(prefix="/auth", tags=["auth"])


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


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
    except services.LoginThrottled:
        raise HTTPException(
            status_code=429, detail="too many failed logins; try again later"
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
