"""Practice sessions and their attempts."""

from __future__ import annotations

import builtins

from sqlalchemy import func, select

from intervoo.store.errors import NotFoundError
from intervoo.store.models import PracticeAttemptRow, PracticeSessionRow
from intervoo.store.records import PracticeAttempt, PracticeSession
from intervoo.store.repos.base import Repo, reads_row
from intervoo.store.types import utcnow


@reads_row("practice_sessions")
def _to_session(row: PracticeSessionRow) -> PracticeSession:
    return PracticeSession(
        id=row.id,
        target_id=row.target_id,
        company_slug=row.company_slug,
        role=row.role,
        started_at=row.started_at,
        ended_at=row.ended_at,
    )


@reads_row("practice_attempts")
def _to_attempt(row: PracticeAttemptRow) -> PracticeAttempt:
    return PracticeAttempt(
        id=row.id,
        session_id=row.session_id,
        position=row.position,
        question=row.question,
        kind=row.kind,
        competency=row.competency,
        answer_text=row.answer_text,
        feedback=row.feedback,
        scores=row.scores,
        story_id=row.story_id,
        created_at=row.created_at,
    )


class PracticeRepo(Repo):
    def start_session(self, session: PracticeSession) -> PracticeSession:
        row = PracticeSessionRow(user_id=self.user_id, **session.model_dump())
        self.session.add(row)
        self.session.flush()
        return _to_session(row)

    def _session_row(self, session_id: str) -> PracticeSessionRow:
        query = select(PracticeSessionRow).where(
            PracticeSessionRow.user_id == self.user_id, PracticeSessionRow.id == session_id
        )
        row = self.session.scalars(query).one_or_none()
        if row is None:
            raise NotFoundError(f"practice session {session_id} does not exist")
        return row

    def get_session(self, session_id: str) -> PracticeSession | None:
        try:
            return _to_session(self._session_row(session_id))
        except NotFoundError:
            return None

    def end_session(self, session_id: str) -> PracticeSession:
        row = self._session_row(session_id)
        row.ended_at = row.ended_at or utcnow()
        self.session.flush()
        return _to_session(row)

    def list_sessions(self) -> builtins.list[PracticeSession]:
        query = (
            select(PracticeSessionRow)
            .where(PracticeSessionRow.user_id == self.user_id)
            .order_by(PracticeSessionRow.started_at.desc(), PracticeSessionRow.id)
        )
        return [_to_session(row) for row in self.session.scalars(query)]

    def delete_session(self, session_id: str) -> bool:
        """Delete a session and (by cascade) its attempts."""
        try:
            row = self._session_row(session_id)
        except NotFoundError:
            return False
        self.session.delete(row)
        self.session.flush()
        return True

    def add_attempt(self, attempt: PracticeAttempt) -> PracticeAttempt:
        """Record an answer; a `position` of 0 means "next in this session"."""
        self._session_row(attempt.session_id)
        values = attempt.model_dump(mode="json", exclude={"created_at"})
        if attempt.position <= 0:
            values["position"] = self._next_position(attempt.session_id)
        row = PracticeAttemptRow(user_id=self.user_id, created_at=attempt.created_at, **values)
        self.session.add(row)
        self.session.flush()
        return _to_attempt(row)

    def _next_position(self, session_id: str) -> int:
        query = select(func.coalesce(func.max(PracticeAttemptRow.position), 0)).where(
            PracticeAttemptRow.user_id == self.user_id, PracticeAttemptRow.session_id == session_id
        )
        return int(self.session.scalar(query) or 0) + 1

    def _attempt_row(self, attempt_id: str) -> PracticeAttemptRow | None:
        query = select(PracticeAttemptRow).where(
            PracticeAttemptRow.user_id == self.user_id, PracticeAttemptRow.id == attempt_id
        )
        return self.session.scalars(query).one_or_none()

    def get_attempt(self, attempt_id: str) -> PracticeAttempt | None:
        """One of the user's attempts by id (None when it is not theirs or not there)."""
        row = self._attempt_row(attempt_id)
        return None if row is None else _to_attempt(row)

    def update_attempt(self, attempt: PracticeAttempt) -> PracticeAttempt:
        """Save feedback, scores or the extracted story's id on an existing attempt."""
        row = self._attempt_row(attempt.id)
        if row is None:
            raise NotFoundError(f"practice attempt {attempt.id} does not exist")
        row.answer_text = attempt.answer_text
        row.feedback = attempt.feedback
        row.scores = attempt.scores
        row.story_id = attempt.story_id
        row.competency = attempt.competency
        self.session.flush()
        return _to_attempt(row)

    def attempts(self, session_id: str | None = None) -> builtins.list[PracticeAttempt]:
        """Attempts of one session in order, or all of the user's attempts."""
        query = select(PracticeAttemptRow).where(PracticeAttemptRow.user_id == self.user_id)
        if session_id is not None:
            query = query.where(PracticeAttemptRow.session_id == session_id)
        query = query.order_by(
            PracticeAttemptRow.created_at,
            PracticeAttemptRow.session_id,
            PracticeAttemptRow.position,
        )
        return [_to_attempt(row) for row in self.session.scalars(query)]
