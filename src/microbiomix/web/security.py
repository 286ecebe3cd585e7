"""Passwords, session tokens, CSRF tokens and login rate limiting."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from microbiomix.web.models import LoginAttempt, SessionRecord, User, utcnow

_HASHER = PasswordHasher()
# A hash to verify against when the e-mail is unknown, so timing does not reveal which e-mails exist.
_DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(16))

MIN_PASSWORD_LENGTH = 10


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
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


def _attempt_keys(email: str, address: str) -> list[str]:
    return [sha256("email:" + email.strip().lower()), sha256("addr:" + address)]


def login_blocked(db: Session, email: str, address: str, limit: int, window_seconds: int) -> bool:
    """True when the e-mail or the address has ``limit`` failed logins within the window."""
    since = utcnow() - timedelta(seconds=window_seconds)
    for key in _attempt_keys(email, address):
        count = db.scalar(
            select(func.count())
            .select_from(LoginAttempt)
            .where(LoginAttempt.key_hash == key, LoginAttempt.at >= since)
        )
        if (count or 0) >= limit:
            return True
    return False


def record_failed_login(db: Session, email: str, address: str) -> None:
    for key in _attempt_keys(email, address):
        db.add(LoginAttempt(key_hash=key))


def forget_old_attempts(db: Session, window_seconds: int) -> None:
    db.execute(
        delete(LoginAttempt).where(LoginAttempt.at < utcnow() - timedelta(seconds=window_seconds))
    )
