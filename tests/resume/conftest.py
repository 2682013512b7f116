"""A migrated database for the resume storage tests: SQLite, and PostgreSQL through RLS."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from intervoo.config import Settings
from intervoo.store import Database
from tests.support.pg import fresh_pg_database


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, settings: Settings) -> Iterator[Database]:
    if request.param == "sqlite":
        database = Database(settings)
        try:
            database.upgrade()
            yield database
        finally:
            database.dispose()
        return
    with fresh_pg_database() as pg:
        database = Database(pg.settings(settings.data_dir))
        try:
            database.upgrade()
            yield database
        finally:
            database.dispose()


@pytest.fixture
def user_id(db: Database) -> str:
    return db.ensure_user("c" * 32)
