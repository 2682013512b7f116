"""The live copilot over local audio frames, exactly as `/ws/live` runs it: what
`intervoo listen` (see `intervoo.cli.listen`) and the demo play a file or the microphone into.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Protocol

from intervoo.events import Channel, Event, StatusEvent

if TYPE_CHECKING:
    from intervoo.audio.frames import Pcm16
    from intervoo.config import Settings
    from intervoo.copilot.context import CandidateContext
    from intervoo.live.session import LiveSession
    from intervoo.live.usage import StoryUsage
    from intervoo.llm.client import LLMClient
    from intervoo.stt import SttEngine

Frames = AsyncIterator[tuple[Channel, "Pcm16"]]
Emit = Callable[[Event], None]


class AtStop(Protocol):
    """Work that follows the session (the debrief, `intervoo.debrief.run.SessionDebrief`):
    started with it, its event emitted once the input has ended, before `stopped`."""

    def start(self, session: LiveSession) -> None: ...

    async def event(self, session: LiveSession, llm: LLMClient | None) -> Event: ...

    async def aclose(self) -> None: ...


async def run_live(
    frames: Frames,
    engine: SttEngine,
    emit: Emit,
    ctx: CandidateContext,
    llm_settings: Settings | None,
    *,
    usage: StoryUsage | None = None,
    vocabulary: tuple[str, ...] = (),
    clock: Callable[[], int] | None = None,
    crosstalk: bool = True,
    at_stop: AtStop | None = None,
) -> None:
    """Frames → speech pipeline → LiveSession, exactly as `/ws/live` runs them; returns once
    the input has ended and the last confirmed answer is complete (and `at_stop` has said
    its event). `crosstalk=False` keeps candidate transcripts that echo the interviewer (for
    measuring what the filter does)."""
    from intervoo.audio.frames import AudioFrame
    from intervoo.live.audio import LiveAudio
    from intervoo.live.clock import SessionClock
    from intervoo.live.session import LiveSession, configured_llm
    from intervoo.llm.http import llm_http
    from intervoo.questions import QuestionDetector, classify

    # Fast playback runs on the recording's clock, so pauses keep their length for the detector.
    session_clock = SessionClock(lambda: clock() / 1000) if clock else None
    async with llm_http(llm_settings) as http:
        llm = configured_llm(llm_settings, http, emit) if llm_settings else None
        session = LiveSession(
            ctx,
            emit=emit,
            detector=QuestionDetector(),
            classify=classify,
            llm=llm,
            clock=session_clock,
            stories_used=usage.record if usage else None,
        )
        # One user's own machine: a file may play faster than real time.
        audio = LiveAudio(
            session, engine, vocabulary=vocabulary, pace=False, crosstalk=crosstalk,
            replay=clock is not None,
        )  # fmt: skip
        try:
            session.start()
            if at_stop is not None:
                at_stop.start(session)
            async for channel, pcm in frames:
                await audio.feed(AudioFrame(channel, pcm))
            await audio.finish()
            await session.finish()
            if at_stop is not None:
                session.emit(await at_stop.event(session, llm))
        finally:
            if at_stop is not None:
                await at_stop.aclose()
            await _close_frames(frames)
            await audio.aclose()
            await session.aclose()
            if usage is not None:
                await usage.aclose()
        session.emit(StatusEvent(state="stopped", session_id=session.id))


async def _close_frames(frames: Frames) -> None:
    """Stop the source (a microphone stream is closed by its generator's cleanup)."""
    aclose = getattr(frames, "aclose", None)
    if aclose is not None:
        await aclose()
