"""Portal settings, read from the environment (no secret has a default in code).

``DATABASE_URL``            any SQLAlchemy URL; default: a SQLite file in ``MICROBIOMIX_PORTAL_DIR``.
``MICROBIOMIX_PORTAL_DIR``  where the default database lives (default ``~/.microbiomix/portal``).
``MICROBIOMIX_SECRET_KEY``  signs CSRF tokens; when unset, a random key is generated on first use
                            and stored in the database (so it travels with backups).
``MICROBIOMIX_MAX_UPLOAD_MB``   largest accepted upload (default 50).
``MICROBIOMIX_SESSION_HOURS``   session lifetime (default 12).
``MICROBIOMIX_COOKIE_SECURE``   ``auto`` (Secure when the request came over https), ``1`` or ``0``.
``MICROBIOMIX_JOB_LEASE_SECONDS``  how long a worker owns a claimed job without renewing (default 60).
``MICROBIOMIX_LOGIN_MAX_FAILURES`` failed logins per e-mail (five times as many per address) within
                            15 minutes before each further attempt waits 1, 2, 4 ... 60 s (default 10).
``MICROBIOMIX_TRUSTED_PROXIES`` comma-separated addresses or networks of reverse proxies whose
                            ``X-Forwarded-For`` is believed (default: none; the peer address is used).
``MICROBIOMIX_THREADS``     request threads of one server process; the database pool is sized to
                            them (default 16).
``MICROBIOMIX_PROFILER_DB`` a reference database (``mmm db build``); uploads of FASTQ reads are
                            accepted only when it is set, and profiled with it by the job worker.
``MICROBIOMIX_PROFILER``    the profiler backend for reads (default ``sourmash``).
``MICROBIOMIX_RUN_WORKER``  ``1`` (default): ``serve`` runs a job worker thread beside the app.
``MICROBIOMIX_PDF_ENGINE``  what lays out report PDFs: ``weasyprint`` (default) or ``chromium`` (the
                            system chromium through Playwright: one browser per server process,
                            started with it and shared by every request; about 6x less CPU a page).
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field
from pathlib import Path

from microbiomix.errors import UsageError


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise UsageError(f"{name} must be a whole number, not {raw!r}") from None
    if value <= 0:
        raise UsageError(f"{name} must be positive, not {raw!r}")
    return value


def _float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise UsageError(f"{name} must be a number, not {raw!r}") from None


@dataclass(frozen=True)
class Settings:
    database_url: str
    secret_key: str | None
    max_upload_bytes: int
    session_seconds: int
    cookie_secure: str  # "auto", "1" or "0"
    job_lease_seconds: float
    login_max_failures: int
    login_window_seconds: int = 15 * 60
    run_worker: bool = True
    profiler_db: Path | None = None
    profiler: str = "sourmash"
    # Test hook: seconds a worker waits after claiming a job (to test killing it mid-job).
    worker_pause_seconds: float = 0.0
    trusted_proxies: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = field(
        default_factory=tuple
    )
    threads: int = 16
    pdf_engine: str = "weasyprint"

    @classmethod
    def from_env(cls) -> Settings:
        url = os.environ.get("DATABASE_URL")
        if not url:
            folder = Path(
                os.environ.get("MICROBIOMIX_PORTAL_DIR") or Path.home() / ".microbiomix" / "portal"
            )
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            url = f"sqlite:///{folder / 'portal.db'}"
        secure = os.environ.get("MICROBIOMIX_COOKIE_SECURE", "auto").strip().lower()
        if secure not in ("auto", "1", "0"):
            raise UsageError(f"MICROBIOMIX_COOKIE_SECURE must be auto, 1 or 0, not {secure!r}")
        return cls(
            database_url=url,
            secret_key=os.environ.get("MICROBIOMIX_SECRET_KEY") or None,
            max_upload_bytes=_int("MICROBIOMIX_MAX_UPLOAD_MB", 50) * 1024 * 1024,
            session_seconds=_int("MICROBIOMIX_SESSION_HOURS", 12) * 3600,
            cookie_secure=secure,
            job_lease_seconds=_float("MICROBIOMIX_JOB_LEASE_SECONDS", 60.0),
            login_max_failures=_int("MICROBIOMIX_LOGIN_MAX_FAILURES", 10),
            run_worker=os.environ.get("MICROBIOMIX_RUN_WORKER", "1") != "0",
            worker_pause_seconds=_float("MICROBIOMIX_WORKER_PAUSE_SECONDS", 0.0),
            profiler_db=Path(db) if (db := os.environ.get("MICROBIOMIX_PROFILER_DB")) else None,
            profiler=os.environ.get("MICROBIOMIX_PROFILER") or "sourmash",
            trusted_proxies=parse_networks(os.environ.get("MICROBIOMIX_TRUSTED_PROXIES", "")),
            threads=_int("MICROBIOMIX_THREADS", 16),
            pdf_engine=_pdf_engine(),
        )


def _pdf_engine(name: str = "MICROBIOMIX_PDF_ENGINE") -> str:
    engine = (os.environ.get(name) or "").strip().lower()
    if not engine:
        return "weasyprint"  # (without importing the report package)
    from microbiomix.report.engines import PDF_ENGINES

    if engine not in PDF_ENGINES:
        raise UsageError(f"{name} must be one of {', '.join(PDF_ENGINES)}, not {engine!r}")
    return engine


def parse_networks(
    text: str, name: str = "MICROBIOMIX_TRUSTED_PROXIES"
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """``10.0.0.1, 192.168.0.0/24`` as networks; a bad entry is a usage error naming it."""
    networks = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        try:
            networks.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            raise UsageError(f"{name}: {part!r} is not an address or network") from None
    return tuple(networks)
