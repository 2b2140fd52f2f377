"""manual entries: confirm (an assessor's verdict on a provisional item or proposed case)

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("manual_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("confirm", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("manual_entries", schema=None) as batch_op:
        batch_op.drop_column("confirm")
