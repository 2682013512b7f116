"""/api/practice: sessions, the next question, answers with feedback, drafts and progress.

Feedback is computed and returned at once (no LLM); story extraction runs as a
background task after the response, so it never slows the feedback. Voice answers
arrive as the speech pipeline's candidate-channel transcripts. Log lines carry ids
and sizes, never answer text.
"""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, BackgroundTasks, HTTPException, Request, Response, status
from pydantic import BaseModel, Field, model_validator
from sqlalchemy.orm import Session

from intervoo.events import Channel
from intervoo.llm import LLMError, create_client
from intervoo.llm.http import llm_http
from intervoo.practice import service
from intervoo.practice.coach import critique_answer
from intervoo.practice.feedback import Feedback
from intervoo.practice.plan import MAX_LENGTH, PlanError
from intervoo.practice.progress import compute_progress, progress_svg
from intervoo.practice.voice import VoiceAnswerError, spoken_answer
from intervoo.security.limits import LLMBudgetExceeded
from intervoo.store import PracticeRepo
from intervoo.store.records import PracticeAttempt
from intervoo.stories.model import StorySource, StoryStatus
from intervoo.stories.repo import StoryRepo
from intervoo.web.deps import Tenant, current_user_id, get_db
from intervoo.web.story_questions import extraction_job, llm_charge, run_after_response

router = APIRouter(prefix="/api/practice", tags=["practice"])


class StartRequest(BaseModel):
    length: int = Field(default=6, ge=1, le=MAX_LENGTH)
    allow_repeats: bool = False
    auto_extract: bool = True  # turn off to keep answers out of the story library
    personalize: bool = True  # rephrase with the LLM when one is configured
    seed: str | None = Field(default=None, max_length=100)
    # Practise these questions instead of a planned session (each at most 300 characters).
    questions: list[str] | None = Field(default=None, min_length=1, max_length=MAX_LENGTH)


class TranscriptIn(BaseModel):
    channel: Channel
    text: str = Field(max_length=service.MAX_ANSWER_CHARS)
    final: bool
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class AnswerRequest(BaseModel):
    """A typed answer (`text`) or a spoken one (`transcripts` from the speech pipeline)."""

    text: str | None = Field(default=None, max_length=service.MAX_ANSWER_CHARS)
    transcripts: list[TranscriptIn] | None = Field(default=None, max_length=2000)
    attempt_id: str | None = None

    @model_validator(mode="after")
    def _one_of(self) -> AnswerRequest:
        if (self.text is None) == (self.transcripts is None):
            raise ValueError("give exactly one of text or transcripts")
        return self


def _http(exc: service.PracticeError | ValueError) -> HTTPException:
    code = exc.status_code if isinstance(exc, service.PracticeError) else 422
    return HTTPException(code, str(exc))


def _question_view(attempt: PracticeAttempt) -> dict[str, Any]:
    planned = service.planned_question(attempt)
    return {
        "attempt_id": attempt.id,
        "position": attempt.position,
        "text": attempt.question,
        "kind": planned.kind.value,
        "competency": planned.competency.value if planned.competency else None,
        "source": planned.source.value,
        "answered": bool(attempt.answer_text),
    }


def _attempt_view(attempt: PracticeAttempt) -> dict[str, Any]:
    return {
        **_question_view(attempt),
        "answer": attempt.answer_text,
        "feedback": attempt.feedback.get("report"),
        "critique": attempt.feedback.get("critique"),
        "story_id": attempt.story_id,
    }


@router.post("/sessions", status_code=status.HTTP_201_CREATED)
async def start(request: Request, body: StartRequest) -> dict[str, Any]:
    """Plan a session for the active target and return its questions."""
    db, user_id = get_db(request), current_user_id(request)
    options = service.StartOptions(body.length, body.allow_repeats, body.auto_extract, body.seed,
                                   tuple((q, None) for q in body.questions or ()))  # fmt: skip

    def draft() -> service.PlanDraft:
        with db.session(user_id) as session:
            return service.draft_plan(session, user_id, options)

    try:
        plan = await asyncio.to_thread(draft)
    except (PlanError, service.PracticeError) as exc:
        raise _http(exc) from None
    if body.personalize:
        plan = await _personalized(request, plan)

    def save() -> tuple[str, list[dict[str, Any]]]:
        with db.session(user_id) as session:
            started = service.save_plan(session, user_id, plan)
            attempts = service.session_attempts(session, user_id, started.id)
            return started.id, [_question_view(a) for a in attempts]

    session_id, questions = await asyncio.to_thread(save)
    return {"session_id": session_id, "questions": questions}


async def _personalized(request: Request, plan: service.PlanDraft) -> service.PlanDraft:
    from intervoo.practice.coach import personalize

    async with llm_http(request.app.state.settings) as http:
        try:
            llm = create_client(request.app.state.settings, http)
        except LLMError:
            return plan
        if llm is None:
            return plan
        charge = llm_charge(request, current_user_id(request))
        questions = await personalize(llm, plan.questions, plan.target, charge=charge)
    return service.PlanDraft(plan.target_id, plan.target, questions, plan.options)


@router.get("/sessions")
def list_sessions(tenant: Tenant) -> list[dict[str, Any]]:
    sessions = PracticeRepo(tenant.session, tenant.user_id).list_sessions()
    return [s.model_dump(mode="json") for s in sessions]


