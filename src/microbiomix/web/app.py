"""The FastAPI application: JSON API under /api, server-rendered pages, security headers."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources

from anyio import to_thread
from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from microbiomix import __version__
from microbiomix.errors import PrinterError
from microbiomix.web import db as database
from microbiomix.web.api.main import api_router
from microbiomix.web.audit import AuditWriter
from microbiomix.web.csp import DEFAULT_CSP
from microbiomix.web.deps import LoginRequired
from microbiomix.web.jobs import worker_for
from microbiomix.web.limits import RequestGuard, install_fault_handlers
from microbiomix.web.pages import router as pages_router
from microbiomix.web.reports import RenderCache
from microbiomix.web.settings import Settings

LOG = logging.getLogger("microbiomix.web")

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def create_app(settings: Settings | None = None, *, run_worker: bool | None = None) -> FastAPI:
    """The portal for ``settings`` (default: from the environment). Migrates the database."""
    settings = settings or Settings.from_env()
    engine = database.make_engine(settings.database_url, settings.threads)
    database.migrate(engine)
    factory = database.make_sessionmaker(engine)
    worker_wanted = settings.run_worker if run_worker is None else run_worker
    audit_writer = AuditWriter(factory)
    from microbiomix.report.engines import pdf_printer

    render_cache = RenderCache(printer=pdf_printer(settings.pdf_engine))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Request threads never outnumber the connections the pool holds for them.
        to_thread.current_default_thread_limiter().total_tokens = settings.threads
        # The PDF engine: with chromium, one browser for this server process, shared by every
        # request (its prints queue in one thread); started now so that a browser that cannot
        # start stops the server here, with its one-line reason, rather than fail every download.
        printer = render_cache.printer
        assert printer is not None
        with printer:
            wait_started = getattr(printer, "wait_started", None)
            if wait_started is not None:
                await to_thread.run_sync(wait_started)
            LOG.info("PDF engine %s ready", printer.engine)
            worker = None
            if worker_wanted:
                worker = worker_for(settings, factory)
                worker.start_thread()
            try:
                yield
            finally:
                if worker is not None:
                    worker.stop()
                audit_writer.stop()
        LOG.info("PDF engine %s closed", printer.engine)

    app = FastAPI(
        title="microbiomix portal",
        version=__version__,
        description="Clients, samples, reports, plans and re-tests for practitioners.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessionmaker = factory
    app.state.render_cache = render_cache
    app.state.audit = audit_writer
    app.state.secret_key = database.secret_key(factory, settings.secret_key)

    app.include_router(api_router)
    app.include_router(pages_router)
    static = resources.files("microbiomix.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    @app.get("/favicon.ico", include_in_schema=False)
    def _favicon() -> Response:
        return Response(status_code=204)

    install_fault_handlers(app)

    @app.exception_handler(PrinterError)
    async def _no_printer(request: Request, exc: PrinterError) -> Response:
        LOG.error("PDF engine: %s", exc)
        return JSONResponse({"detail": f"the PDF could not be made: {exc}"}, 503)

    @app.exception_handler(LoginRequired)
    async def _to_login(request: Request, exc: LoginRequired) -> Response:
        return RedirectResponse("/login", status_code=303)

    # Before any route: bodies capped, a multipart one refused without a session, and at most
    # `threads` requests at work (the pool is sized for them).
    app.add_middleware(
        RequestGuard,
        factory=factory,
        max_upload_bytes=settings.max_upload_bytes,
        concurrency=settings.threads,
    )
    # Outermost, so even the guard's 401/413 answers carry the security headers.
    app.add_middleware(SecurityHeaders)
    return app


_FIXED_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),  # "no-referrer" makes browsers send Origin: null
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]
_FIXED_NAMES = {name for name, _ in _FIXED_HEADERS}
_DEFAULT_HEADERS = [
    (b"content-security-policy", DEFAULT_CSP.encode()),
    (b"cache-control", b"no-store"),
]


class SecurityHeaders:
    """ASGI middleware: refuses cross-origin writes, adds security headers to every response and
    logs each request by its route template (never the concrete path: share tokens), with no
    client data. Plain ASGI rather than ``@app.middleware`` (which costs a task per request)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def secured(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [(k.lower(), v) for k, v in message.get("headers", [])]
                present = {k for k, _ in headers}
                headers = [(k, v) for k, v in headers if k not in _FIXED_NAMES]
                headers += _FIXED_HEADERS
                headers += [(k, v) for k, v in _DEFAULT_HEADERS if k not in present]
                message = {**message, "headers": headers}
            await send(message)

        request = Request(scope)
        origin = request.headers.get("origin")
        expected = f"{request.url.scheme}://{request.url.netloc}"
        if scope["method"] not in SAFE_METHODS and origin is not None and origin != expected:
            refused = JSONResponse({"detail": "cross-origin request refused"}, 403)
            await refused(scope, receive, secured)
            return
        try:
            await self.app(scope, receive, secured)
        finally:
            route = scope.get("route")
            LOG.info(
                "%s %s %s %.1fms",
                scope["method"],
                getattr(route, "path", "-"),
                status,
                (time.perf_counter() - started) * 1000,
            )
