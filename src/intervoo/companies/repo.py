"""Companies the user added. Bundled profiles are in `intervoo.companies.catalog`, not here."""

from __future__ import annotations

from sqlalchemy import delete, select

from intervoo.companies.model import CompanyProfile
from intervoo.store.models import CompanyRow
from intervoo.store.repos.base import Repo, reads_row
from intervoo.store.types import utcnow


@reads_row("companies")
def _to_profile(row: CompanyRow) -> CompanyProfile:
    return CompanyProfile.model_validate({**row.profile, "slug": row.slug, "bundled": False})


class CompanyRepo(Repo):
    def list_user(self) -> list[CompanyProfile]:
        query = (
            select(CompanyRow).where(CompanyRow.user_id == self.user_id).order_by(CompanyRow.slug)
        )
        return [_to_profile(row) for row in self.session.scalars(query)]

    def _row(self, slug: str) -> CompanyRow | None:
        query = select(CompanyRow).where(
            CompanyRow.user_id == self.user_id, CompanyRow.slug == slug
        )
        return self.session.scalars(query).one_or_none()

    def get(self, slug: str) -> CompanyProfile | None:
        row = self._row(slug)
        return None if row is None else _to_profile(row)

    def add(self, profile: CompanyProfile) -> CompanyProfile:
        """Add the profile, or replace the user's profile with the same slug."""
        if profile.bundled:
            raise ValueError("bundled company profiles ship with Intervoo and are not stored")
        row = self._row(profile.slug)
        if row is None:
            row = CompanyRow(user_id=self.user_id, slug=profile.slug, created_at=utcnow())
            self.session.add(row)
        row.name = profile.name
        row.profile = profile.model_dump(mode="json", exclude={"slug", "bundled"})
        row.updated_at = utcnow()
        self.session.flush()
        return _to_profile(row)

    def delete(self, slug: str) -> bool:
        query = delete(CompanyRow).where(
            CompanyRow.user_id == self.user_id, CompanyRow.slug == slug
        )
        return self._delete_where(query)
