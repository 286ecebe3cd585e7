"""Limits applied before any work: body size caps before parsing, a login check before a multipart
body is read, and clear answers when storage is full (507) or read-only (503)."""

from __future__ import annotations

import asyncio
import errno
import html
import logging
import weakref
from typing import Any

import anyio
from anyio import to_thread
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from starlette.datastructures import Headers
from starlette.middleware.body_limit import RequestBodyLimitMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from microbiomix.web.security import user_for_token

LOG = logging.getLogger("microbiomix.web")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Everything that is not a file upload (forms, JSON) is small; 1 MiB is far above any real form.
FORM_BODY_LIMIT = 1024 * 1024
# A multipart upload may carry R1 and R2 of the upload limit each, plus the form fields around them.
MULTIPART_OVERHEAD = 64 * 1024
SESSION_COOKIE = "mmm_session"


def upload_body_limit(max_upload_bytes: int) -> int:
    return 2 * max_upload_bytes + MULTIPART_OVERHEAD


class RequestGuard:
    """ASGI middleware: caps every request body by its kind before the route parses it (Starlette
    refuses an oversized Content-Length at once and counts the bytes of a chunked body), and
    answers a multipart request without a valid session before reading a byte of its body."""

    def __init__(
        self,
        app: ASGIApp,
        factory: sessionmaker[Session],
        max_upload_bytes: int,
        concurrency: int = 16,
    ) -> None:
        self.app = app
        self.factory = factory
        # At most this many requests run at once, the rest wait their turn here (holding nothing):
        # a request holds one pooled connection from its first query to its end, and the pool is
        # sized for ``concurrency``, so no request ever waits for a connection while holding a
        # thread that another request needs.
        self.concurrency = concurrency
        # One gate per event loop (a server has one; test clients each run their own, and a
        # semaphore must not be shared between loops).
        self._gates: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, anyio.Semaphore] = (
            weakref.WeakKeyDictionary()
        )
        self.form_limited = RequestBodyLimitMiddleware(app, FORM_BODY_LIMIT)
        self.upload_limited = RequestBodyLimitMiddleware(app, upload_body_limit(max_upload_bytes))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        loop = asyncio.get_running_loop()
        gate = self._gates.get(loop)
        if gate is None:
            gate = self._gates[loop] = anyio.Semaphore(self.concurrency)
        async with gate:
            await self._guarded(scope, receive, send)

    async def _guarded(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if not headers.get("content-type", "").lower().startswith("multipart/"):
            if _declared_length(headers) > FORM_BODY_LIMIT:
                await _too_large(scope, receive, send)
                return
            await self.form_limited(scope, receive, send)
            return
        if _declared_length(headers) > self.upload_limited.max_body_size:
            await _too_large(scope, receive, send)
            return
        token = Request(scope).cookies.get(SESSION_COOKIE)
        if not token or not await to_thread.run_sync(self._logged_in, token):
            response: Response
            if scope["path"].startswith("/api/"):
                response = JSONResponse({"detail": "log in first"}, status_code=401)
            else:
                response = RedirectResponse("/login", status_code=303)
            response.headers["Connection"] = "close"  # the unread body is not wanted
            await response(scope, receive, send)
            return
        await self.upload_limited(scope, receive, send)

    def _logged_in(self, token: str) -> bool:
        with self.factory() as db:
            return user_for_token(db, token) is not None


def _declared_length(headers: Headers) -> int:
    try:
        return int(headers.get("content-length", "0"))
    except ValueError:
        return 0  # the body limiter counts what actually arrives


async def _too_large(scope: Scope, receive: Receive, send: Send) -> None:
    response = JSONResponse({"detail": "request body too large"}, status_code=413)
    response.headers["Connection"] = "close"
    await response(scope, receive, send)


# Storage faults, by what they mean to the person at the screen.
_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}
_READ_ONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}
_FULL_TEXT = ("disk is full", "database or disk is full", "no space left", "diskfull")
_READ_ONLY_TEXT = ("readonly database", "read-only", "read only", "readonlysqltransaction")


def storage_fault(exc: BaseException) -> int | None:
    """507 when storage is full, 503 when it is read-only, None for any other error."""
    if isinstance(exc, OSError) and exc.errno is not None:
        if exc.errno in _FULL_ERRNOS:
            return 507
        if exc.errno == errno.EROFS:
            return 503
    if isinstance(exc, SQLAlchemyError):
        text = str(getattr(exc, "orig", exc)).lower()
        name = type(getattr(exc, "orig", exc)).__name__.lower()
        if any(t in text or t in name for t in _FULL_TEXT):
            return 507
        if any(t in text or t in name for t in _READ_ONLY_TEXT):
            return 503
    return None


_MESSAGES = {
    507: (
        "Storage is full",
        (
            "The server has no space left, so nothing was saved. What was already stored is safe and "
            "can still be read. Queued reports continue once space is freed; please tell whoever "
            "runs this portal."
        ),
    ),
    503: (
        "Storage is read-only",
        (
            "The server cannot write just now, so nothing was saved. What was already stored can "
            "still be read. Please tell whoever runs this portal, and try again later."
        ),
    ),
}


def fault_response(request: Request, status: int) -> Response:
    title, text = _MESSAGES[status]
    LOG.error("storage fault on %s %s: %s", request.method, request.url.path, title)
    headers = {"Retry-After": "60"}
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": f"{title.lower()}: nothing was saved"}, status, headers)
    body = (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)} · microbiomix portal</title>"
        "<link rel='stylesheet' href='/static/portal.css'></head><body><header>"
        "<a class='brand' href='/'>microbiomix portal</a></header><main>"
        f"<h1>{html.escape(title)}</h1><p class='error' role='alert'>{html.escape(text)}</p>"
        "<p><a href='/'>Back to your clients</a></p></main></body></html>"
    )
    return HTMLResponse(body, status, headers)


def install_fault_handlers(app: Any) -> None:
    """Storage faults become 507/503 pages; any other error keeps its usual handling."""

    async def _handler(request: Request, exc: Exception) -> Response:
        status = storage_fault(exc)
        if status is None:
            raise exc
        return fault_response(request, status)

    app.add_exception_handler(SQLAlchemyError, _handler)
    app.add_exception_handler(OSError, _handler)
