"""The reusable loop behind `intervoo listen`: audio frames in, transcript events out."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from intervoo.audio.frames import Pcm16
from intervoo.audio.pipeline import SpeechPipeline
from intervoo.events import Channel, TranscriptEvent


async def transcribe_stream(
    pipeline: SpeechPipeline, frames: AsyncIterator[tuple[Channel, Pcm16]]
) -> AsyncIterator[TranscriptEvent]:
    """Feed `frames` to `pipeline` and yield its events until the input ends and every final
    is out. The pipeline is closed when this generator ends, however it ends."""

    async def pump() -> None:
        try:
            async for channel, pcm in frames:
                await pipeline.feed(channel, pcm)
            await pipeline.flush()
        finally:
            await pipeline.aclose()
            aclose = getattr(frames, "aclose", None)
            if aclose is not None:
                await aclose()

    feeder = asyncio.create_task(pump(), name="listen-feed")
    try:
        async for event in pipeline.events():
            yield event
        await feeder  # surfaces an error raised while feeding
    finally:
        if not feeder.done():
            feeder.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await feeder
