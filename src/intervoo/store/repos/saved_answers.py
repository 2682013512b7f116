"""Answers the user explicitly saved from a live session (nothing else from live is kept)."""

from __future__ import annotations

import builtins

from sqlalchemy import delete, select

from intervoo.store.models import SavedAnswerRow
from intervoo.store.records import SavedAnswer
from intervoo.store.repos.base import Repo, reads_row


@reads_row("saved_answers")
def _to_saved(row: SavedAnswerRow) -> SavedAnswer:
    return SavedAnswer(
        id=row.id,
        question=row.question,
        answer=row.answer,
        kind=row.kind,
        company_slug=row.company_slug,
        role=row.role,
        sources=row.sources,
        created_at=row.created_at,
    )


class SavedAnswerRepo(Repo):
    def add(self, answer: SavedAnswer) -> SavedAnswer:
        row = SavedAnswerRow(user_id=self.user_id, **answer.model_dump(mode="json"))
        row.created_at = answer.created_at
        self.session.add(row)
        self.session.flush()
        return _to_saved(row)

    def list(self) -> builtins.list[SavedAnswer]:
        query = (
            select(SavedAnswerRow)
            .where(SavedAnswerRow.user_id == self.user_id)
            .order_by(SavedAnswerRow.created_at.desc(), SavedAnswerRow.id)
        )
        return [_to_saved(row) for row in self.session.scalars(query)]

    def delete(self, answer_id: str) -> bool:
        query = delete(SavedAnswerRow).where(
            SavedAnswerRow.user_id == self.user_id, SavedAnswerRow.id == answer_id
        )
        return self._delete_where(query)
