"""``mmm portal``: the practitioner portal (users, server, worker, backup and restore)."""

from __future__ import annotations

import argparse
import getpass
import logging
import sys

from microbiomix.commands import COMMANDS
from microbiomix.commands.options import add_pdf_engine_option
from microbiomix.errors import UsageError


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "portal",
        help=COMMANDS["portal"],
        description=(
            "The practitioner portal. The database is DATABASE_URL (any SQLAlchemy URL; default a "
            "SQLite file in MICROBIOMIX_PORTAL_DIR or ~/.microbiomix/portal)."
        ),
    )
    commands = parser.add_subparsers(dest="portal_command", metavar="PORTAL_COMMAND", required=True)

    create = commands.add_parser("create-user", help="add a practitioner account")
    create.add_argument("email")
    create.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    create.set_defaults(handler=create_user)

    serve = commands.add_parser("serve", help="run the web application (with a job worker)")
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="server processes (default 1; each runs a job worker)",
    )
    serve.add_argument("--no-worker", action="store_true", help="do not run a job worker thread")
    # Not given: MICROBIOMIX_PDF_ENGINE decides (default weasyprint); one browser per server process.
    add_pdf_engine_option(serve, default=None,
                          default_said="MICROBIOMIX_PDF_ENGINE, else weasyprint")
    serve.set_defaults(handler=serve_app)

    worker = commands.add_parser("worker", help="run a background job worker process")
    worker.set_defaults(handler=run_worker)

    backup = commands.add_parser("backup", help="save the whole database to FILE")
    backup.add_argument("file", metavar="FILE")
    backup.set_defaults(handler=backup_db)

    restore = commands.add_parser("restore", help="restore the database from FILE")
    restore.add_argument("file", metavar="FILE")
    restore.add_argument(
        "--replace", action="store_true", help="delete what the database holds first"
    )
    restore.set_defaults(handler=restore_db)


def _quiet_logging() -> None:
    """INFO for the portal's own lines; Alembic's migration chatter only when something is wrong."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)


def _engine():  # type: ignore[no-untyped-def]
    from microbiomix.web.db import make_engine, migrate
    from microbiomix.web.settings import Settings

    settings = Settings.from_env()
    engine = make_engine(settings.database_url)
    migrate(engine)
    return settings, engine


def create_user(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from microbiomix.web.db import make_sessionmaker, transaction
    from microbiomix.web.models import User
    from microbiomix.web.security import MIN_PASSWORD_LENGTH, hash_password

    email = args.email.strip().lower()
    if "@" not in email or len(email) > 320:
        raise UsageError(f"{args.email!r} is not an e-mail address")
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            raise UsageError("the two passwords differ")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UsageError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    _settings, engine = _engine()
    with transaction(make_sessionmaker(engine)) as db:
        if db.scalar(select(User).where(User.email == email)) is not None:
            raise UsageError(f"a user {email} exists already")
        db.add(User(email=email, password_hash=hash_password(password)))
    print(f"created user {email}", file=sys.stderr)
    return 0


def serve_app(args: argparse.Namespace) -> int:
    import os

    import uvicorn

    _quiet_logging()
    if args.workers < 1:
        raise UsageError("--workers must be at least 1")
    if args.no_worker:
        os.environ["MICROBIOMIX_RUN_WORKER"] = "0"
    if args.pdf_engine is not None:
        os.environ["MICROBIOMIX_PDF_ENGINE"] = args.pdf_engine
    settings, _ = _engine()  # migrate once, before any server process starts
    if settings.pdf_engine == "chromium":
        from microbiomix.report.chromium import check_available

        check_available()  # missing: one line here, not a failed start of every server process
    # uvicorn's access log would print concrete paths (share tokens); the app logs route templates.
    uvicorn.run(
        "microbiomix.web.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        access_log=False,
        # Keep idle connections longer than a reader pauses between pages (uvicorn's 5 s closes
        # them just as a browser reuses them, which the browser sees as a failed request).
        timeout_keep_alive=75,
        # X-Forwarded-For is read by the app, and only from MICROBIOMIX_TRUSTED_PROXIES.
        proxy_headers=False,
    )
    return 0


def run_worker(args: argparse.Namespace) -> int:
    from microbiomix.web.db import make_sessionmaker
    from microbiomix.web.jobs import worker_for

    _quiet_logging()
    settings, engine = _engine()
    worker = worker_for(settings, make_sessionmaker(engine))
    try:
        worker.run_forever()
    finally:
        worker.stop()
    return 0


def backup_db(args: argparse.Namespace) -> int:
    from microbiomix.web.backup import write_backup

    _settings, engine = _engine()
    counts = write_backup(engine, args.file)
    print(f"saved {sum(counts.values())} rows to {args.file}", file=sys.stderr)
    return 0


def restore_db(args: argparse.Namespace) -> int:
    from microbiomix.web.backup import read_backup, restore

    document = read_backup(args.file)
    _settings, engine = _engine()
    counts = restore(engine, document, args.file, replace=args.replace)
    print(f"restored {sum(counts.values())} rows from {args.file}", file=sys.stderr)
    return 0
