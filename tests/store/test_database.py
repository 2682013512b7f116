"""The Database on a local install: a SQLite file in the data dir, WAL, foreign keys, one user."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from intervoo.config import Settings
from intervoo.store import LOCAL_USER_ID, Database
from intervoo.store.database import driver_url
from intervoo.stories.repo import StoryRepo
from tests.store.samples import sample_story


def test_creating_a_database_does_no_io(settings: Settings) -> None:
    Database(settings)
    assert not settings.data_dir.exists()


def test_sqlite_file_lives_in_the_data_dir_with_wal_and_foreign_keys(sqlite_db: Database) -> None:
    assert sqlite_db.url == f"sqlite:///{sqlite_db.settings.data_dir / 'intervoo.db'}"
    with sqlite_db.session(None) as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
        assert session.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
    with pytest.raises(IntegrityError):
        with sqlite_db.session("ghost") as session:
            StoryRepo(session, "ghost").add(sample_story("no such user"))


def test_the_local_user_is_created_once(sqlite_db: Database) -> None:
    assert sqlite_db.ensure_local_user() == LOCAL_USER_ID
    assert sqlite_db.ensure_local_user() == LOCAL_USER_ID
    with sqlite_db.session(LOCAL_USER_ID) as session:
        assert session.execute(text("SELECT count(*) FROM users")).scalar_one() == 1


def test_a_failing_block_rolls_back(sqlite_db: Database) -> None:
    user = sqlite_db.ensure_local_user()
    with pytest.raises(RuntimeError, match="boom"):
        with sqlite_db.session(user) as session:
            StoryRepo(session, user).add(sample_story("lost"))
            raise RuntimeError("boom")
    with sqlite_db.session(user) as session:
        assert StoryRepo(session, user).list() == []


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_postgresql_urls_use_psycopg_3(url: str, expected: str) -> None:
    assert driver_url(url) == expected
