"""The retrieval model's vectors of each user's stories and their questions.

Revision ID: 0005
Revises: 0004

Why. Embedding a story takes tens of milliseconds to a second on a busy machine, so a
500-story library took minutes to embed in every new process (each `intervoo suggest`,
each server start). Vectors are kept by model id and the sha256 of the exact text, so
an edited story or another model simply has no row yet. Tenant-owned, under RLS.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from intervoo.store.rls import drop_tenant_table_sql, run_on_postgresql, tenant_table_sql
from intervoo.store.types import UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "story_vectors",
        sa.Column(
            "user_id",
            sa.String(64),
            sa.ForeignKey("users.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("key", sa.String(160), primary_key=True),
        sa.Column("vector", sa.LargeBinary, nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    run_on_postgresql(op.execute, op.get_bind().dialect.name, tenant_table_sql("story_vectors"))


def downgrade() -> None:
    run_on_postgresql(
        op.execute, op.get_bind().dialect.name, drop_tenant_table_sql("story_vectors")
    )
    op.drop_table("story_vectors")
