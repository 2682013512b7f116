"""Debriefs the user explicitly saved (a debrief is otherwise never stored)."""

from __future__ import annotations

import builtins

from sqlalchemy import delete, select

from intervoo.store.models import DebriefRow
from intervoo.store.records import SavedDebrief
from intervoo.store.repos.base import Repo, reads_row


@reads_row("debriefs")
def _to_debrief(row: DebriefRow) -> SavedDebrief:
    if not isinstance(row.body, dict):
        raise TypeError("body must be a JSON object")
    return SavedDebrief(
        id=row.id,
        session_id=row.session_id,
        company=row.company,
        role=row.role,
        body=row.body,
        created_at=row.created_at,
    )


class DebriefRepo(Repo):
    def add(self, debrief: SavedDebrief) -> SavedDebrief:
        row = DebriefRow(user_id=self.user_id, **debrief.model_dump(mode="json"))
        row.created_at = debrief.created_at
        self.session.add(row)
        self.session.flush()
        return _to_debrief(row)

    def list(self) -> builtins.list[SavedDebrief]:
        query = (
            select(DebriefRow)
            .where(DebriefRow.user_id == self.user_id)
            .order_by(DebriefRow.created_at.desc(), DebriefRow.id)
        )
        return [_to_debrief(row) for row in self.session.scalars(query)]

    def delete(self, debrief_id: str) -> bool:
        query = delete(DebriefRow).where(
            DebriefRow.user_id == self.user_id, DebriefRow.id == debrief_id
        )
        return self._delete_where(query)
