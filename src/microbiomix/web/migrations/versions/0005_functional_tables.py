"""functional_tables: HUMAnN tables given as a sample's functional profile

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01

One row per sample and kind ("<namespace>/<measure>", e.g. "ec/abundance"): the file as uploaded
(validated by the HUMAnN reader), the column of the table that is this sample's, its unit and how
many community rows it holds. A new table of the same kind replaces the old row.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "functional_tables",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "sample_id",
            sa.Integer(),
            sa.ForeignKey("samples.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("sample_column", sa.String(length=255), nullable=False),
        sa.Column("unit", sa.String(length=32), nullable=False),
        sa.Column("features", sa.Integer(), nullable=False),
        sa.Column("uploaded_by", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("sample_id", "kind"),
    )
    op.create_index("ix_functional_tables_sample_id", "functional_tables", ["sample_id"])


def downgrade() -> None:
    op.drop_index("ix_functional_tables_sample_id", table_name="functional_tables")
    op.drop_table("functional_tables")
