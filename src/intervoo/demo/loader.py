"""Load the sample candidate into a user's account: resume, approved stories, target.

Loading twice is harmless (ids are kept, retold stories merged). Loading over someone's
own resume is refused unless they asked to replace their data (`DemoConflictError`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.orm import Session

from intervoo.demo import sample

log = logging.getLogger(__name__)


class DemoConflictError(Exception):
    """The account already holds someone's own resume; the demo would replace it."""


@dataclass(frozen=True)
class DemoLoaded:
    roles: int
    stories: int
    company: str
    role: str


def load_demo(session: Session, user_id: str, *, replace: bool = False) -> DemoLoaded:
    from intervoo.companies.service import set_target
    from intervoo.resume import parse_bytes
    from intervoo.resume.repo import ResumeRepo
    from intervoo.resume.service import import_resume
    from intervoo.stories.library import add_story, story_from_input
    from intervoo.stories.repo import StoryRepo
    from intervoo.userdata.transfer import delete_user_data

    current = ResumeRepo(session, user_id).get()
    if current is not None and current.resume.basics.name != sample.CANDIDATE_NAME:
        if not replace:
            raise DemoConflictError(
                "You already have your own resume. The demo would replace your resume, "
                "stories and practice history: download them first (Settings) to keep a copy."
            )
        delete_user_data(session, user_id)
    parsed = parse_bytes(sample.resume_bytes(), "resume.json", "application/json")
    imported = import_resume(session, user_id, parsed)
    repo = StoryRepo(session, user_id)
    stories = [add_story(repo, story_from_input(item)).story for item in sample.stories()]
    set_target(session, user_id, company=sample.COMPANY, role=sample.ROLE)
    log.info("demo loaded user=%s roles=%d stories=%d", user_id,
             len(imported.stored.resume.work), len(stories))  # fmt: skip
    return DemoLoaded(len(imported.stored.resume.work), len(stories), sample.COMPANY, sample.ROLE)
