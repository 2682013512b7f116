"""The user's one current resume."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field
from sqlalchemy import select

from intervoo.resume.schema import Doubt, ParsedResume, Resume
from intervoo.store.errors import NotFoundError
from intervoo.store.models import ResumeRow
from intervoo.store.repos.base import Repo, reads_row
from intervoo.store.types import utcnow


class StoredResume(BaseModel):
    """The user's current resume as saved: the structure, the parser's doubts, the source."""

    resume: Resume
    doubts: list[Doubt] = Field(default_factory=list)
    source_format: str
    source_text: str = ""
    updated_at: datetime


@reads_row("resumes")
def _to_record(row: ResumeRow) -> StoredResume:
    return StoredResume(
        resume=Resume.model_validate(row.data),
        doubts=[Doubt.model_validate(d) for d in row.doubts],
        source_format=row.source_format,
        source_text=row.source_text,
        updated_at=row.updated_at,
    )


class ResumeRepo(Repo):
    def _row(self) -> ResumeRow | None:
        query = select(ResumeRow).where(ResumeRow.user_id == self.user_id)
        return self.session.scalars(query).one_or_none()

    def get(self) -> StoredResume | None:
        row = self._row()
        return None if row is None else _to_record(row)

    def save(self, parsed: ParsedResume) -> StoredResume:
        """Replace the current resume with a newly parsed one."""
        row = self._row()
        if row is None:
            row = ResumeRow(user_id=self.user_id, created_at=utcnow())
            self.session.add(row)
        row.data = parsed.resume.model_dump(mode="json")
        row.doubts = [d.model_dump(mode="json") for d in parsed.doubts]
        row.source_format = parsed.source_format
        row.source_text = parsed.source_text
        row.updated_at = utcnow()
        self.session.flush()
        return _to_record(row)

    def update(self, resume: Resume) -> StoredResume:
        """Save the user's edits to the structure; source and doubts stay."""
        row = self._row()
        if row is None:
            raise NotFoundError("there is no resume to update: upload one first")
        row.data = resume.model_dump(mode="json")
        row.updated_at = utcnow()
        self.session.flush()
        return _to_record(row)

    def delete(self) -> bool:
        row = self._row()
        if row is None:
            return False
        self.session.delete(row)
        self.session.flush()
        return True
