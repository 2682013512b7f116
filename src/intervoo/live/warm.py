"""Warm the LLM's prompt cache with the session prefix, so the first question is fast too.

A local server (llama.cpp, Ollama) keeps the KV cache of the last prompt it read;
OpenAI caches long prefixes by itself; Anthropic caches up to the breakpoint after
the system prompt. One request of the prefix and a one-word question, asking for a
single token, makes every question's prompt start with cached tokens. It goes out
when the session starts and again when the dossier changes; it is recorded in the
privacy ledger like any request (it sends the dossier) and counted against the
user's allowance. A failure only costs speed: the question path has its own
first-token budget and falls back to the composer.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from intervoo.copilot.context import CandidateContext
from intervoo.copilot.prompts import prefix_messages
from intervoo.events import Event, StatusEvent
from intervoo.live.clock import SessionClock
from intervoo.llm.errors import LLMError
from intervoo.llm.ledger import PrivacyLedger
from intervoo.llm.messages import Message

if TYPE_CHECKING:
    from intervoo.llm.client import LLMClient

log = logging.getLogger(__name__)

# The ledger's name for a warming request (questions have their own ids).
WARM_ID = "prefix"


class PrefixWarmer:
    """Sends the session prefix once per dossier; a newer dossier cancels an older warm."""

    def __init__(
        self,
        llm: LLMClient,
        ledger: PrivacyLedger,
        clock: SessionClock,
        emit: Callable[[Event], None],
    ) -> None:
        self._llm, self._ledger, self._clock, self._emit = llm, ledger, clock, emit
        self._task: asyncio.Task[None] | None = None
        self._warmed: str | None = None  # the prefix last sent

    def warm(self, ctx: CandidateContext) -> None:
        messages = prefix_messages(ctx)
        prefix = messages[0]["content"]
        if prefix == self._warmed:
            return  # the dossier did not change: the server still holds it
        self._warmed = prefix
        self.stop()
        self._task = asyncio.create_task(self._send(messages), name="warm-prefix")

    def stop(self) -> asyncio.Task[None] | None:
        """Cancel a warm in flight; the task to await, if any."""
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
            return task
        return None

    async def _send(self, messages: list[Message]) -> None:
        llm = self._llm
        started = time.perf_counter()
        try:
            await self._ledger.record(WARM_ID, self._clock(), llm.endpoint, llm.model, messages)
            async with llm.stream(messages, max_tokens=1) as stream:
                async for _ in stream:
                    pass
        except LLMError as error:
            log.warning("prefix not warmed code=%s: %s", error.code, error.message)
            self._warmed = None
            return
        ms = round((time.perf_counter() - started) * 1000, 1)
        detail: dict[str, object] = {"ms": ms}
        if stream.usage is not None:
            self._ledger.note_cache(WARM_ID, stream.usage.to_dict())
            detail |= stream.usage.to_dict()
        log.info("prefix warmed ms=%s usage=%s", ms, detail)
        self._emit(StatusEvent(state="prefix_warmed", detail=detail))
