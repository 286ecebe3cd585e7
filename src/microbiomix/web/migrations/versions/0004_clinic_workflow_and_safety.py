"""Login throttle rows, client details, clinic contact, sample collection dates, report inputs

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30

- login_throttle: one row per hashed e-mail or address: failures and the earliest next attempt
  (a progressive delay, claimed atomically; replaces the count of login_attempts rows).
- users.display_name, users.contact: the practitioner's name and contact on reports and shares.
- clients.date_of_birth, clients.sex, clients.contact.
- client_documents.effective_on: the date the labs were taken or the intake was answered.
- samples.collected_on: when the stool was collected (re-tests are ordered by it).
- samples.labs_document_id, samples.intake_document_id: the documents the report was built from;
  samples.rebuild_reason: why the report was (or is being) rebuilt.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_throttle",
        sa.Column("key_hash", sa.String(length=64), primary_key=True),
        sa.Column("failures", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("not_before", sa.DateTime(), nullable=False),
        sa.Column("last_failure", sa.DateTime(), nullable=True),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("display_name", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("contact", sa.String(length=320), nullable=True))
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.add_column(sa.Column("date_of_birth", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("sex", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("contact", sa.String(length=320), nullable=True))
    with op.batch_alter_table("client_documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("effective_on", sa.Date(), nullable=True))
    with op.batch_alter_table("samples", schema=None) as batch_op:
        batch_op.add_column(sa.Column("collected_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("labs_document_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("intake_document_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("rebuild_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("samples", schema=None) as batch_op:
        for name in ("rebuild_reason", "intake_document_id", "labs_document_id", "collected_on"):
            batch_op.drop_column(name)
    with op.batch_alter_table("client_documents", schema=None) as batch_op:
        batch_op.drop_column("effective_on")
    with op.batch_alter_table("clients", schema=None) as batch_op:
        for name in ("contact", "sex", "date_of_birth"):
            batch_op.drop_column(name)
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("contact")
        batch_op.drop_column("display_name")
    op.drop_table("login_throttle")
