"""Server-side audio for a live session: binary frames → speech pipeline → the session.

Two guards keep one session from hurting the others. Audio is taken at most a little
faster than real time (a client may run `MAX_AHEAD_S` ahead, as after a reconnect; past
that `feed` waits, so the socket stops being read and the sender is held back). And when
transcription falls behind real time (a busy machine), the session says so with a
`status` event of state "behind", and "caught_up" once it is back, so the UI can show
that answers will come late rather than look stuck.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from intervoo.audio.frames import SAMPLE_RATE, AudioFrame
from intervoo.events import Channel, StatusEvent, TranscriptEvent
from intervoo.live.crosstalk import CrosstalkFilter
from intervoo.live.session import LiveSession

if TYPE_CHECKING:
    from intervoo.audio.pipeline import SpeechPipeline
    from intervoo.audio.vad import VadModel
    from intervoo.stt import SttEngine

# How far a client's audio may run ahead of real time before feeding waits for the clock.
MAX_AHEAD_S = 10.0
# Speech end -> final transcript later than this: the session is running behind; it has
# caught up once a final comes within CAUGHT_UP_MS again. A feed that waits this long for
# the speech-to-text queue to make room means the same.
BEHIND_MS = 2000
CAUGHT_UP_MS = 1000


class LagMonitor:
    """Running behind real time, or not: the state changes, each said once as an event."""

    def __init__(
        self,
        session_id: str,
        emit: Callable[[StatusEvent], None],
        *,
        behind_ms: int = BEHIND_MS,
        caught_up_ms: int = CAUGHT_UP_MS,
    ) -> None:
        self._session_id = session_id
        self._emit = emit
        self._behind_ms, self._caught_up_ms = behind_ms, caught_up_ms
        self.behind = False

    def observe(self, lag_ms: int) -> None:
        if not self.behind and lag_ms > self._behind_ms:
            self.behind = True
            seconds = round(lag_ms / 1000, 1)
            message = (
                f"transcription is running {seconds:g} s behind real time (the server is busy): "
                "answers will come late"
            )
            detail = {"lag_ms": lag_ms, "message": message}
            self._emit(StatusEvent(state="behind", session_id=self._session_id, detail=detail))
        elif self.behind and lag_ms < self._caught_up_ms:
            self.behind = False
            detail = {"lag_ms": lag_ms, "message": "transcription has caught up with real time"}
            self._emit(StatusEvent(state="caught_up", session_id=self._session_id, detail=detail))

    def observe_wait(self, waited_ms: int) -> None:
        """A feed that waited for room: only ever a sign of falling behind, never of catching up."""
        if waited_ms > self._behind_ms:
            self.observe(waited_ms)


class LiveAudio:
    """Owns one SpeechPipeline and the task that hands its transcripts to the session."""

    def __init__(
        self,
        session: LiveSession,
        engine: SttEngine,
        *,
        vocabulary: Sequence[str] = (),
        pace: bool = True,
        lag: LagMonitor | None = None,
        vad: VadModel | None = None,
        crosstalk: bool = True,
        replay: bool = False,
    ) -> None:
        """`pace=False` takes audio as fast as it comes (a file played faster than real time
        on this machine, where nobody else shares the CPU). `crosstalk` drops the interviewer's
        words heard on the candidate's microphone (`intervoo.live.crosstalk`). `replay`: a
        recording played faster than real time, whose pauses are gone, so each answer is
        complete before the next transcript reaches the session (live, the next question
        cuts it), and running ahead of real time is not running behind it."""
        from intervoo.audio.pipeline import SpeechPipeline
        from intervoo.questions.completeness import completeness

        self._session = session
        self._pipeline: SpeechPipeline = SpeechPipeline(
            engine,
            clock=session.clock,
            completeness=completeness,
            vocabulary=vocabulary,
            on_error=session.emit,
            vad=vad,
        )
        self.lag = lag or LagMonitor(session.id, session.emit)
        self.crosstalk = CrosstalkFilter() if crosstalk else None
        self._pace = pace
        self._replay = replay
        self._first_frame_at: float | None = None
        self._received_s: dict[Channel, float] = {}
        self._pump = asyncio.create_task(self._forward(), name=f"live-audio-{session.id}")

    async def _forward(self) -> None:
        async for event in self._pipeline.events():
            if event.final and not self._replay:  # a replay runs ahead of real time
                self._observe_final(event)
            for passed in self.crosstalk.feed(event) if self.crosstalk else (event,):
                await self._hand_over(passed)
        for passed in self.crosstalk.flush() if self.crosstalk else ():
            await self._hand_over(passed)

    async def _hand_over(self, event: TranscriptEvent) -> None:
        if self._replay:  # the crosstalk filter may pass a held event with the next one
            await self._session.answered()
        self._session.on_transcript(event)

    def _observe_final(self, event: TranscriptEvent) -> None:
        self.lag.observe(max(0, self._session.clock() - event.end))

    async def feed(self, frame: AudioFrame) -> None:
        """One parsed binary frame. Waits while the client is far ahead of real time, and
        while the pipeline is full (back-pressure)."""
        if self._pace:
            await self._hold_to_real_time(frame)
        started = time.monotonic()
        await self._pipeline.feed(frame.channel, frame.pcm)
        waited_ms = int((time.monotonic() - started) * 1000)
        if waited_ms > 0 and not self._replay:
            # The speech-to-text queue was full: it is this far behind, at least.
            self.lag.observe_wait(waited_ms)

    async def _hold_to_real_time(self, frame: AudioFrame) -> None:
        now = time.monotonic()
        if self._first_frame_at is None:
            self._first_frame_at = now
        received = self._received_s.get(frame.channel, 0.0) + len(frame.pcm) / SAMPLE_RATE
        self._received_s[frame.channel] = received
        ahead = received - (now - self._first_frame_at)
        if ahead > MAX_AHEAD_S:
            await asyncio.sleep(ahead - MAX_AHEAD_S)

    async def finish(self) -> None:
        """End of audio: finals for what is pending, then every transcript reaches the session."""
        await self._pipeline.flush()
        await self.aclose()

    async def aclose(self) -> None:
        try:
            await self._pipeline.aclose()
            await self._pump  # ends once the pipeline's events are drained
        finally:
            if not self._pump.done():
                self._pump.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._pump
