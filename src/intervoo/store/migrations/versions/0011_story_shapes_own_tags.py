"""Story shape labels read again, counting only the author's own tags.

Revision ID: 0011
Revises: 0010

Why. A saved story's competencies hold its author's tags and what its text shows
(`competencies_for_story`), and the shape counted every one of them as a tag on top of
the words that gave it: a deadline story with one word of disagreement ("check-ins with
finance") was read as a disagreement and told for "a time you disagreed with a
colleague", in the demo itself. Read as stored, 43 of 48 hand-labelled stories were
right about setback / disagreement / neither (bench/story_shapes.py), 46 read raw; now
46 both ways. And a setback is mine only when I am the subject of a clause of its
situation ("…, and I approved pouring…"), not in a side remark ("a teammate wanted to fix
failed bookings, which I believed…": the demo's disagreement, told for "your biggest
weakness"). Labels stored before are cleared, as in 0010, and labelled again when the
library is next loaded for a session. Downgrade keeps the new labels.
"""

from __future__ import annotations

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE stories SET shape = ''")


def downgrade() -> None:
    pass
