"""Passwords, session tokens, CSRF tokens and login rate limiting."""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import threading
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import case, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from microbiomix.web.models import LoginThrottle, SessionRecord, User, utcnow

_HASHER = PasswordHasher()
# A hash to verify against when the e-mail is unknown, so timing does not reveal which e-mails exist.
_DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(16))

MIN_PASSWORD_LENGTH = 10


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


# argon2 takes 64 MiB and most of a core per check, on purpose; two at a time keep a burst of
# logins from starving page views of CPU (and memory bounded), the rest wait their turn.
_CHECKS = threading.BoundedSemaphore(2)


def verify_password(stored_hash: str | None, password: str) -> bool:
    with _CHECKS:
        try:
            return _HASHER.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
        except (VerificationError, InvalidHashError):
            return False


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def start_session(db: Session, user: User, lifetime_seconds: int) -> str:
    """Store a new session for ``user``; returns the token for the cookie."""
    token = new_token()
    db.add(
        SessionRecord(
            token_hash=sha256(token),
            user_id=user.id,
            expires_at=utcnow() + timedelta(seconds=lifetime_seconds),
        )
    )
    return token


def user_for_token(db: Session, token: str | None) -> User | None:
    if not token:
        return None
    record = db.scalar(select(SessionRecord).where(SessionRecord.token_hash == sha256(token)))
    if record is None or record.expires_at <= utcnow():
        return None
    return db.get(User, record.user_id)


def end_session(db: Session, token: str | None) -> None:
    if token:
        db.execute(delete(SessionRecord).where(SessionRecord.token_hash == sha256(token)))


def csrf_token(secret: str, session_token: str) -> str:
    """A per-session CSRF token: an HMAC of the session token (nothing extra to store)."""
    return hmac.new(secret.encode(), b"csrf:" + session_token.encode(), "sha256").hexdigest()


def csrf_valid(secret: str, session_token: str | None, given: str | None) -> bool:
    if not session_token or not given:
        return False
    return hmac.compare_digest(csrf_token(secret, session_token), given)


# Failed logins per e-mail before each further attempt waits (the address gets five times as many:
# a clinic behind one address should not wait because of one forgetful colleague).
ADDRESS_FACTOR = 5
MAX_DELAY_SECONDS = 60
# While a password is being checked after the free attempts, the key is held this long at most
# (the check takes well under a second; a crash mid-check frees the key after this).
CHECK_HOLD_SECONDS = 5


def _attempt_keys(email: str, address: str) -> list[tuple[str, int]]:
    return [
        (sha256("email:" + email.strip().lower()), 1),
        (sha256("addr:" + address), ADDRESS_FACTOR),
    ]


def delay_after(failures: int, free: int) -> int:
    """Seconds the next attempt waits after ``failures`` failed ones: none for the first ``free``,
    then 1, 2, 4, ... up to a minute. A stranger can slow an account down, never lock it out."""
    if failures < free:
        return 0
    return int(min(2 ** (failures - free), MAX_DELAY_SECONDS))


def claim_login_attempt(
    factory: sessionmaker[Session], email: str, address: str, free: int, window_seconds: int
) -> int:
    """Count this attempt as a failure before the password is checked, atomically, for the e-mail
    and the address; 0 when the attempt may go ahead, else the seconds to wait (nothing counted).

    Each key is claimed with one conditional UPDATE (``not_before <= now``) in its own committed
    transaction, so the database serialises parallel attempts: of 60 parallel wrong passwords only
    ``free`` are checked. The attempt that uses up the free ones holds the key while it is checked.
    :func:`login_succeeded` and :func:`login_failed` settle the count afterwards.
    """
    now = utcnow()
    claimed: list[str] = []
    for key, factor in _attempt_keys(email, address):
        with factory() as db, db.begin():
            if db.get(LoginThrottle, key) is None:
                try:
                    with db.begin_nested():
                        db.add(LoginThrottle(key_hash=key, failures=0, not_before=NO_WAIT))
                except IntegrityError:
                    pass  # a parallel attempt made it first
            db.execute(  # failures older than the window are forgotten
                update(LoginThrottle)
                .where(
                    LoginThrottle.key_hash == key,
                    LoginThrottle.last_failure < now - timedelta(seconds=window_seconds),
                    LoginThrottle.not_before <= now,
                )
                .values(failures=0)
                .execution_options(synchronize_session=False)
            )
            result = db.execute(
                update(LoginThrottle)
                .where(LoginThrottle.key_hash == key, LoginThrottle.not_before <= now)
                .values(
                    failures=LoginThrottle.failures + 1,
                    last_failure=now,
                    not_before=case(
                        (
                            LoginThrottle.failures + 1 >= free * factor,
                            now + timedelta(seconds=CHECK_HOLD_SECONDS),
                        ),
                        else_=LoginThrottle.not_before,
                    ),
                )
                .execution_options(synchronize_session=False)
            )
            if result.rowcount == 1:  # type: ignore[attr-defined]
                claimed.append(key)
                continue
            until = db.scalar(select(LoginThrottle.not_before).where(LoginThrottle.key_hash == key))
        _give_back(factory, claimed)
        wait = (until - now).total_seconds() if until is not None else 1.0
        return max(1, math.ceil(wait))
    return 0


# "No wait": a time before any claim's "now" (setting it to the present could be later than the
# "now" of a parallel claim that is just checking, and refuse it for no reason).
NO_WAIT = datetime(2000, 1, 1)


def _give_back(factory: sessionmaker[Session], keys: list[str]) -> None:
    for key in keys:
        with factory() as db, db.begin():
            db.execute(
                update(LoginThrottle)
                .where(LoginThrottle.key_hash == key, LoginThrottle.failures > 0)
                .values(failures=LoginThrottle.failures - 1)
                .execution_options(synchronize_session=False)
            )


def login_succeeded(factory: sessionmaker[Session], email: str, address: str) -> None:
    """The password was right: the account starts afresh; the address gets its attempt back."""
    (account, _), (address_key, _) = _attempt_keys(email, address)
    with factory() as db, db.begin():
        db.execute(
            update(LoginThrottle)
            .where(LoginThrottle.key_hash == account)
            .values(failures=0, not_before=NO_WAIT)
            .execution_options(synchronize_session=False)
        )
    _give_back(factory, [address_key])


def login_failed(factory: sessionmaker[Session], email: str, address: str, free: int) -> None:
    """The password was wrong (already counted): each key's next attempt waits its delay."""
    now = utcnow()
    for key, factor in _attempt_keys(email, address):
        with factory() as db, db.begin():
            failures = db.scalar(
                select(LoginThrottle.failures).where(LoginThrottle.key_hash == key)
            )
            if failures is None:
                continue
            wait = delay_after(failures, free * factor)
            db.execute(
                update(LoginThrottle)
                .where(LoginThrottle.key_hash == key)
                .values(not_before=now + timedelta(seconds=wait) if wait else NO_WAIT)
                .execution_options(synchronize_session=False)
            )
