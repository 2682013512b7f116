"""A library's vectors are computed once and kept in the database: the next session (another
process: a CLI call, a server restart) reads them instead of embedding the library again."""

from __future__ import annotations

import pytest

from intervoo.config import Settings
from intervoo.copilot.context import load_candidate_context
from intervoo.embed import default_embedder
from intervoo.store import Database
from intervoo.stories.embeddings import text_key
from intervoo.stories.repo import StoryRepo
from intervoo.stories.vector_repo import StoryVectorRepo
from tests.store.samples import sample_story


@pytest.fixture
def db(settings: Settings) -> Database:
    database = Database(settings)
    database.upgrade()
    return database


def test_a_session_start_stores_the_vectors_it_computed(db: Database) -> None:
    model = default_embedder()
    if model is None:
        pytest.skip("the bundled retrieval model is not installed")
    user = db.ensure_local_user()
    story = sample_story("Stored").model_copy(
        update={"questions": ["How did you speed up checkout?"]}
    )
    with db.session(user) as session:
        StoryRepo(session, user).add(story)
    try:
        load_candidate_context(db, user)
        with db.session(user) as session:
            stored = StoryVectorRepo(session, user).all()
    finally:
        db.dispose()
    assert text_key(model.model_id, "passage", story.text) in stored
    assert text_key(model.model_id, "query", story.questions[0]) in stored
