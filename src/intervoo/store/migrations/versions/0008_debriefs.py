"""Debriefs the user saved after a live session (issue 25).

Revision ID: 0008
Revises: 0007

A debrief is built in memory at Stop and sent to the client; nothing of it is stored
unless the user presses Save, and then only its text (questions, the candidate's own
words, notes, follow-ups, the thank-you note) as one JSON body. Never audio.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from intervoo.store.rls import drop_tenant_table_sql, run_on_postgresql, tenant_table_sql
from intervoo.store.types import JSONType, UTCDateTime

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "debriefs",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column(
            "user_id",
            sa.String(64),
            sa.ForeignKey("users.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("session_id", sa.String(120), nullable=False),
        sa.Column("company", sa.Text),
        sa.Column("role", sa.Text),
        sa.Column("body", JSONType, nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    run_on_postgresql(op.execute, op.get_bind().dialect.name, tenant_table_sql("debriefs"))


def downgrade() -> None:
    run_on_postgresql(op.execute, op.get_bind().dialect.name, drop_tenant_table_sql("debriefs"))
    op.drop_table("debriefs")
