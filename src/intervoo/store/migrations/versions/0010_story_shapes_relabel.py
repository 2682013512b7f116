"""Story shape labels read again with the setback rule of issue 27.

Revision ID: 0010
Revises: 0009

Why. A story is now labelled a setback only when its situation puts the candidate in
it ("I promised…"); one full of failure words that befell others and that the
candidate then fixed ("the nightly backups had been failing for weeks") is a problem
solved (bench/story_shapes.py: 43 -> 46 of 48 hand-labelled stories right about
setback / disagreement / neither). Labels stored before this rule would keep telling
such a story for "your biggest mistake", so they are cleared: as after 0009,
`StoryRepo.label_unshaped` labels them when the library is next loaded for a session
(the lexicon is not imported by migrations). Downgrade keeps the new labels: the old
rule's are not worth restoring.
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE stories SET shape = ''")


def downgrade() -> None:
    pass
