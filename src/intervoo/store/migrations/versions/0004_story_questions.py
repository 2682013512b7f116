"""The interview questions each story answers.

Revision ID: 0004
Revises: 0003

Why. Story retrieval matches a question best against other questions, so a story
keeps the ones it is known to answer: the practice question that drew it out,
those the configured LLM wrote from it, and the user's own. A JSON list like
`competencies`; existing stories start with none.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from intervoo.store.types import JSONType

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("stories") as batch:
        batch.add_column(
            sa.Column("questions", JSONType, nullable=False, server_default=sa.text("'[]'"))
        )


def downgrade() -> None:
    with op.batch_alter_table("stories") as batch:
        batch.drop_column("questions")
