"""The repositories round-trip the domain models, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from intervoo.companies.model import CompanyProfile, Target
from intervoo.companies.repo import CompanyRepo
from intervoo.companies.target_repo import TargetRepo
from intervoo.resume.repo import ResumeRepo
from intervoo.resume.schema import ParsedResume, Resume
from intervoo.store import (
    Database,
    NotFoundError,
    PracticeAttempt,
    PracticeRepo,
    PracticeSession,
    SavedAnswerRepo,
)
from intervoo.stories.model import StoryStatus
from intervoo.stories.repo import StoryRepo
from intervoo.stories.shapes import text_shape
from tests.store.conftest import USER_A, USER_B
from tests.store.samples import fill_user, sample_story


def test_story_round_trip_keeps_every_field(two_users: Database) -> None:
    story = sample_story("A")
    with two_users.session(USER_A) as session:
        StoryRepo(session, USER_A).add(story)
    with two_users.session(USER_A) as session:
        loaded = StoryRepo(session, USER_A).get(story.id)
    # The store adds the shape label it computed on save (migration 0009).
    assert loaded == story.model_copy(update={"shape": text_shape(story).value})


def test_story_list_update_delete_and_mark_used(two_users: Database) -> None:
    with two_users.session(USER_A) as session:
        repo = StoryRepo(session, USER_A)
        approved, draft = repo.add(sample_story("x")), repo.add(sample_story("y", approved=False))
        assert [s.id for s in repo.list(status=StoryStatus.DRAFT)] == [draft.id]
        repo.update(approved.model_copy(update={"title": "renamed"}))
        repo.mark_used([approved.id, approved.id, draft.id])
        repo.mark_used([approved.id])
    with two_users.session(USER_A) as session:
        repo = StoryRepo(session, USER_A)
        assert repo.get(approved.id) is not None
        assert repo.get(approved.id).title == "renamed"  # type: ignore[union-attr]
        assert {s.id: s.times_used for s in repo.list()} == {approved.id: 2, draft.id: 1}
        assert repo.delete(draft.id) is True
        assert repo.delete(draft.id) is False
        with pytest.raises(NotFoundError):
            repo.update(draft)


def test_resume_save_replaces_and_update_keeps_source(two_users: Database) -> None:
    with two_users.session(USER_A) as session:
        repo = ResumeRepo(session, USER_A)
        assert repo.get() is None
        with pytest.raises(NotFoundError):
            repo.update(Resume())
        fill_user(session, USER_A, "A")
        first = repo.get()
        assert first is not None and first.source_format == "pdf" and first.doubts
        edited = first.resume.model_copy(update={"skills": []})
        edited.basics.name = "Edited Name"
        updated = repo.update(edited)
        assert updated.resume.basics.name == "Edited Name"
        assert updated.source_text == first.source_text
        replaced = repo.save(ParsedResume(resume=Resume(), source_format="docx"))
        assert replaced.source_format == "docx" and replaced.doubts == []


def test_companies_and_targets(two_users: Database) -> None:
    with two_users.session(USER_A) as session:
        companies, targets = CompanyRepo(session, USER_A), TargetRepo(session, USER_A)
        companies.add(CompanyProfile(slug="acme", name="Acme", themes=["scale"]))
        companies.add(CompanyProfile(slug="acme", name="Acme Inc"))
        assert [c.name for c in companies.list_user()] == ["Acme Inc"]
        with pytest.raises(ValueError, match="bundled"):
            companies.add(CompanyProfile(slug="big", name="Big", bundled=True))
        first = targets.set_active(Target(company_slug="acme", role="SWE"))
        second = targets.set_active(Target(company_slug="acme", role="Manager"))
        assert targets.get_active() == second
        again = targets.set_active(first.model_copy(update={"notes": "panel of 4"}))
        assert again.id == first.id and targets.get_active() == again
        assert len(targets.list()) == 2


def test_practice_sessions_and_attempts(two_users: Database) -> None:
    with two_users.session(USER_A) as session:
        repo = PracticeRepo(session, USER_A)
        mock = repo.start_session(PracticeSession(role="SWE"))
        one = repo.add_attempt(PracticeAttempt(session_id=mock.id, question="Q1?"))
        two = repo.add_attempt(PracticeAttempt(session_id=mock.id, question="Q2?"))
        assert (one.position, two.position) == (1, 2)
        repo.update_attempt(two.model_copy(update={"scores": {"star": 4}, "story_id": "s1"}))
        with pytest.raises(NotFoundError):
            repo.add_attempt(PracticeAttempt(session_id="nope", question="Q?"))
        assert repo.end_session(mock.id).ended_at is not None
    with two_users.session(USER_A) as session:
        repo = PracticeRepo(session, USER_A)
        attempts = repo.attempts(mock.id)
        assert [a.question for a in attempts] == ["Q1?", "Q2?"]
        assert attempts[1].scores == {"star": 4} and attempts[1].story_id == "s1"
        assert repo.delete_session(mock.id) is True
        assert repo.attempts() == []


def test_repositories_only_see_their_users_rows(two_users: Database) -> None:
    for user, tag in ((USER_A, "A"), (USER_B, "B")):
        with two_users.session(user) as session:
            fill_user(session, user, tag)
    with two_users.session(USER_A) as session:
        titles = [s.title for s in StoryRepo(session, USER_A).list()]
        saved = SavedAnswerRepo(session, USER_A).list()
    assert titles and all(t.startswith("A") for t in titles)
    assert [s.answer for s in saved] == ["A saved"]
    with two_users.session(USER_B) as session:
        b_story = StoryRepo(session, USER_B).list()[0]
    with two_users.session(USER_A) as session:
        repo = StoryRepo(session, USER_A)
        assert repo.get(b_story.id) is None
        assert repo.delete(b_story.id) is False


def test_bad_user_ids_are_refused(sqlite_db: Database) -> None:
    with pytest.raises(ValueError, match="user id"):
        with sqlite_db.session(""):
            pass
    with sqlite_db.session(None) as session, pytest.raises(ValueError, match="user id"):
        StoryRepo(session, "x" * 65)
