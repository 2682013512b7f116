"""What each kind of background job does. Every job may run more than once (a retry, a
replay after a crash), so each is idempotent: questions are written only for stories still
short of them, and an answer's story merges into the one it already gave."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from intervoo.config import LLMProvider, Settings
from intervoo.jobs.pending import finish, load_pending, record_failure
from intervoo.llm.errors import LLMError
from intervoo.llm.messages import Charge
from intervoo.store import Database

STORY_QUESTIONS = "story_questions"
PRACTICE_EXTRACT = "practice_extract"
log = logging.getLogger(__name__)


class RetryableJobError(Exception):
    """The work failed for a reason that may pass (an LLM or database away): try again."""


@dataclass(frozen=True)
class JobContext:
    settings: Settings
    db: Database
    charge_for: Callable[[str], Charge | None]  # the user's LLM allowance (server mode)


Work = Callable[[JobContext, str, dict[str, Any]], Awaitable[None]]


async def write_story_questions(ctx: JobContext, user_id: str, payload: dict[str, Any]) -> None:
    await _questions(ctx, user_id, payload.get("story_ids"))


async def _questions(ctx: JobContext, user_id: str, story_ids: Sequence[str] | None) -> None:
    if ctx.settings.llm_provider is LLMProvider.NONE:
        return
    from intervoo.llm import create_client
    from intervoo.llm.http import llm_http
    from intervoo.stories.question_writer import fill_questions

    async with llm_http(ctx.settings) as http:
        llm = create_client(ctx.settings, http)
        if llm is None:
            return
        try:
            charge = ctx.charge_for(user_id)
            async for _story in fill_questions(llm, ctx.db, user_id, story_ids, charge=charge):
                pass
        except LLMError as exc:
            if exc.retryable:
                raise RetryableJobError(f"llm {exc.code}") from exc
            # A refused allowance or a bad key does not pass by retrying: the work is over.
            log.warning("story questions not written user=%s code=%s", user_id, exc.code)


async def extract_practice_story(ctx: JobContext, user_id: str, payload: dict[str, Any]) -> None:
    """The answer's draft story, then (with an LLM) the questions it answers."""
    from intervoo.practice import service

    attempt_id = str(payload["attempt_id"])
    added = await asyncio.to_thread(service.extract_from_attempt, ctx.db, user_id, attempt_id)
    if added is not None:
        await _questions(ctx, user_id, [added.story.id])


WORK: dict[str, Work] = {
    STORY_QUESTIONS: write_story_questions,
    PRACTICE_EXTRACT: extract_practice_story,
}


async def run_job(ctx: JobContext, user_id: str, job_id: str) -> None:
    """Do the pending job once; gone (done before): nothing. Raises RetryableJobError, with
    the failure recorded on the row, when it should be tried again."""
    from sqlalchemy.exc import SQLAlchemyError

    from intervoo.store import StoreError

    job = await asyncio.to_thread(load_pending, ctx.db, user_id, job_id)
    if job is None:
        return
    work = WORK.get(job.kind)
    try:
        if work is not None:
            await work(ctx, user_id, job.payload)
        else:
            log.error("unknown job kind=%s id=%s: dropped", job.kind, job_id)
    except (RetryableJobError, SQLAlchemyError, StoreError, OSError) as exc:
        reason = str(exc) if isinstance(exc, RetryableJobError) else type(exc).__name__
        log.warning("job failed kind=%s id=%s: %s", job.kind, job_id, reason)
        await asyncio.to_thread(record_failure, ctx.db, user_id, job_id, reason)
        raise RetryableJobError(reason) from exc
    await asyncio.to_thread(finish, ctx.db, user_id, job_id)
    log.info("job done kind=%s id=%s", job.kind, job_id)
