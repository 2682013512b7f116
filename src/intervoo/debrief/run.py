"""The debrief at Stop: the prep's last vectors, the offline build, the LLM's improvement
when one is configured, as one live-protocol event."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from intervoo.debrief.build import build_debrief
from intervoo.debrief.prep import DebriefPrep
from intervoo.debrief.vectors import SessionVectors
from intervoo.embed import default_embedder
from intervoo.events import DebriefEvent

if TYPE_CHECKING:
    from intervoo.copilot.context import CandidateContext
    from intervoo.live.session import LiveSession
    from intervoo.llm.client import LLMClient

log = logging.getLogger(__name__)


def session_prep(session: LiveSession, ctx: CandidateContext) -> DebriefPrep | None:
    """Start embedding the session's words as they come (None: no embedding model)."""
    embedder = default_embedder()
    if embedder is None:
        return None
    prep = DebriefPrep(session.record, SessionVectors(embedder), values=ctx.values)
    prep.start()
    return prep


async def debrief_event(
    session: LiveSession,
    ctx: CandidateContext,
    prep: DebriefPrep | None,
    llm: LLMClient | None = None,
) -> DebriefEvent:
    vectors = None
    if prep is not None:
        await prep.finish()
        vectors = prep.vectors
    debrief = await asyncio.to_thread(
        build_debrief, session.record, ctx, session_id=session.id, vectors=vectors
    )
    if llm is not None:
        from intervoo.debrief.improve import improve

        values = [value.name for value in ctx.values]
        debrief = await improve(debrief, llm, session.ledger, t=session.clock(), values=values)
    return DebriefEvent(session_id=session.id, debrief=debrief.model_dump(mode="json"))


class SessionDebrief:
    """The debrief of a session run by `intervoo.live.listen.run_live` (`AtStop`)."""

    def __init__(self, ctx: CandidateContext) -> None:
        self._ctx = ctx
        self._prep: DebriefPrep | None = None

    def start(self, session: LiveSession) -> None:
        self._prep = session_prep(session, self._ctx)

    async def event(self, session: LiveSession, llm: LLMClient | None) -> DebriefEvent:
        return await debrief_event(session, self._ctx, self._prep, llm)

    async def aclose(self) -> None:
        if self._prep is not None:
            await self._prep.aclose()
