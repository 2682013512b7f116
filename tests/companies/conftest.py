"""Databases for the company tests: SQLite in the test's data dir, and a fresh PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack

import pytest

from intervoo.config import Settings
from intervoo.store import Database
from tests.support.pg import fresh_pg_database

USER_A = "a" * 32
USER_B = "b" * 32


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, settings: Settings) -> Iterator[Database]:
    """A migrated database with two users, on SQLite and on PostgreSQL (as the app role)."""
    with ExitStack() as stack:
        if request.param == "postgresql":
            settings = stack.enter_context(fresh_pg_database()).settings(settings.data_dir)
        database = Database(settings)
        stack.callback(database.dispose)
        database.upgrade()
        database.ensure_user(USER_A)
        database.ensure_user(USER_B)
        yield database
