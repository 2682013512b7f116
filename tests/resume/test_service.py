"""Importing and correcting the stored resume, on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest

from intervoo.resume import ResumeParseError, parse_bytes
from intervoo.resume.repo import ResumeRepo
from intervoo.resume.schema import Resume, WorkEntry
from intervoo.resume.service import import_resume, update_resume
from intervoo.store import Database, NotFoundError
from intervoo.stories.model import Story, StorySource
from intervoo.stories.repo import StoryRepo
from intervoo.stories.seed import stories_from_resume
from tests.support.resumes import SAMPLE, build, to_markdown


def _one_story_per_role(resume: Resume) -> list[Story]:
    return [
        Story(title=f"{w.position} at {w.name}", work_ref=w.id, source=StorySource.RESUME)
        for w in resume.work
    ]


def test_import_saves_the_structure_doubts_and_source(db: Database, user_id: str) -> None:
    filename, data = build("pdf-two-columns")
    with db.session(user_id) as session:
        result = import_resume(session, user_id, parse_bytes(data, filename))
    with db.session(user_id) as session:
        stored = ResumeRepo(session, user_id).get()
    assert stored is not None
    assert stored.source_format == "pdf"
    assert [w.name for w in stored.resume.work] == [w.name for w in SAMPLE.work]
    assert (result.kept_ids, result.new_roles) == (0, 3)


def test_reimport_keeps_ids_and_seeds_stories_once(db: Database, user_id: str) -> None:
    filename, data = build("docx")
    first = parse_bytes(data, filename)
    with db.session(user_id) as session:
        before = import_resume(session, user_id, first, seed=_one_story_per_role)
    updated = SAMPLE.model_copy(deep=True)
    updated.work.insert(0, WorkEntry(name="Figma", position="Staff Engineer", startDate="2024-02"))
    updated.work[1].position = "Senior Backend Engineer II"
    text = to_markdown(updated).encode()
    with db.session(user_id) as session:
        after = import_resume(session, user_id, parse_bytes(text, "r.md"), seed=_one_story_per_role)
    old_ids = [w.id for w in before.stored.resume.work]
    assert [w.id for w in after.stored.resume.work][1:] == old_ids
    assert (after.kept_ids, after.new_roles, after.seeded_stories) == (3, 1, 1)
    with db.session(user_id) as session:
        stories = StoryRepo(session, user_id).list()
    assert sorted(s.work_ref or "" for s in stories) == sorted(
        w.id for w in after.stored.resume.work
    )


def test_a_failed_seed_leaves_nothing_half_saved(db: Database, user_id: str) -> None:
    def broken_seed(resume: Resume) -> list[Story]:
        raise RuntimeError("seeder failed")

    filename, data = build("text")
    with pytest.raises(RuntimeError), db.session(user_id) as session:
        import_resume(session, user_id, parse_bytes(data, filename), seed=broken_seed)
    with db.session(user_id) as session:
        assert ResumeRepo(session, user_id).get() is None


def test_default_seeder_is_the_stories_package(db: Database, user_id: str) -> None:
    filename, data = build("text")
    with db.session(user_id) as session:
        result = import_resume(session, user_id, parse_bytes(data, filename))
    seeded = stories_from_resume(result.stored.resume)
    assert result.seeded_stories == len(seeded) > 0
    with db.session(user_id) as session:
        stored = StoryRepo(session, user_id).list()
    assert sorted(s.title for s in stored) == sorted(s.title for s in seeded)


def test_corrections_keep_ids_and_name_bad_fields(db: Database, user_id: str) -> None:
    filename, data = build("text")
    with db.session(user_id) as session:
        with pytest.raises(NotFoundError):
            update_resume(session, user_id, SAMPLE.model_dump(mode="json"))
        stored = import_resume(session, user_id, parse_bytes(data, filename)).stored
    edited = stored.resume.model_dump(mode="json")
    edited["work"][0]["position"] = "Principal Engineer"
    edited["work"].append({"name": "Figma", "position": "Advisor", "startDate": "2024-05-01"})
    with db.session(user_id) as session:
        saved = update_resume(session, user_id, edited)
    assert [w.id for w in saved.resume.work][:3] == [w.id for w in stored.resume.work]
    assert saved.resume.work[3].startDate == "2024-05" and saved.resume.work[3].id
    edited["work"][1]["endDate"] = "someday"
    with db.session(user_id) as session, pytest.raises(ResumeParseError) as caught:
        update_resume(session, user_id, edited)
    assert "work[1].endDate" in caught.value.message
