"""PostgreSQL row-level security, as SQL the migrations run.

The app connects as APP_ROLE: it owns no table, has no BYPASSRLS, and gets only
SELECT/INSERT/UPDATE/DELETE on the tables. Every user-owned table has RLS
ENABLEd and FORCEd (so even the owner is filtered) and one policy per command
comparing the owner column with the per-transaction setting TENANT_SETTING.
With the setting missing, `current_setting(..., true)` is NULL (or '') and no
row matches: a request without a tenant sees nothing.
"""

from __future__ import annotations

from collections.abc import Callable

APP_ROLE = "intervoo_app"
TENANT_SETTING = "intervoo.user_id"

_TENANT = f"current_setting('{TENANT_SETTING}', true)"

# Created NOLOGIN: the operator gives it a login (and a password) once, with
# `ALTER ROLE intervoo_app LOGIN PASSWORD '…'`, or grants it to a login role.
CREATE_APP_ROLE = f"""
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
        CREATE ROLE {APP_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
    END IF;
EXCEPTION WHEN duplicate_object THEN
    NULL;  -- another migration run created it at the same moment
END
$$;
"""


def grant_schema_usage() -> str:
    return f"GRANT USAGE ON SCHEMA public TO {APP_ROLE}"


def tenant_table_sql(table: str, owner_column: str = "user_id") -> list[str]:
    """Statements that put `table` under RLS keyed on `owner_column`, with the app's grants."""
    statements = [
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {APP_ROLE}",
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
    ]
    match = f"{owner_column} = {_TENANT}"
    statements += [
        f"CREATE POLICY {table}_tenant_select ON {table} FOR SELECT USING ({match})",
        f"CREATE POLICY {table}_tenant_insert ON {table} FOR INSERT WITH CHECK ({match})",
        f"CREATE POLICY {table}_tenant_update ON {table} FOR UPDATE "
        f"USING ({match}) WITH CHECK ({match})",
        f"CREATE POLICY {table}_tenant_delete ON {table} FOR DELETE USING ({match})",
    ]
    return statements


def drop_tenant_table_sql(table: str) -> list[str]:
    """The reverse of `tenant_table_sql`, for downgrades."""
    statements = [
        f"DROP POLICY IF EXISTS {table}_tenant_{command} ON {table}"
        for command in ("select", "insert", "update", "delete")
    ]
    statements.append(f"REVOKE ALL ON {table} FROM {APP_ROLE}")
    return statements


def run_on_postgresql(execute: Callable[[str], object], dialect: str, sql: list[str]) -> None:
    """Run `sql` only on PostgreSQL (SQLite has one local user and no RLS)."""
    if dialect != "postgresql":
        return
    for statement in sql:
        execute(statement)
