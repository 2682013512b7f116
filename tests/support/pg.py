"""PostgreSQL for tests: a fresh database per test, with the unprivileged app role.

Use the fixtures by importing them into a test module or conftest:

    from tests.support.pg import pg_database, pg_db, pg_settings  # noqa: F401

- `pg_database`: an empty database (`PgDatabase`: `.admin_url`, `.app_url`), dropped after.
- `pg_settings`: `Settings` pointing at it (app URL as `intervoo_app`, admin URL as owner).
- `pg_db`: a migrated, open `Database` on it, disposed after.

The server is INTERVOO_TEST_POSTGRES_URL (a superuser URL) or
postgresql://postgres@127.0.0.1:5432/postgres. Outside CI, with no server
reachable, these tests skip and say how to run them; with CI=true they fail.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from uuid import uuid4

import psycopg
import pytest
from psycopg import sql
from sqlalchemy.engine import make_url

from intervoo.config import Settings
from intervoo.store import Database
from intervoo.store.rls import APP_ROLE

# Read at import: the autouse fixture in tests/conftest.py clears INTERVOO_* per test.
SERVER_URL = os.environ.get(
    "INTERVOO_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
APP_PASSWORD = "intervoo-test-only"
HOW_TO_RUN = (
    "start PostgreSQL (e.g. `docker run --rm -p 5432:5432 -e POSTGRES_HOST_AUTH_METHOD=trust "
    "postgres:16`) or set INTERVOO_TEST_POSTGRES_URL to a superuser URL"
)


@dataclass(frozen=True)
class PgDatabase:
    name: str
    admin_url: str
    app_url: str

    def settings(self, data_dir: Path) -> Settings:
        return Settings(
            data_dir=data_dir, database_url=self.app_url, database_admin_url=self.admin_url
        )


@cache
def unreachable_reason() -> str | None:
    """Why the test server cannot be used, or None when it can."""
    try:
        with psycopg.connect(SERVER_URL, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        return f"PostgreSQL at {make_url(SERVER_URL).render_as_string()} unreachable: {exc}"
    return None


def require_service(reason: str | None, service: str, how_to_run: str) -> None:
    """Skip (or, in CI, fail) the calling test when `reason` says the service is away."""
    if reason is None:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true requires {service})")
    pytest.skip(f"{reason}; to run: {how_to_run}")


def require_postgres() -> None:
    """Skip (or, in CI, fail) the calling test when PostgreSQL is not available."""
    require_service(unreachable_reason(), "PostgreSQL", HOW_TO_RUN)


def _url_for(database: str, *, user: str | None = None, password: str | None = None) -> str:
    url = make_url(SERVER_URL).set(database=database)
    if user is not None:
        url = url.set(username=user, password=password)
    return url.render_as_string(hide_password=False)


def _ensure_app_login(conn: psycopg.Connection) -> None:
    """The migrations create `intervoo_app` NOLOGIN; tests give it a login, as an operator would."""
    exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (APP_ROLE,)).fetchone()
    statement = "ALTER ROLE {} LOGIN PASSWORD {}" if exists else "CREATE ROLE {} LOGIN PASSWORD {}"
    try:
        conn.execute(sql.SQL(statement).format(sql.Identifier(APP_ROLE), APP_PASSWORD))
    except psycopg.errors.DuplicateObject:
        conn.execute(
            sql.SQL("ALTER ROLE {} LOGIN PASSWORD {}").format(
                sql.Identifier(APP_ROLE), APP_PASSWORD
            )
        )


@contextmanager
def fresh_pg_database() -> Iterator[PgDatabase]:
    require_postgres()
    name = f"intervoo_test_{uuid4().hex[:12]}"
    with psycopg.connect(SERVER_URL, autocommit=True) as conn:
        _ensure_app_login(conn)
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield PgDatabase(
            name=name,
            admin_url=_url_for(name),
            app_url=_url_for(name, user=APP_ROLE, password=APP_PASSWORD),
        )
    finally:
        with psycopg.connect(SERVER_URL, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@pytest.fixture
def pg_database() -> Iterator[PgDatabase]:
    with fresh_pg_database() as database:
        yield database


@pytest.fixture
def pg_settings(pg_database: PgDatabase, tmp_path: Path) -> Settings:
    return pg_database.settings(tmp_path / "data")


@pytest.fixture
def pg_db(pg_settings: Settings) -> Iterator[Database]:
    db = Database(pg_settings)
    try:
        db.upgrade()
        yield db
    finally:
        db.dispose()
