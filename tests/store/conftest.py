"""Databases for the store tests: SQLite in the test's data dir, and a fresh PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

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


@contextmanager
def open_database(backend: str, settings: Settings) -> Iterator[Database]:
    """An empty, not yet migrated database on `backend`, disposed at the end."""
    with ExitStack() as stack:
        if backend == "postgresql":
            settings = stack.enter_context(fresh_pg_database()).settings(settings.data_dir)
        db = Database(settings)
        stack.callback(db.dispose)
        yield db


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_db(request: pytest.FixtureRequest, settings: Settings) -> Iterator[Database]:
    """A database with no schema yet, on SQLite and on PostgreSQL."""
    with open_database(request.param, settings) as db:
        yield db


@pytest.fixture
def any_db(empty_db: Database) -> Database:
    """The same test on SQLite and on PostgreSQL (through RLS, as the app role)."""
    empty_db.upgrade()
    return empty_db


@pytest.fixture
def two_users(any_db: Database) -> Database:
    any_db.ensure_user(USER_A)
    any_db.ensure_user(USER_B)
    return any_db
