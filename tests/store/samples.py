"""A full set of one user's data, written through the repositories."""

from __future__ import annotations

from sqlalchemy.orm import Session

from intervoo.companies.model import CompanyProfile, CompanyValue, JobRequirements, Target
from intervoo.companies.repo import CompanyRepo
from intervoo.companies.target_repo import TargetRepo
from intervoo.events import QuestionKind
from intervoo.resume.repo import ResumeRepo
from intervoo.resume.schema import Basics, Doubt, ParsedResume, Resume, WorkEntry
from intervoo.store import (
    PracticeAttempt,
    PracticeRepo,
    PracticeSession,
    SavedAnswer,
    SavedAnswerRepo,
)
from intervoo.store.records import SavedDebrief
from intervoo.store.repos import DebriefRepo
from intervoo.stories.model import Competency, Metric, Story, StorySource, StoryStatus
from intervoo.stories.repo import StoryRepo


def sample_story(tag: str, *, approved: bool = True) -> Story:
    return Story(
        title=f"{tag}: cut checkout latency",
        situation="Checkout p99 was 2 s.",
        task="Bring it under 500 ms before the sale.",
        action="Profiled, cached the tax lookup, batched the inventory calls.",
        result="p99 fell 75% to 480 ms; conversion rose 3%.",
        competencies=[Competency.OWNERSHIP, Competency.TECHNICAL],
        metrics=[
            Metric(value=75, unit="%", text="75%"),
            Metric(value=480, unit="ms", text="480 ms"),
        ],
        questions=["How do you make a slow system fast?", f"{tag}: a time you beat a deadline?"],
        work_ref="w1",
        source=StorySource.PRACTICE,
        status=StoryStatus.APPROVED if approved else StoryStatus.DRAFT,
    )


def fill_user(session: Session, user_id: str, tag: str) -> None:
    """Give `user_id` a row in every user-owned table, with `tag` in the text."""
    work = WorkEntry(id="w1", name=f"{tag} Corp", position="Engineer", startDate="2020-01")
    parsed = ParsedResume(
        resume=Resume(basics=Basics(name=f"{tag} Person"), work=[work]),
        doubts=[Doubt(path="work[0].endDate", message="no end date")],
        source_format="pdf",
        source_text=f"{tag} Person\nEngineer at {tag} Corp",
    )
    ResumeRepo(session, user_id).save(parsed)
    stories = StoryRepo(session, user_id)
    stories.add(sample_story(tag))
    stories.add(sample_story(f"{tag}-draft", approved=False))
    CompanyRepo(session, user_id).add(
        CompanyProfile(
            slug=f"{tag.lower()}-co",
            name=f"{tag} Co",
            values=[CompanyValue(name="Care", meaning="We care.")],
        )
    )
    TargetRepo(session, user_id).set_active(
        Target(
            company_slug=f"{tag.lower()}-co",
            role="Staff Engineer",
            job_description="Own the platform.",
            requirements=JobRequirements(skills=["python"], seniority="staff"),
        )
    )
    practice = PracticeRepo(session, user_id)
    mock = practice.start_session(PracticeSession(company_slug=f"{tag.lower()}-co", role="SWE"))
    for question in ("Tell me about a failure.", "Why us?"):
        practice.add_attempt(
            PracticeAttempt(
                session_id=mock.id,
                question=question,
                kind=QuestionKind.BEHAVIORAL,
                answer_text=f"{tag} answer",
                feedback={"tips": ["add a number"]},
                scores={"structure": 3, "specificity": 4},
            )
        )
    SavedAnswerRepo(session, user_id).add(
        SavedAnswer(question="Why us?", answer=f"{tag} saved", sources=["story:1"])
    )
    DebriefRepo(session, user_id).add(
        SavedDebrief(session_id=f"{tag}-live", company=f"{tag} Co", body={"questions": []})
    )
