"""The JSON API under /api."""

from __future__ import annotations

from fastapi import APIRouter

from microbiomix.web.api.routes import audit, auth, clients, samples

api_router = APIRouter(prefix="/api")
for module in (auth, clients, samples, audit):
    api_router.include_router(module.router)
