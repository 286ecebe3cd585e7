"""The practitioner's own audit trail."""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy import select

from microbiomix.web.deps import CurrentUser, SessionDep
from microbiomix.web.models import AuditEvent
from microbiomix.web.schemas import AuditOut

router = APIRouter(prefix="/audit", tags=["audit"])


@router.get("", response_model=list[AuditOut], responses={401: {"description": "not logged in"}})
def my_audit(
    request: Request, db: SessionDep, user: CurrentUser, limit: int = 100
) -> list[AuditOut]:
    request.app.state.audit.flush()  # views are written in the background; include them all
    limit = max(1, min(limit, 1000))
    events = db.scalars(
        select(AuditEvent)
        .where(AuditEvent.user_id == user.id)
        .order_by(AuditEvent.id.desc())
        .limit(limit)
    )
    return [AuditOut.model_validate(e) for e in events]
