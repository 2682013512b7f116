"""Initial schema: users, resumes, stories, companies, targets, practice; RLS on PostgreSQL.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from intervoo.store.rls import (
    CREATE_APP_ROLE,
    grant_schema_usage,
    run_on_postgresql,
    tenant_table_sql,
)
from intervoo.store.types import JSONType, UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

ID = sa.String(64)
TENANT_TABLES = ("resumes", "stories", "companies", "targets", "practice_sessions")


def _owner() -> sa.Column[str]:
    return sa.Column(
        "user_id",
        ID,
        sa.ForeignKey("users.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )


def _upgrade_core_tables() -> None:
    op.create_table(
        "users",
        sa.Column("id", ID, primary_key=True),
        sa.Column("email", sa.String(320), unique=True),
        sa.Column("display_name", sa.String(200)),
        sa.Column("password_hash", sa.Text),
        sa.Column("is_local", sa.Boolean, nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "resumes",
        sa.Column("id", ID, primary_key=True),
        sa.Column(
            "user_id",
            ID,
            sa.ForeignKey("users.id", ondelete="CASCADE"),
            nullable=False,
            unique=True,
        ),
        sa.Column("data", JSONType, nullable=False),
        sa.Column("doubts", JSONType, nullable=False),
        sa.Column("source_format", sa.String(32), nullable=False),
        sa.Column("source_text", sa.Text, nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "stories",
        sa.Column("id", ID, primary_key=True),
        _owner(),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("situation", sa.Text, nullable=False),
        sa.Column("task", sa.Text, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("result", sa.Text, nullable=False),
        sa.Column("competencies", JSONType, nullable=False),
        sa.Column("metrics", JSONType, nullable=False),
        sa.Column("work_ref", ID),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("times_used", sa.Integer, nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )


def _upgrade_company_tables() -> None:
    op.create_table(
        "companies",
        sa.Column("id", ID, primary_key=True),
        _owner(),
        sa.Column("slug", sa.String(120), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("profile", JSONType, nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("user_id", "slug"),
    )
    op.create_table(
        "targets",
        sa.Column("id", ID, primary_key=True),
        _owner(),
        sa.Column("company_slug", sa.String(120), nullable=False),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("job_description", sa.Text, nullable=False),
        sa.Column("notes", sa.Text, nullable=False),
        sa.Column("requirements", JSONType, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )


def _upgrade_practice_tables() -> None:
    op.create_table(
        "practice_sessions",
        sa.Column("id", ID, primary_key=True),
        _owner(),
        sa.Column("target_id", ID),
        sa.Column("company_slug", sa.String(120)),
        sa.Column("role", sa.Text),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("ended_at", UTCDateTime()),
        sa.UniqueConstraint("user_id", "id"),
    )
    op.create_table(
        "practice_attempts",
        sa.Column("id", ID, primary_key=True),
        _owner(),
        sa.Column("session_id", ID, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("kind", sa.String(32)),
        sa.Column("competency", sa.String(64)),
        sa.Column("answer_text", sa.Text, nullable=False),
        sa.Column("feedback", JSONType, nullable=False),
        sa.Column("scores", JSONType, nullable=False),
        sa.Column("story_id", ID),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id", "session_id"],
            ["practice_sessions.user_id", "practice_sessions.id"],
            ondelete="CASCADE",
        ),
    )
    op.create_index(None, "practice_attempts", ["session_id", "position"])


def _upgrade_security() -> None:
    sql = [CREATE_APP_ROLE, grant_schema_usage(), "GRANT SELECT ON alembic_version TO intervoo_app"]
    sql += tenant_table_sql("users", owner_column="id")
    for table in (*TENANT_TABLES, "practice_attempts"):
        sql += tenant_table_sql(table)
    run_on_postgresql(op.execute, op.get_bind().dialect.name, sql)


def upgrade() -> None:
    _upgrade_core_tables()
    _upgrade_company_tables()
    _upgrade_practice_tables()
    _upgrade_security()


def downgrade() -> None:
    for table in ("practice_attempts", *reversed(TENANT_TABLES), "users"):
        op.drop_table(table)
