"""samples.mate_filename, samples.mate_content: the R2 file of paired reads

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("samples", schema=None) as batch_op:
        batch_op.add_column(sa.Column("mate_filename", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("mate_content", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("samples", schema=None) as batch_op:
        batch_op.drop_column("mate_content")
        batch_op.drop_column("mate_filename")
