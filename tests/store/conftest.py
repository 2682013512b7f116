"""Databases for the store tests: SQLite in the test's data dir, and a fresh PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from intervoo.config import Settings
from intervoo.store import Database
from tests.support.pg import fresh_pg_database, pg_database, pg_db, pg_settings  # noqa: F401

USER_A = "a" * 32
USER_B = "b" * 32


@pytest.fixture
def sqlite_db(settings: Settings) -> Iterator[Database]:
    db = Database(settings)
    try:
        db.upgrade()
        yield db
    finally:
        db.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request: pytest.FixtureRequest, settings: Settings) -> Iterator[Database]:
    """The same test on SQLite and on PostgreSQL (through RLS, as the app role)."""
    if request.param == "sqlite":
        db = Database(settings)
        try:
            db.upgrade()
            yield db
        finally:
            db.dispose()
        return
    with fresh_pg_database() as pg:
        db = Database(pg.settings(settings.data_dir))
        try:
            db.upgrade()
            yield db
        finally:
            db.dispose()


@pytest.fixture
def two_users(any_db: Database) -> Database:
    any_db.ensure_user(USER_A)
    any_db.ensure_user(USER_B)
    return any_db
