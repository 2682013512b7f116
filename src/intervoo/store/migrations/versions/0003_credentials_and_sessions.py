"""Credentials apart from users, found by email through one narrow function; server-side sessions.

Revision ID: 0003
Revises: 0002

Why. `users` is under row-level security keyed on its own id, so the app role
cannot find an account by email before it knows who is signing in. Accounts
used to get an id derived from the email with the server's secret key, which
locked everyone out when the key changed. Now:

- `credentials` (user_id, email, password_hash) holds how an account signs in.
  The app role reads and writes only its own tenant's row (RLS policies as on
  every user-owned table). RLS is ENABLEd but not FORCEd: the table owner is not
  filtered, so `intervoo_lookup_login(email)`, a SECURITY DEFINER function owned
  by the owner (search_path pinned, EXECUTE granted to the app role only), can
  return the one (user_id, password_hash) whose email matches exactly. The app
  role never connects as the owner, and the function is its only door.
- `auth_sessions` records each sign-in (SHA-256 of the token's random id), so a
  logout or password change on one app process holds on all of them. It is a
  tenant table like the others (FORCEd): a token is checked by verifying its
  signature first (it names the user) and then reading the row with that tenant
  set. `intervoo_purge_expired_sessions()` deletes expired rows of every user;
  it runs as the owner, whom two narrow policies let see and delete expired rows
  only.
- `users.password_hash` moves to `credentials` (existing accounts keep their ids).
"""

from __future__ import annotations

import sqlite3

import sqlalchemy as sa
from alembic import op

from intervoo.store.rls import APP_ROLE, drop_tenant_table_sql, tenant_table_sql
from intervoo.store.types import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

ID = sa.String(64)
LOOKUP = "intervoo_lookup_login(text)"
PURGE = "intervoo_purge_expired_sessions()"

# Definer functions: pinned search_path (pg_temp last, objects schema-qualified), so
# nothing the app role could create changes what they run.
CREATE_LOOKUP = """
CREATE FUNCTION intervoo_lookup_login(p_email text)
RETURNS TABLE (user_id text, password_hash text)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT c.user_id::text, c.password_hash
    FROM public.credentials AS c
    WHERE c.email = p_email
$$
"""
CREATE_PURGE = """
CREATE FUNCTION intervoo_purge_expired_sessions()
RETURNS integer
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
    WITH gone AS (
        DELETE FROM public.auth_sessions WHERE expires_at < pg_catalog.now() RETURNING 1
    )
    SELECT pg_catalog.count(*)::integer FROM gone
$$
"""


def _create_tables() -> None:
    op.create_table(
        "credentials",
        sa.Column("user_id", ID, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("email", sa.String(320), nullable=False, unique=True),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "auth_sessions",
        sa.Column("id", ID, primary_key=True),
        sa.Column(
            "user_id",
            ID,
            sa.ForeignKey("users.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False, index=True),
        sa.Column("last_seen_at", UTCDateTime(), nullable=False),
        sa.Column("revoked_at", UTCDateTime()),
    )


def _as_owner_unfiltered(is_pg: bool, statement: str) -> None:
    """Run `statement` with `users` not FORCEd, so an owner that is not a superuser sees
    every row (the migration runs in one transaction: nobody sees the gap)."""
    if is_pg:
        op.execute("ALTER TABLE users NO FORCE ROW LEVEL SECURITY")
    op.execute(statement)
    if is_pg:
        op.execute("ALTER TABLE users FORCE ROW LEVEL SECURITY")


def _drop_users_password_hash(is_pg: bool) -> None:
    """Not by a batch rebuild: on SQLite, dropping the old `users` table would cascade-delete
    every user's data. SQLite >= 3.35 drops a plain column in place; an older one keeps
    the column, emptied (local installs have no passwords, and the models never read it)."""
    if is_pg or sqlite3.sqlite_version_info >= (3, 35):
        op.execute("ALTER TABLE users DROP COLUMN password_hash")
    else:
        op.execute("UPDATE users SET password_hash = NULL")


def _security_sql() -> list[str]:
    force = "ALTER TABLE credentials FORCE ROW LEVEL SECURITY"
    sql = [s for s in tenant_table_sql("credentials") if s != force]
    sql += tenant_table_sql("auth_sessions")
    expired = "expires_at < now()"
    sql += [
        f"CREATE POLICY auth_sessions_purge_select ON auth_sessions FOR SELECT "
        f"TO CURRENT_USER USING ({expired})",
        f"CREATE POLICY auth_sessions_purge_delete ON auth_sessions FOR DELETE "
        f"TO CURRENT_USER USING ({expired})",
        CREATE_LOOKUP,
        CREATE_PURGE,
    ]
    for function in (LOOKUP, PURGE):
        sql += [
            f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC",
            f"GRANT EXECUTE ON FUNCTION {function} TO {APP_ROLE}",
        ]
    return sql


def upgrade() -> None:
    is_pg = op.get_bind().dialect.name == "postgresql"
    _create_tables()
    _as_owner_unfiltered(
        is_pg,
        "INSERT INTO credentials (user_id, email, password_hash, updated_at) "
        "SELECT id, email, password_hash, created_at FROM users "
        "WHERE email IS NOT NULL AND password_hash IS NOT NULL",
    )
    _drop_users_password_hash(is_pg)
    if is_pg:
        for statement in _security_sql():
            op.execute(statement)


def downgrade() -> None:
    is_pg = op.get_bind().dialect.name == "postgresql"
    if is_pg:
        op.execute(f"DROP FUNCTION IF EXISTS {LOOKUP}")
        op.execute(f"DROP FUNCTION IF EXISTS {PURGE}")
        for name in ("purge_select", "purge_delete"):
            op.execute(f"DROP POLICY IF EXISTS auth_sessions_{name} ON auth_sessions")
        for table in ("credentials", "auth_sessions"):
            for statement in drop_tenant_table_sql(table):
                op.execute(statement)
    if "password_hash" not in {c["name"] for c in sa.inspect(op.get_bind()).get_columns("users")}:
        op.add_column("users", sa.Column("password_hash", sa.Text))
    _as_owner_unfiltered(
        is_pg,
        "UPDATE users SET password_hash = (SELECT c.password_hash FROM credentials AS c "
        "WHERE c.user_id = users.id)",
    )
    op.drop_table("auth_sessions")
    op.drop_table("credentials")
