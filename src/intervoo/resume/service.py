"""Saving a resume: keep work ids across re-imports, seed draft stories from new roles.

Runs inside one tenant transaction (`Database.session`), so a failure leaves
nothing half-saved: the caller's transaction rolls back the resume and the stories.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from intervoo.resume.ids import assign_work_ids
from intervoo.resume.jsonresume import validate_resume
from intervoo.resume.repo import ResumeRepo, StoredResume
from intervoo.resume.schema import ParsedResume, Resume
from intervoo.stories.model import Story, StorySource
from intervoo.stories.repo import StoryRepo
from intervoo.stories.seed import stories_from_resume

log = logging.getLogger(__name__)
SeedStories = Callable[[Resume], list[Story]]


@dataclass(frozen=True)
class ImportResult:
    stored: StoredResume
    kept_ids: int  # roles that kept the id of the previously stored resume
    new_roles: int
    seeded_stories: int


def import_resume(
    session: Session,
    user_id: str,
    parsed: ParsedResume,
    *,
    seed: SeedStories | None = None,
) -> ImportResult:
    """Replace the user's resume with `parsed`; roles already stored keep their ids.

    `seed` turns the resume into draft stories (default: the stories package's
    `stories_from_resume`); only stories for roles that have none from the resume yet
    are added, so re-importing never duplicates them.
    """
    repo = ResumeRepo(session, user_id)
    previous = repo.get()
    old_ids = {entry.id for entry in previous.resume.work} if previous else set()
    resume = assign_work_ids(parsed.resume, previous.resume if previous else None)
    stored = repo.save(parsed.model_copy(update={"resume": resume}))
    kept = sum(1 for entry in resume.work if entry.id in old_ids)
    seeded = _seed_stories(StoryRepo(session, user_id), resume, seed or stories_from_resume)
    log.info(
        "resume import user=%s roles=%d kept_ids=%d stories_seeded=%d",
        user_id, len(resume.work), kept, seeded,
    )  # fmt: skip
    return ImportResult(stored, kept, len(resume.work) - kept, seeded)


def update_resume(session: Session, user_id: str, data: object) -> StoredResume:
    """Save the user's corrections (a JSON Resume object); edited roles keep their ids.

    Raises ResumeParseError (422, naming the field) for an invalid structure and
    intervoo.store.NotFoundError when there is no resume to correct yet.
    """
    resume = validate_resume(data)
    repo = ResumeRepo(session, user_id)
    previous = repo.get()
    resume = assign_work_ids(resume, previous.resume if previous else None)
    return repo.update(resume)


def _seed_stories(repo: StoryRepo, resume: Resume, seeder: SeedStories) -> int:
    seeded_refs = {s.work_ref for s in repo.list() if s.source is StorySource.RESUME}
    added = 0
    for story in seeder(resume):
        if story.work_ref is not None and story.work_ref in seeded_refs:
            continue
        repo.add(story)
        added += 1
    return added
