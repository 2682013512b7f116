"""Writing a story's interview questions with the configured LLM, from web routes.

Stories added, imported or edited through the API, and drafts extracted from practice
answers, get their questions written after the response (`stories.question_writer`);
in server mode every request is charged to the user's daily LLM allowance first.
"""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import Request

from intervoo.config import LLMProvider
from intervoo.llm.messages import Charge, Message
from intervoo.stories.question_writer import fill_in_background
from intervoo.web.deps import get_db


def llm_charge(request: Request, user_id: str) -> Charge | None:
    """Server mode meters LLM spend per user, as the live route does; local mode does not."""
    guard = getattr(request.app.state, "security", None)
    if guard is None or not guard.server_mode:
        return None
    meter = guard.limits.llm_meter

    async def charge(messages: Sequence[Message]) -> None:
        await meter.charge(user_id, sum(len(m["content"]) for m in messages))

    return charge


async def write_questions_later(
    request: Request, user_id: str, story_ids: Sequence[str] | None
) -> None:
    """Write questions for these stories (None: every story still short of them), when an
    LLM is configured; failures are logged by id and change nothing."""
    settings = request.app.state.settings
    if settings.llm_provider is LLMProvider.NONE:
        return
    await fill_in_background(
        settings, get_db(request), user_id, story_ids, charge=llm_charge(request, user_id)
    )
