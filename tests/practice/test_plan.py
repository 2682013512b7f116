"""The question bank and the session planner."""

from __future__ import annotations

from collections import Counter

import pytest

from intervoo.companies.catalog import find_company
from intervoo.companies.context import build_target_context
from intervoo.companies.model import Target, TargetContext
from intervoo.events import QuestionKind
from intervoo.practice.bank import BankError, bundled_questions, fill, parse_bank
from intervoo.practice.plan import PlanError, plan_session, slots_for
from intervoo.practice.resume_questions import highlight_phrase, resume_questions
from intervoo.resume.schema import Resume, WorkEntry
from tests.practice.helpers import RESUME


def _target(company: str = "amazon", role: str = "Backend Engineer", jd: str = "") -> TargetContext:
    profile = find_company(company)
    assert profile is not None
    return build_target_context(profile, Target(company_slug=profile.slug, role=role,
                                                job_description=jd))  # fmt: skip


def test_bank_has_150_questions_over_every_kind_used() -> None:
    bank = bundled_questions()
    assert len(bank) >= 150
    kinds = Counter(q.kind for q in bank)
    for kind in ("behavioral", "motivation", "technical", "system_design", "closing", "resume"):
        assert kinds[kind] >= 5, kind
    assert all(q.competency for q in bank if q.kind is QuestionKind.BEHAVIORAL)
    assert all(q.text.endswith(("?", ".")) for q in bank)


def test_bad_banks_are_refused() -> None:
    with pytest.raises(BankError, match="unique"):
        parse_bank('{"questions": [{"id": "a", "kind": "closing", "text": "x?"},'
                   ' {"id": "a", "kind": "closing", "text": "y?"}]}')  # fmt: skip
    with pytest.raises(BankError, match="placeholders"):
        parse_bank('{"questions": [{"id": "a", "kind": "closing", "text": "{boss}?"}]}')
    with pytest.raises(BankError):
        parse_bank("[]")


def test_placeholders_read_naturally_with_and_without_a_target() -> None:
    assert (
        fill("Why {company}, and {the_role}?", "Stripe", "SRE") == "Why Stripe, and the SRE role?"
    )
    assert fill("Why {company}, and {the_role}?", None, None) == "Why our company, and this role?"


def test_a_session_mixes_kinds_and_probes_the_company_themes_first() -> None:
    target = _target()
    plan = plan_session(target, RESUME, seed="a")
    assert [q.kind for q in plan] == [QuestionKind.MOTIVATION, QuestionKind.BEHAVIORAL,
        QuestionKind.RESUME, QuestionKind.BEHAVIORAL, QuestionKind.TECHNICAL,
        QuestionKind.CLOSING]  # fmt: skip
    behavioral = [
        q.competency.value for q in plan if q.kind is QuestionKind.BEHAVIORAL and q.competency
    ]
    assert behavioral == target.themes[:2]
    resume_q = plan[2]
    assert resume_q.work_ref == "w-fernwood" and "Fernwood" in resume_q.text
    assert "leading the migration of our monolith to 12 services" in resume_q.text
    assert len({q.id for q in plan}) == len(plan)


def test_no_repeats_across_recent_sessions_unless_asked() -> None:
    target = _target()
    asked: set[str] = set()
    for session in range(5):
        plan = plan_session(target, RESUME, recent=asked, seed=session)
        assert not {q.id for q in plan} & asked
        asked |= {q.id for q in plan}
    again = plan_session(target, RESUME, recent=asked, seed=0, allow_repeats=True)
    assert {q.id for q in again} & asked


def test_job_skills_become_role_questions() -> None:
    target = _target("stripe", jd="You will build services in Python and Kafka.")
    plan = plan_session(target, None, seed=1)
    role = [q for q in plan if q.kind is QuestionKind.TECHNICAL]
    assert role and any(skill in role[0].text for skill in target.skills)


def test_lengths() -> None:
    assert len(slots_for(1)) == 1 and slots_for(2)[-1] == QuestionKind.CLOSING
    assert len(plan_session(_target(), RESUME, length=12)) == 12
    with pytest.raises(PlanError):
        slots_for(0)


def test_resume_questions_use_the_candidates_own_words() -> None:
    questions = resume_questions(RESUME)
    texts = [q.text for q in questions]
    assert texts[0] == (
        "What was the hardest part of leading the migration of our monolith to 12 services "
        "at Fernwood?"
    )
    assert any("as Backend Engineer at Quill" in t for t in texts)  # no highlights: the role
    assert [q.id for q in resume_questions(RESUME)] == [q.id for q in questions]  # stable ids


def test_questions_from_one_job_are_phrased_differently() -> None:
    entry = WorkEntry(id="w", name="Acme", highlights=[
        "Led the move to Postgres", "Built the billing API for partners, cutting setup to a day",
        "Hired four engineers", "Wrote the on-call runbook",
    ])  # fmt: skip
    texts = [q.text for q in resume_questions(Resume(work=[entry]))]
    assert texts == [
        "What was the hardest part of leading the move to Postgres at Acme?",
        "How did you go about building the billing API at Acme, and what was your own part in it?",
        "What did you learn from hiring four engineers at Acme?",
    ]


@pytest.mark.parametrize(
    ("highlight", "phrase"),
    [
        (
            "Built the Django application for Nara Logics' clients",
            "building the Django application",
        ),
        (
            "Designed and provisioned the AWS infrastructure across 40 accounts",
            "designing and provisioning the AWS infrastructure",
        ),
        (
            "Implemented the Android app logic and wrote the API server",
            "implementing the Android app logic",
        ),
        ("Planned the quarterly roadmap", "planning the quarterly roadmap"),
        ("Applied differential privacy to the metrics pipeline", "applying differential privacy"),
        ("Led and shipped Yoda", "leading and shipping Yoda"),
        (
            "Migrated the orchestration system from DC/OS to Kubernetes",
            "migrating the orchestration system",
        ),
        ("Exceeded daily, weekly and monthly quotas", None),  # no object to name
        ("Responsible for the billing team", None),  # no past-tense verb to ask about
    ],
)
def test_a_highlight_becomes_the_noun_phrase_a_question_names(
    highlight: str, phrase: str | None
) -> None:
    assert highlight_phrase(highlight) == phrase


def test_employers_and_roles_read_as_names() -> None:
    entry = WorkEntry(id="w", name="FACEBOOK", position="SOFTWARE ENGINEER")
    assert resume_questions(Resume(work=[entry]))[0].text == (
        "What were you responsible for as Software Engineer at Facebook, "
        "and what are you proudest of there?"
    )
    dated = WorkEntry(id="d", name="February 10", highlights=["Built the CI/CD pipelines"])
    assert resume_questions(Resume(work=[dated]))[0].text == (
        "What was the hardest part of building the CI/CD pipelines at your previous job?"
    )
