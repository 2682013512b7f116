"""Server-side audio for a live session: binary frames → speech pipeline → the session."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from typing import TYPE_CHECKING

from intervoo.audio.frames import AudioFrame
from intervoo.live.session import LiveSession

if TYPE_CHECKING:
    from intervoo.audio.pipeline import SpeechPipeline
    from intervoo.stt import SttEngine


class LiveAudio:
    """Owns one SpeechPipeline and the task that hands its transcripts to the session."""

    def __init__(
        self, session: LiveSession, engine: SttEngine, *, vocabulary: Sequence[str] = ()
    ) -> None:
        from intervoo.audio.pipeline import SpeechPipeline

        self._session = session
        self._pipeline: SpeechPipeline = SpeechPipeline(
            engine,
            clock=session.clock,
            vocabulary=vocabulary,
            on_error=session.emit,
        )
        self._pump = asyncio.create_task(self._forward(), name=f"live-audio-{session.id}")

    async def _forward(self) -> None:
        async for event in self._pipeline.events():
            self._session.on_transcript(event)

    async def feed(self, frame: AudioFrame) -> None:
        """One parsed binary frame (waits while the pipeline is full: back-pressure)."""
        await self._pipeline.feed(frame.channel, frame.pcm)

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
