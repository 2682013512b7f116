"""PracticeRepo.get_attempt: one attempt by id, only the owner's, on SQLite and PostgreSQL."""

from __future__ import annotations

from intervoo.store import Database, PracticeAttempt, PracticeRepo, PracticeSession
from tests.store.conftest import USER_A, USER_B


def _session_with_two_attempts(db: Database, user: str) -> list[PracticeAttempt]:
    with db.session(user) as session:
        repo = PracticeRepo(session, user)
        mock = repo.start_session(PracticeSession(role="SWE"))
        return [
            repo.add_attempt(PracticeAttempt(session_id=mock.id, question=f"{user[0]} Q{n}?"))
            for n in (1, 2)
        ]


def test_get_attempt_returns_the_saved_attempt(two_users: Database) -> None:
    first, second = _session_with_two_attempts(two_users, USER_A)
    with two_users.session(USER_A) as session:
        repo = PracticeRepo(session, USER_A)
        repo.update_attempt(
            second.model_copy(update={"answer_text": "I led it.", "story_id": "s9"})
        )
    with two_users.session(USER_A) as session:
        found = PracticeRepo(session, USER_A).get_attempt(second.id)
    assert found is not None
    assert (found.id, found.position, found.question) == (second.id, 2, "a Q2?")
    assert (found.answer_text, found.story_id) == ("I led it.", "s9")
    assert found.id != first.id


def test_get_attempt_of_an_unknown_id_is_none(two_users: Database) -> None:
    _session_with_two_attempts(two_users, USER_A)
    with two_users.session(USER_A) as session:
        assert PracticeRepo(session, USER_A).get_attempt("0" * 32) is None


def test_get_attempt_never_returns_another_users_attempt(two_users: Database) -> None:
    b_attempt = _session_with_two_attempts(two_users, USER_B)[0]
    with two_users.session(USER_A) as session:
        assert PracticeRepo(session, USER_A).get_attempt(b_attempt.id) is None
    with two_users.session(USER_B) as session:
        assert PracticeRepo(session, USER_B).get_attempt(b_attempt.id) is not None
