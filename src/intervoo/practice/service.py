"""Practice sessions over the store: plan, next question, answer + feedback, story extraction.

A session's plan is stored as its attempts, one per planned question with an empty
answer, so any app process can serve the next question (nothing lives in memory).
Each attempt's `feedback` JSON holds `plan` (the planned question), `auto_extract`
and, once answered, `report` (the feedback); `scores` holds the numbers for progress.
Functions take an open tenant `Session`; `extract_from_attempt` opens its own, because
it runs in the background after the feedback has been returned.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from intervoo.companies.context import load_active_target
from intervoo.companies.model import TargetContext
from intervoo.events import QuestionKind
from intervoo.practice.extract import extract_story
from intervoo.practice.feedback import Feedback, analyze_answer
from intervoo.practice.kept_question import answers_question
from intervoo.practice.plan import DEFAULT_LENGTH, plan_session
from intervoo.practice.plan_model import PlannedQuestion, QuestionSource
from intervoo.questions.classify import classify
from intervoo.resume.repo import ResumeRepo
from intervoo.store.records import PracticeAttempt, PracticeSession
from intervoo.store.repos import PracticeRepo
from intervoo.stories.library import AddResult, add_story
from intervoo.stories.repo import StoryRepo

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from intervoo.store import Database

log = logging.getLogger(__name__)

RECENT_SESSIONS = 5  # "no repeats" looks back this many sessions
MAX_ANSWER_CHARS = 20_000


class PracticeError(Exception):
    """A practice request that cannot be served; `status_code` is what the API answers."""

    def __init__(self, message: str, status_code: int = 422) -> None:
        super().__init__(message)
        self.status_code = status_code


@dataclass(frozen=True, slots=True)
class StartOptions:
    length: int = DEFAULT_LENGTH
    allow_repeats: bool = False
    auto_extract: bool = True
    seed: str | None = None
    # The candidate's own questions (text, kind if known): the session asks exactly these.
    questions: tuple[tuple[str, QuestionKind | None], ...] = ()


@dataclass(frozen=True, slots=True)
class PlanDraft:
    """A plan made but not saved yet (the LLM may rephrase it in between)."""

    target_id: str | None
    target: TargetContext
    questions: list[PlannedQuestion]
    options: StartOptions


@dataclass(frozen=True, slots=True)
class Answered:
    attempt: PracticeAttempt
    feedback: Feedback
    extract: bool  # whether a story extraction should now run for it


def draft_plan(session: Session, user_id: str, options: StartOptions) -> PlanDraft:
    target, context = load_active_target(session, user_id)
    stored = ResumeRepo(session, user_id).get()
    repo = PracticeRepo(session, user_id)
    if options.questions:
        own = [own_question(text, kind) for text, kind in options.questions]
        return PlanDraft(target.id if target else None, context, own, options)
    questions = plan_session(
        context,
        stored.resume if stored else None,
        recent=recent_question_ids(repo),
        length=options.length,
        allow_repeats=options.allow_repeats,
        seed=options.seed or str(len(repo.list_sessions())),
    )
    return PlanDraft(target.id if target else None, context, questions, options)


MAX_QUESTION_CHARS = 300


def own_question(text: str, kind: QuestionKind | None = None) -> PlannedQuestion:
    """A question the candidate typed; without a kind, it is read from its words."""
    question = " ".join(text.split())
    if not question:
        raise PracticeError("a question is empty")
    if len(question) > MAX_QUESTION_CHARS:
        raise PracticeError(f"a question is longer than {MAX_QUESTION_CHARS} characters")
    digest = hashlib.sha1(question.lower().encode()).hexdigest()[:10]
    kind = kind or classify(question).kind or QuestionKind.BEHAVIORAL
    return PlannedQuestion(id=f"own-{digest}", text=question, kind=kind,
                           source=QuestionSource.OWN)  # fmt: skip


def save_plan(session: Session, user_id: str, draft: PlanDraft) -> PracticeSession:
    repo = PracticeRepo(session, user_id)
    company = draft.target.company
    started = repo.start_session(
        PracticeSession(
            target_id=draft.target_id or None,
            company_slug=company.slug if company else None,
            role=draft.target.role or None,
        )
    )
    for position, question in enumerate(draft.questions, start=1):
        repo.add_attempt(
            PracticeAttempt(
                session_id=started.id,
                position=position,
                question=question.text,
                kind=question.kind,
                competency=question.competency.value if question.competency else None,
                feedback={
                    "plan": question.model_dump(mode="json"),
                    "auto_extract": draft.options.auto_extract,
                },
            )
        )
    log.info("practice start user=%s session=%s questions=%d", user_id, started.id,
             len(draft.questions))  # fmt: skip
    return started


def recent_question_ids(repo: PracticeRepo, sessions: int = RECENT_SESSIONS) -> set[str]:
    """Ids of the questions answered in the user's last few sessions."""
    recent = {s.id for s in repo.list_sessions()[:sessions]}
    return {
        planned_question(a).id
        for a in repo.attempts()
        if a.session_id in recent and a.answer_text and "plan" in a.feedback
    }


