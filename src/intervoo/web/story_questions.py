"""Background work asked for by web routes: recorded in the route's transaction, run after it.

Stories added, imported or edited through the API, and drafts extracted from practice
answers, get their questions written by the configured LLM (`stories.question_writer`).
The route records the job (`intervoo.jobs`) in its own transaction, so the work is
pending exactly when the change it is for is saved, and hands it to the job queue once
the response is out; in server mode every LLM request is charged to the user's daily
allowance first.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import BackgroundTasks, FastAPI, Request
from sqlalchemy.orm import Session

from intervoo.config import LLMProvider
from intervoo.jobs import add_pending
from intervoo.jobs.work import PRACTICE_EXTRACT, STORY_QUESTIONS
from intervoo.llm.messages import Charge, Message


def charge_for(app: FastAPI, user_id: str) -> Charge | None:
    """Server mode meters LLM spend per user, as the live route does; local mode does not."""
    guard = getattr(app.state, "security", None)
    if guard is None or not guard.server_mode:
        return None
    meter = guard.limits.llm_meter

    async def charge(messages: Sequence[Message]) -> None:
        await meter.charge(user_id, sum(len(m["content"]) for m in messages))

    return charge


def llm_charge(request: Request, user_id: str) -> Charge | None:
    return charge_for(request.app, user_id)


def questions_job(
    request: Request, session: Session, user_id: str, story_ids: Sequence[str] | None
) -> str | None:
    """Record that these stories (None: every story short of them) need questions written;
    None when no LLM is configured (there is nothing to do)."""
    if request.app.state.settings.llm_provider is LLMProvider.NONE:
        return None
    payload = {"story_ids": None if story_ids is None else list(story_ids)}
    return add_pending(session, user_id, STORY_QUESTIONS, payload)


def extraction_job(session: Session, user_id: str, attempt_id: str) -> str:
    """Record that a practice answer's story is to be extracted."""
    payload: dict[str, Any] = {"attempt_id": attempt_id}
    return add_pending(session, user_id, PRACTICE_EXTRACT, payload)


def run_after_response(
    tasks: BackgroundTasks, request: Request, user_id: str, job_id: str | None
) -> None:
    """Queue the job once the route's transaction has committed (it is pending until done,
    so a process killed before this still loses nothing: the queue recovers it)."""
    if job_id is not None:
        tasks.add_task(request.app.state.jobs.submit, user_id, job_id)
