"""The audit log: who viewed or changed which record (ids only, never client data)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from microbiomix.web.models import AuditEvent


def record(
    db: Session, user_id: int | None, action: str, record_type: str, record_id: int | None
) -> None:
    db.add(AuditEvent(user_id=user_id, action=action, record_type=record_type, record_id=record_id))