def planned_question(attempt: PracticeAttempt) -> PlannedQuestion:
    plan = attempt.feedback.get("plan")
    if isinstance(plan, dict):
        return PlannedQuestion.model_validate(plan)
    return PlannedQuestion(id=f"asked-{attempt.id}", text=attempt.question,
                           kind=attempt.kind or QuestionKind.BEHAVIORAL)  # fmt: skip


def session_attempts(session: Session, user_id: str, session_id: str) -> list[PracticeAttempt]:
    repo = PracticeRepo(session, user_id)
    if repo.get_session(session_id) is None:
        raise PracticeError(f"no practice session with id {session_id}", 404)
    return repo.attempts(session_id)


def next_attempt(session: Session, user_id: str, session_id: str) -> PracticeAttempt | None:
    """The first planned question not answered yet (None: the session is done)."""
    attempts = session_attempts(session, user_id, session_id)
    return next((a for a in attempts if not a.answer_text), None)


def submit_answer(
    session: Session,
    user_id: str,
    session_id: str,
    text: str,
    *,
    duration_s: float | None = None,
    attempt_id: str | None = None,
) -> Answered:
    """Score the answer to the next (or the given) question and save both."""
    answer = " ".join(text.split())
    if not answer:
        raise PracticeError("the answer is empty")
    if len(answer) > MAX_ANSWER_CHARS:
        raise PracticeError(f"the answer is longer than {MAX_ANSWER_CHARS} characters")
    attempt = _attempt_to_answer(session, user_id, session_id, attempt_id)
    planned = planned_question(attempt)
    context = load_active_target(session, user_id)[1]
    feedback = analyze_answer(
        attempt.question,
        answer,
        kind=planned.kind,
        competency=planned.competency,
        values=context.values,
        duration_s=duration_s,
    )
    saved = PracticeRepo(session, user_id).update_attempt(
        attempt.model_copy(
            update={
                "answer_text": answer,
                "feedback": {**attempt.feedback, "report": feedback.model_dump(mode="json")},
                "scores": _scores(feedback),
            }
        )
    )
    log.info("practice answer user=%s attempt=%s chars=%d overall=%d", user_id, saved.id,
             len(answer), feedback.overall)  # fmt: skip
    return Answered(saved, feedback, extract=bool(attempt.feedback.get("auto_extract", True)))


def _attempt_to_answer(
    session: Session, user_id: str, session_id: str, attempt_id: str | None
) -> PracticeAttempt:
    attempts = session_attempts(session, user_id, session_id)
    if attempt_id is None:
        pending = next((a for a in attempts if not a.answer_text), None)
        if pending is None:
            raise PracticeError("every question of this session has been answered", 409)
        return pending
    found = next((a for a in attempts if a.id == attempt_id), None)
    if found is None:
        raise PracticeError(f"no question {attempt_id} in session {session_id}", 404)
    return found


def _scores(feedback: Feedback) -> dict[str, Any]:
    return {"overall": feedback.overall, **{s.name: s.score for s in feedback.scores}}


def answers_its_question(attempt: PracticeAttempt) -> bool:
    """False when the feedback found the answer does not answer its question: such an
    answer is never drafted as a story tied to that question."""
    report = attempt.feedback.get("report")
    return not (isinstance(report, dict) and report.get("on_topic") is False)


def extract_from_attempt(db: Database, user_id: str, attempt_id: str) -> AddResult | None:
    """Turn an answered attempt into a draft story (merged into the one it retells)."""
    with db.session(user_id) as session:
        repo = PracticeRepo(session, user_id)
        attempt = repo.get_attempt(attempt_id)
        if attempt is None or not attempt.answer_text:
            return None
        if not answers_its_question(attempt):
            log.info("practice extract user=%s attempt=%s story=none (off topic)", user_id,
                     attempt_id)  # fmt: skip
            return None
        stored = ResumeRepo(session, user_id).get()
        planned = planned_question(attempt)
        story = extract_story(
            attempt.answer_text,
            resume=stored.resume if stored else None,
            competency=planned.competency,
            work_ref=planned.work_ref,
        )
        if story is None:
            log.info("practice extract user=%s attempt=%s story=none", user_id, attempt_id)
            return None
        if answers_question(planned.text, story, planned.kind):  # else it misleads matching
            story = story.model_copy(update={"questions": [planned.text]})
        result = add_story(StoryRepo(session, user_id), story)
        repo.update_attempt(attempt.model_copy(update={"story_id": result.story.id}))
    log.info("practice extract user=%s attempt=%s story=%s merged=%s", user_id, attempt_id,
             result.story.id, bool(result.merged_into))  # fmt: skip
    return result
