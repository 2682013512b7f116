"""Stable work ids: re-importing an updated resume keeps the ids of the roles it still has."""

from __future__ import annotations

from intervoo.resume import assign_work_ids
from intervoo.resume.ids import content_id
from intervoo.resume.schema import Resume, WorkEntry
from tests.support.resumes import SAMPLE


def _stored() -> Resume:
    return assign_work_ids(SAMPLE)


def _ids(resume: Resume) -> list[str]:
    return [w.id for w in resume.work]


def test_fresh_ids_are_unique_and_derived_from_the_role() -> None:
    stored = _stored()
    assert len(set(_ids(stored))) == len(stored.work)
    assert stored.work[0].id == content_id(SAMPLE.work[0])


def test_input_is_not_modified() -> None:
    assign_work_ids(SAMPLE)
    assert all(w.id == "" for w in SAMPLE.work)


def test_updated_resume_keeps_ids_of_the_same_roles() -> None:
    stored = _stored()
    new_role = WorkEntry(name="Anthropic", position="Staff Engineer", startDate="2024-01")
    updated = SAMPLE.model_copy(deep=True)
    updated.work.insert(0, new_role)
    updated.work[1].endDate = "2023-12"  # the old current job ended
    updated.work[1].current = False
    updated.work[2].position = "Software Engineer II"  # small retitle
    updated.work[3].startDate = "2016-02"  # corrected start month
    updated.work[3].name = "Yelp Inc."
    result = assign_work_ids(updated, stored)
    assert _ids(result)[1:] == _ids(stored)
    assert result.work[0].id not in _ids(stored)


def test_a_reordered_resume_keeps_each_roles_id() -> None:
    stored = _stored()
    reordered = SAMPLE.model_copy(update={"work": list(reversed(SAMPLE.work))})
    assert _ids(assign_work_ids(reordered, stored)) == list(reversed(_ids(stored)))


def test_different_role_at_the_same_employer_gets_a_new_id() -> None:
    stored = assign_work_ids(
        Resume(work=[WorkEntry(name="Acme", position="Data Analyst", startDate="2015-01")])
    )
    promoted = Resume(
        work=[
            WorkEntry(name="Acme", position="Engineering Manager", startDate="2019-05"),
            WorkEntry(name="Acme", position="Data Analyst", startDate="2015-01"),
        ]
    )
    result = assign_work_ids(promoted, stored)
    assert result.work[1].id == stored.work[0].id
    assert result.work[0].id != stored.work[0].id


def test_each_old_id_is_given_once_even_to_duplicates() -> None:
    stored = _stored()
    twice = SAMPLE.model_copy(update={"work": [SAMPLE.work[0], SAMPLE.work[0]]})
    result = assign_work_ids(twice, stored)
    assert result.work[0].id == stored.work[0].id
    assert result.work[1].id not in _ids(stored)
    assert len(set(_ids(result))) == 2


def test_user_edit_that_keeps_an_id_keeps_it_even_when_everything_else_changed() -> None:
    stored = _stored()
    edited = stored.model_copy(deep=True)
    edited.work[2].name = "Totally Different Co"
    edited.work[2].position = "Chef"
    assert _ids(assign_work_ids(edited, stored)) == _ids(stored)
