"""Interview targets: company + role + job description; one is active at a time."""

from __future__ import annotations

import builtins

from sqlalchemy import delete, select, update

from intervoo.companies.model import JobRequirements, Target
from intervoo.store.models import TargetRow, new_id
from intervoo.store.repos.base import Repo, reads_row
from intervoo.store.types import utcnow


@reads_row("targets")
def _to_target(row: TargetRow) -> Target:
    return Target(
        id=row.id,
        company_slug=row.company_slug,
        role=row.role,
        job_description=row.job_description,
        notes=row.notes,
        requirements=JobRequirements.model_validate(row.requirements),
    )


class TargetRepo(Repo):
    def list(self) -> builtins.list[Target]:
        query = (
            select(TargetRow)
            .where(TargetRow.user_id == self.user_id)
            .order_by(TargetRow.created_at, TargetRow.id)
        )
        return [_to_target(row) for row in self.session.scalars(query)]

    def get(self, target_id: str) -> Target | None:
        row = self._row(target_id)
        return None if row is None else _to_target(row)

    def get_active(self) -> Target | None:
        query = select(TargetRow).where(TargetRow.user_id == self.user_id, TargetRow.active)
        row = self.session.scalars(query).first()
        return None if row is None else _to_target(row)

    def _row(self, target_id: str) -> TargetRow | None:
        query = select(TargetRow).where(
            TargetRow.user_id == self.user_id, TargetRow.id == target_id
        )
        return self.session.scalars(query).one_or_none()

    def set_active(self, target: Target) -> Target:
        """Save `target` (new when its id is empty or unknown) and make it the active one."""
        self.session.execute(
            update(TargetRow)
            .where(TargetRow.user_id == self.user_id, TargetRow.active)
            .values(active=False)
        )
        row = self._row(target.id) if target.id else None
        if row is None:
            row = TargetRow(id=target.id or new_id(), user_id=self.user_id, created_at=utcnow())
            self.session.add(row)
        row.company_slug = target.company_slug
        row.role = target.role
        row.job_description = target.job_description
        row.notes = target.notes
        row.requirements = target.requirements.model_dump(mode="json")
        row.active = True
        row.updated_at = utcnow()
        self.session.flush()
        return _to_target(row)

    def delete(self, target_id: str) -> bool:
        query = delete(TargetRow).where(
            TargetRow.user_id == self.user_id, TargetRow.id == target_id
        )
        return self._delete_where(query)
