"""Running server instances, each with its secret key's fingerprint.

Revision ID: 0006
Revises: 0005

Why. Instances behind one load balancer must sign sessions with one
INTERVOO_SECRET_KEY, or a session made on one is a silent 401 on the other. Each
server-mode instance records a row here at start (and refreshes `seen_at`); one
whose key's fingerprint differs from a live instance's refuses to start. `intervoo
doctor` reads the rows to say how many instances share the database, and whether
they share their limits through Redis. No user data: not under row-level security,
and the app role may read and write every row.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from intervoo.store.rls import APP_ROLE, run_on_postgresql
from intervoo.store.types import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "server_instances",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("host", sa.String(255), nullable=False),
        sa.Column("pid", sa.Integer, nullable=False),
        sa.Column("secret_fingerprint", sa.String(64), nullable=False),
        sa.Column("shared_limits", sa.Boolean, nullable=False),
        sa.Column("started_at", UTCDateTime, nullable=False),
        sa.Column("seen_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_server_instances_seen_at", "server_instances", ["seen_at"])
    grant = f"GRANT SELECT, INSERT, UPDATE, DELETE ON server_instances TO {APP_ROLE}"
    run_on_postgresql(op.execute, op.get_bind().dialect.name, [grant])


def downgrade() -> None:
    op.drop_index("ix_server_instances_seen_at", "server_instances")
    op.drop_table("server_instances")
