"""Migrations build the schema the models describe, and upgrade old databases without loss."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, text

from intervoo.store import Database, SavedAnswer, SavedAnswerRepo, migrate
from intervoo.store.database import driver_url
from intervoo.store.models import Base
from intervoo.stories.repo import StoryRepo
from tests.store.conftest import USER_A, USER_B

PREVIOUS = "0001"


def test_an_empty_database_upgrades_to_the_latest_revision(empty_db: Database) -> None:
    assert empty_db.revision() is None
    empty_db.upgrade()
    assert empty_db.revision() == migrate.head_revision() == "0011"
    empty_db.upgrade()  # idempotent at head
    assert empty_db.revision() == "0011"


def test_the_migrated_schema_matches_the_models(any_db: Database) -> None:
    url = any_db.settings.database_admin_url or any_db.url
    engine = create_engine(driver_url(url))
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"include_object": migrate.ours})
            diff = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    assert diff == []


def _insert_at_previous_revision(db: Database, user_id: str, tag: str) -> None:
    """Data written the way revision 0001 stored it (raw SQL: today's models are newer)."""
    db.ensure_user(user_id)
    with db.session(user_id) as session:
        session.execute(
            text(
                "INSERT INTO stories (id, user_id, title, situation, task, action, result, "
                "competencies, metrics, work_ref, source, status, times_used, created_at, "
                "updated_at) VALUES (:id, :user, :title, 'S', 'T', 'A', 'R', :comp, :metrics, "
                "NULL, 'manual', 'approved', 3, :ts, :ts)"
            ),
            {
                "id": f"{tag}-story",
                "user": user_id,
                "title": f"{tag} story",
                "comp": '["leadership"]',
                "metrics": '[{"value": 2.0, "unit": "x", "text": "2x"}]',
                "ts": "2024-05-01 10:00:00+00:00",
            },
        )


def test_a_database_at_the_previous_revision_upgrades_with_its_data(empty_db: Database) -> None:
    empty_db.upgrade(PREVIOUS)
    assert empty_db.revision() == PREVIOUS
    _insert_at_previous_revision(empty_db, USER_A, "A")
    _insert_at_previous_revision(empty_db, USER_B, "B")
    empty_db.upgrade()
    with empty_db.session(USER_A) as session:
        stories = StoryRepo(session, USER_A).list()
        SavedAnswerRepo(session, USER_A).add(SavedAnswer(question="Q?", answer="A."))
        StoryRepo(session, USER_A).mark_used(["A-story"])
    assert [(s.id, s.title, s.times_used) for s in stories] == [("A-story", "A story", 3)]
    assert stories[0].metrics[0].text == "2x" and stories[0].competencies == ["leadership"]
    assert stories[0].created_at.isoformat() == "2024-05-01T10:00:00+00:00"
    assert stories[0].questions == []  # 0004: stories from before start with none
    assert stories[0].shape == ""  # 0009: no label yet, until the library is next loaded
    with empty_db.session(USER_A) as session:
        assert StoryRepo(session, USER_A).label_unshaped() == 1
        assert StoryRepo(session, USER_A).list()[0].shape == "leadership"  # its own tag
        assert StoryRepo(session, USER_A).label_unshaped() == 0
    with empty_db.session(USER_B) as session:
        assert [s.id for s in StoryRepo(session, USER_B).list()] == ["B-story"]
        # The table the new revision added is isolated like the others.
        assert SavedAnswerRepo(session, USER_B).list() == []


def test_downgrade_then_upgrade_again(any_db: Database) -> None:
    url = any_db.settings.database_admin_url or any_db.url
    engine = create_engine(driver_url(url))
    try:
        migrate.downgrade(engine, PREVIOUS)
        assert migrate.current_revision(engine) == PREVIOUS
        migrate.upgrade(engine)
    finally:
        engine.dispose()
    assert any_db.revision() == migrate.head_revision()
