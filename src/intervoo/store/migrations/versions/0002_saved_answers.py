"""Saved answers from live sessions, and when each story was last used.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from intervoo.store.rls import drop_tenant_table_sql, run_on_postgresql, tenant_table_sql
from intervoo.store.types import JSONType, UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "saved_answers",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column(
            "user_id",
            sa.String(64),
            sa.ForeignKey("users.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("kind", sa.String(32)),
        sa.Column("company_slug", sa.String(120)),
        sa.Column("role", sa.Text),
        sa.Column("sources", JSONType, nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    with op.batch_alter_table("stories") as batch:
        batch.add_column(sa.Column("last_used_at", UTCDateTime()))
    run_on_postgresql(op.execute, op.get_bind().dialect.name, tenant_table_sql("saved_answers"))


def downgrade() -> None:
    run_on_postgresql(
        op.execute, op.get_bind().dialect.name, drop_tenant_table_sql("saved_answers")
    )
    with op.batch_alter_table("stories") as batch:
        batch.drop_column("last_used_at")
    op.drop_table("saved_answers")
