"""Playing decoded audio into the pipeline as the live protocol would deliver it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from enum import StrEnum

from intervoo.audio.frames import SAMPLE_RATE, Pcm16
from intervoo.events import Channel

CHUNK_MS = 32  # what the browser and the microphone capture send per frame


class AudioClock:
    """Milliseconds of audio played so far: the session clock for `fast` playback, so
    timestamps stay those of the recording however fast it is replayed."""

    def __init__(self) -> None:
        self.position_ms = 0

    def __call__(self) -> int:
        return self.position_ms


class Speed(StrEnum):
    REALTIME = "realtime"  # one second of audio per second, like a live call
    FAST = "fast"  # as fast as the pipeline takes it (feed() applies back-pressure)


async def play(
    sources: Mapping[Channel, Pcm16],
    *,
    speed: Speed = Speed.REALTIME,
    chunk_ms: int = CHUNK_MS,
    clock: AudioClock | None = None,
) -> AsyncIterator[tuple[Channel, Pcm16]]:
    """Yield (channel, chunk) pairs; in realtime each chunk comes once its audio has 'happened'."""
    if chunk_ms <= 0 or chunk_ms > 1000:
        raise ValueError(f"chunk_ms must be in 1..1000 (frames are at most 1 s), got {chunk_ms}")
    chunk = SAMPLE_RATE * chunk_ms // 1000
    longest = max((len(pcm) for pcm in sources.values()), default=0)
    loop = asyncio.get_running_loop()
    started = loop.time()
    for offset in range(0, longest, chunk):
        if speed is Speed.REALTIME:
            due = started + (offset + chunk) / SAMPLE_RATE
            await asyncio.sleep(max(0.0, due - loop.time()))
        else:
            await asyncio.sleep(0)  # let the STT workers deliver between chunks
        if clock is not None:
            clock.position_ms = min(offset + chunk, longest) * 1000 // SAMPLE_RATE
        for channel, pcm in sources.items():
            piece = pcm[offset : offset + chunk]
            if len(piece):
                yield channel, piece
