"""Each story's shape label is computed when it is saved and stored (migration 0009);
a session reads the stored label; export/import carries it, an older export without
it is labelled on the next load. SQLite and PostgreSQL (under RLS) alike."""

from __future__ import annotations

import json

from sqlalchemy import text

from intervoo.copilot.context import load_candidate_context
from intervoo.copilot.shapes import Shape
from intervoo.store import Database
from intervoo.stories.model import Story
from intervoo.stories.repo import StoryRepo
from intervoo.userdata.transfer import delete_user_data, export_user_data, import_user_data
from tests.store.conftest import USER_A, USER_B

LATE = Story(
    id="late",
    title="The launch I shipped six weeks late",
    situation="I underestimated the migration and we missed the launch date by six weeks.",
    action="I told the team early, cut scope and shipped in two phases.",
    result="I learned to plan with buffers; the next launch was on time.",
)
TESTS = Story(
    id="tests",
    title="Raising test coverage on the billing service",
    situation="The billing service had no tests and every release broke something.",
    action="I added unit and integration tests and a CI gate.",
    result="Coverage went from 10% to 80% and failed releases fell by half.",
)


def _shape(db: Database, user: str, story_id: str) -> str:
    with db.session(user) as session:
        story = StoryRepo(session, user).get(story_id)
    assert story is not None
    return story.shape


def test_saving_a_story_stores_its_shape_and_an_edit_relabels_it(two_users: Database) -> None:
    with two_users.session(USER_A) as session:
        StoryRepo(session, USER_A).add(LATE)
        StoryRepo(session, USER_A).add(TESTS)
    assert _shape(two_users, USER_A, "late") == Shape.FAILURE.value
    assert _shape(two_users, USER_A, "tests") != Shape.FAILURE.value
    rewritten = TESTS.model_copy(
        update={
            "title": "The release I broke by skipping the tests",
            "situation": "I skipped the tests to hit a date and my release failed in production.",
            "result": "I learned never to skip the CI gate; it was my mistake.",
        }
    )
    with two_users.session(USER_A) as session:
        StoryRepo(session, USER_A).update(rewritten)
    assert _shape(two_users, USER_A, "tests") == Shape.FAILURE.value
    with two_users.session(USER_B) as session:  # RLS: another user sees none of them
        assert StoryRepo(session, USER_B).list() == []


def test_a_session_reads_the_stored_label(two_users: Database) -> None:
    with two_users.session(USER_A) as session:
        StoryRepo(session, USER_A).add(TESTS)
        # A label stored by an earlier version of the lexicon: the session keeps it.
        session.execute(text("UPDATE stories SET shape = 'conflict' WHERE id = 'tests'"))
    ctx = load_candidate_context(two_users, USER_A)
    assert ctx.shape_of(ctx.stories[0]) is Shape.CONFLICT


def test_stories_saved_before_labels_are_labelled_when_the_library_loads(
    two_users: Database,
) -> None:
    with two_users.session(USER_A) as session:
        StoryRepo(session, USER_A).add(LATE)
        session.execute(text("UPDATE stories SET shape = ''"))  # as migration 0009 leaves it
    assert _shape(two_users, USER_A, "late") == ""
    ctx = load_candidate_context(two_users, USER_A)
    assert ctx.shape_of(ctx.stories[0]) is Shape.FAILURE
    assert _shape(two_users, USER_A, "late") == Shape.FAILURE.value


def test_export_carries_the_label_and_an_export_without_it_is_relabelled(
    two_users: Database,
) -> None:
    with two_users.session(USER_A) as session:
        StoryRepo(session, USER_A).add(LATE)
        data = json.loads(json.dumps(export_user_data(session, USER_A)))
    assert data["tables"]["stories"][0]["shape"] == Shape.FAILURE.value
    older = json.loads(json.dumps(data))
    del older["tables"]["stories"][0]["shape"]  # an export written before 0009
    for export in (data, older):
        with two_users.session(USER_A) as session:
            delete_user_data(session, USER_A)
        with two_users.session(USER_A) as session:
            import_user_data(session, USER_A, export)
        load_candidate_context(two_users, USER_A)
        assert _shape(two_users, USER_A, "late") == Shape.FAILURE.value


def test_labels_stored_before_the_setback_rule_are_read_again(empty_db: Database) -> None:
    """Migration 0010: a label stored under the old rule (a problem that befell others,
    read as a setback by its words of failure) is cleared and read again at the next load."""
    from tests.copilot.test_shapes import BACKUPS

    empty_db.upgrade("0009")
    empty_db.ensure_user(USER_A)
    with empty_db.session(USER_A) as session:
        StoryRepo(session, USER_A).add(BACKUPS)
        session.execute(text("UPDATE stories SET shape = 'failure/learning'"))  # the old rule's
    empty_db.upgrade()
    assert _shape(empty_db, USER_A, BACKUPS.id) == ""
    ctx = load_candidate_context(empty_db, USER_A)
    assert ctx.shape_of(ctx.stories[0]) is Shape.TECHNICAL
    assert _shape(empty_db, USER_A, BACKUPS.id) == Shape.TECHNICAL.value


def test_labels_that_counted_the_texts_words_twice_are_read_again(empty_db: Database) -> None:
    """Migration 0011: a saved story's tags hold what its text shows; the shape counted them
    again on top of the words (a deadline story with one word of disagreement read as a
    disagreement). Such labels are cleared and read again at the next load."""
    from intervoo.stories.library import prepare
    from tests.copilot.test_shapes import DEADLINE_WITH_FINANCE

    empty_db.upgrade("0010")
    empty_db.ensure_user(USER_A)
    with empty_db.session(USER_A) as session:
        StoryRepo(session, USER_A).add(prepare(DEADLINE_WITH_FINANCE))
        session.execute(text("UPDATE stories SET shape = 'conflict'"))  # the old reading's
    empty_db.upgrade()
    assert _shape(empty_db, USER_A, DEADLINE_WITH_FINANCE.id) == ""
    ctx = load_candidate_context(empty_db, USER_A)
    assert ctx.shape_of(ctx.stories[0]) is not Shape.CONFLICT
    assert _shape(empty_db, USER_A, DEADLINE_WITH_FINANCE.id) not in {"", Shape.CONFLICT.value}
