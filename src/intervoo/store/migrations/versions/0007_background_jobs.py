"""Background work that survives its process: the pending record, and the job queue.

Revision ID: 0007
Revises: 0006

Why. Questions written for a new story, stories for an imported resume and story
extraction from a practice answer were answered "scheduled" and lost if the process
died. Now each is a row of `pending_jobs` (a tenant table under row-level security:
a user sees only their own pending work, in the UI and the API), written in the same
transaction as the change that asks for it, and deleted when the work is done.

On PostgreSQL the work runs through procrastinate's queue (its schema, pinned with
the procrastinate version in pyproject.toml, is created here): any instance's worker
takes it, retries with back-off, and a job whose worker stopped beating is retried.
`intervoo_unqueued_jobs(seconds)` (SECURITY DEFINER, EXECUTE for the app role only)
returns the pending rows older than `seconds` that have no live job, so an instance
killed between its commit and its enqueue loses nothing. SQLite (one local process)
replays its pending rows at start.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from intervoo.store.rls import APP_ROLE, drop_tenant_table_sql, tenant_table_sql
from intervoo.store.types import JSONType, UTCDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

UNQUEUED = "intervoo_unqueued_jobs(double precision)"
CREATE_UNQUEUED = """
CREATE FUNCTION intervoo_unqueued_jobs(p_older_than_s double precision)
RETURNS TABLE (id text, user_id text)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT p.id::text, p.user_id::text
    FROM public.pending_jobs AS p
    WHERE p.created_at < pg_catalog.now() - p_older_than_s * interval '1 second'
      AND NOT EXISTS (
          SELECT 1 FROM public.procrastinate_jobs AS j
          WHERE j.queueing_lock = p.id AND j.status IN ('todo', 'doing')
      )
$$
"""
DROP_PROCRASTINATE_FUNCTIONS = r"""
DO $$
DECLARE f record;
BEGIN
    FOR f IN SELECT oid::regprocedure AS signature FROM pg_proc
             WHERE proname LIKE 'procrastinate\_%' LOOP
        EXECUTE 'DROP FUNCTION ' || f.signature || ' CASCADE';
    END LOOP;
END
$$
"""
PROCRASTINATE_TABLES = (
    "procrastinate_workers",
    "procrastinate_jobs",
    "procrastinate_periodic_defers",
    "procrastinate_events",
)


def _procrastinate_schema() -> str:
    try:
        from procrastinate.schema import SchemaManager
    except ImportError:
        raise RuntimeError(
            "PostgreSQL runs background jobs through procrastinate: pip install 'intervoo[server]'"
        ) from None
    return SchemaManager.get_schema()


def upgrade() -> None:
    op.create_table(
        "pending_jobs",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column(
            "user_id", sa.String(64), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("payload", JSONType, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_pending_jobs_user_id", "pending_jobs", ["user_id"])
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(_procrastinate_schema())
    for table in PROCRASTINATE_TABLES:
        op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {APP_ROLE}")
    op.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {APP_ROLE}")
    for statement in tenant_table_sql("pending_jobs"):
        op.execute(statement)
    op.execute(
        "CREATE POLICY pending_jobs_sweep ON pending_jobs FOR SELECT TO CURRENT_USER USING (true)"
    )
    op.execute(CREATE_UNQUEUED)
    op.execute(f"REVOKE ALL ON FUNCTION {UNQUEUED} FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION {UNQUEUED} TO {APP_ROLE}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP FUNCTION IF EXISTS {UNQUEUED}")
        op.execute("DROP POLICY IF EXISTS pending_jobs_sweep ON pending_jobs")
        for statement in drop_tenant_table_sql("pending_jobs"):
            op.execute(statement)
        for table in reversed(PROCRASTINATE_TABLES):
            op.execute(f"DROP TABLE IF EXISTS {table} CASCADE")
        op.execute(DROP_PROCRASTINATE_FUNCTIONS)
        for kind in ("job_to_defer_v1", "job_event_type", "job_status"):
            op.execute(f"DROP TYPE IF EXISTS procrastinate_{kind} CASCADE")
    op.drop_index("ix_pending_jobs_user_id", "pending_jobs")
    op.drop_table("pending_jobs")
