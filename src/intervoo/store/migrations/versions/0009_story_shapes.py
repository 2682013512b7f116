"""Each story's shape label, stored when it is saved (issue 27).

Revision ID: 0009
Revises: 0008

Why. A setback question must get a story shaped like a setback, never a pure success;
the label (failure/learning, conflict, leadership, customer, technical, success) was
computed from every story's text at each session start. It is now computed when a
story is saved and stored with it. The column starts empty for existing stories: the
label is read with the interview lexicon (`intervoo.stories.shapes`), which the
store's migrations do not import, so `StoryRepo.label_unshaped` fills it when the
library is next loaded for a session (`copilot.context.load_candidate_context`), in
the user's own transaction. `stories` is already a tenant table under RLS: a new
column needs no policy.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("stories") as batch:
        batch.add_column(
            sa.Column("shape", sa.String(32), nullable=False, server_default=sa.text("''"))
        )


def downgrade() -> None:
    with op.batch_alter_table("stories") as batch:
        batch.drop_column("shape")
