"""Typed dependencies: the database session, the settings and the logged-in practitioner."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Path, Request
from sqlalchemy.orm import Session

from microbiomix.web import audit
from microbiomix.web.models import Client, Sample, User
from microbiomix.web.reports import RenderCache
from microbiomix.web.security import user_for_token
from microbiomix.web.settings import Settings

SESSION_COOKIE = "mmm_session"


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_db(request: Request) -> Iterator[Session]:
    """One session per request, committed when the route returns without error."""
    with request.app.state.sessionmaker() as session:
        session.info[audit.SESSION_KEY] = request.app.state.audit
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


SettingsDep = Annotated[Settings, Depends(get_settings)]
# scope="function": commit before the response is sent, so a redirect never outruns the commit.
SessionDep = Annotated[Session, Depends(get_db, scope="function")]


class LoginRequired(Exception):
    """Raised by page routes without a session; the app answers with a redirect to /login."""


def _user(request: Request, db: Session) -> User | None:
    return user_for_token(db, request.cookies.get(SESSION_COOKIE))


def get_current_user(request: Request, db: SessionDep) -> User:
    user = _user(request, db)
    if user is None:
        raise HTTPException(status_code=401, detail="log in first")
    return user


def get_page_user(request: Request, db: SessionDep) -> User:
    user = _user(request, db)
    if user is None:
        raise LoginRequired()
    return user


def get_render_cache(request: Request) -> RenderCache:
    cache: RenderCache = request.app.state.render_cache
    return cache


RenderCacheDep = Annotated[RenderCache, Depends(get_render_cache)]
CurrentUser = Annotated[User, Depends(get_current_user)]
PageUser = Annotated[User, Depends(get_page_user)]

NOT_FOUND = "not found"


def own_client(db: Session, user: User, client_id: int) -> Client:
    """The client if it belongs to ``user``; otherwise 404 (never 403: ids are not disclosed)."""
    client = db.get(Client, client_id)
    if client is None or client.owner_id != user.id:
        raise HTTPException(status_code=404, detail=NOT_FOUND)
    return client


def own_sample(db: Session, user: User, sample_id: int) -> tuple[Sample, Client]:
    sample = db.get(Sample, sample_id)
    if sample is None:
        raise HTTPException(status_code=404, detail=NOT_FOUND)
    client = db.get(Client, sample.client_id)
    if client is None or client.owner_id != user.id:
        raise HTTPException(status_code=404, detail=NOT_FOUND)
    return sample, client


# Ids fit a 32-bit integer column on every database; larger ones are refused before any query.
Id = Annotated[int, Path(ge=1, le=2_147_483_647)]
