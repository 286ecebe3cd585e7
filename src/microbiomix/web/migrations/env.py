"""Alembic environment: runs on the connection given by :func:`microbiomix.web.db.migrate`."""

from __future__ import annotations

from alembic import context

from microbiomix.web.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through microbiomix.web.db.migrate(engine)")
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