@router.get("/sessions/{session_id}")
def get_session(tenant: Tenant, session_id: str) -> dict[str, Any]:
    try:
        attempts = service.session_attempts(tenant.session, tenant.user_id, session_id)
    except service.PracticeError as exc:
        raise _http(exc) from None
    return {"session_id": session_id, "attempts": [_attempt_view(a) for a in attempts]}


@router.get("/sessions/{session_id}/next")
def next_question(tenant: Tenant, session_id: str) -> dict[str, Any]:
    """The next unanswered question, or `{"done": true}` when all are answered."""
    try:
        attempt = service.next_attempt(tenant.session, tenant.user_id, session_id)
    except service.PracticeError as exc:
        raise _http(exc) from None
    return {"done": True} if attempt is None else {"done": False, **_question_view(attempt)}


@router.post("/sessions/{session_id}/answers")
def answer(
    tenant: Tenant, request: Request, session_id: str, body: AnswerRequest, tasks: BackgroundTasks
) -> dict[str, Any]:
    """Feedback for the answer now; the story is extracted after the response is sent."""
    text, duration_s = body.text, None
    if body.transcripts is not None:
        from intervoo.events import TranscriptEvent

        try:
            spoken = spoken_answer(TranscriptEvent(**t.model_dump()) for t in body.transcripts)
        except VoiceAnswerError as exc:
            raise _http(exc) from None
        text, duration_s = spoken.text, spoken.duration_s
    try:
        answered = service.submit_answer(
            tenant.session, tenant.user_id, session_id, text or "",
            duration_s=duration_s, attempt_id=body.attempt_id,
        )  # fmt: skip
    except service.PracticeError as exc:
        raise _http(exc) from None
    if answered.extract:
        job = extraction_job(tenant.session, tenant.user_id, answered.attempt.id)
        run_after_response(tasks, request, tenant.user_id, job)
    return {
        "attempt_id": answered.attempt.id,
        "feedback": answered.feedback.model_dump(mode="json"),
        "extraction": "scheduled" if answered.extract else "off",
    }


@router.get("/attempts/{attempt_id}")
def get_attempt(tenant: Tenant, attempt_id: str) -> dict[str, Any]:
    return _attempt_view(_find_attempt(tenant.session, tenant.user_id, attempt_id))


def _find_attempt(session: Session, user_id: str, attempt_id: str) -> PracticeAttempt:
    found = PracticeRepo(session, user_id).get_attempt(attempt_id)
    if found is None or not found.answer_text:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no answered question {attempt_id}")
    return found


@router.post("/attempts/{attempt_id}/critique")
async def critique(request: Request, attempt_id: str) -> dict[str, Any]:
    """The LLM's critique and a stronger version in the candidate's words (LLM required)."""
    db, user_id = get_db(request), current_user_id(request)

    def load() -> PracticeAttempt:
        with db.session(user_id) as session:
            return _find_attempt(session, user_id, attempt_id)

    attempt = await asyncio.to_thread(load)
    feedback = Feedback.model_validate(attempt.feedback["report"])
    async with llm_http(request.app.state.settings) as http:
        llm = create_client(request.app.state.settings, http)
        if llm is None:
            raise HTTPException(status.HTTP_409_CONFLICT, "no LLM is configured for critiques")
        try:
            result = await critique_answer(llm, attempt.question, attempt.answer_text, feedback,
                                           charge=llm_charge(request, user_id))  # fmt: skip
        except LLMBudgetExceeded as exc:
            raise HTTPException(status.HTTP_429_TOO_MANY_REQUESTS, exc.message) from None
        except LLMError as exc:
            raise HTTPException(status.HTTP_502_BAD_GATEWAY, exc.message) from None
    saved = {"critique": result.critique, "stronger": result.stronger,
             "answers_question": result.answers_question}  # fmt: skip

    def store() -> None:
        with db.session(user_id) as session:
            update = {"feedback": {**attempt.feedback, "critique": saved}}
            PracticeRepo(session, user_id).update_attempt(attempt.model_copy(update=update))

    await asyncio.to_thread(store)
    return saved


@router.get("/drafts")
def drafts(tenant: Tenant) -> list[dict[str, Any]]:
    """Draft stories extracted from practice answers, for the user to approve, edit or delete
    (edits and deletes go through /api/stories)."""
    stories = StoryRepo(tenant.session, tenant.user_id).list(status=StoryStatus.DRAFT)
    return [s.model_dump(mode="json") for s in stories if s.source is StorySource.PRACTICE]


@router.post("/drafts/{story_id}/approve")
def approve(tenant: Tenant, story_id: str) -> dict[str, Any]:
    repo = StoryRepo(tenant.session, tenant.user_id)
    story = repo.get(story_id)
    if story is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no story with id {story_id}")
    return repo.update(story.model_copy(update={"status": StoryStatus.APPROVED})).model_dump(
        mode="json"
    )


@router.get("/progress")
def progress(tenant: Tenant) -> dict[str, Any]:
    repo = PracticeRepo(tenant.session, tenant.user_id)
    return compute_progress(repo.list_sessions(), repo.attempts()).model_dump(mode="json")


@router.get("/progress.svg")
def progress_chart(tenant: Tenant) -> Response:
    repo = PracticeRepo(tenant.session, tenant.user_id)
    svg = progress_svg(compute_progress(repo.list_sessions(), repo.attempts()))
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "no-store"})
