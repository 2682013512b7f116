"""SpeechPipeline: two channels of PCM in, partial and final transcripts out.

    pipeline = SpeechPipeline(engine, clock=session_clock, completeness=completeness)
    await pipeline.feed(Channel.INTERVIEWER, pcm)   # any number of times, any frame length
    async for event in pipeline.events(): ...       # TranscriptEvent, in order per channel
    await pipeline.flush()                          # end of input: finals for what is pending
    await pipeline.aclose()

Each channel's audio goes through a gain stage (`intervoo.audio.level`) before VAD and STT, so
a quiet call is heard; `auto_gain=False` feeds the samples as they come.

`completeness` scores how finished a transcript sounds (1 = a finished question), which decides
how much silence ends a turn; the live path passes the question detector's
(`intervoo.questions.completeness`): audio sits below the domains and does not import it.

Audio never leaves memory: each channel holds at most one 30 s utterance plus a short pre-roll,
and every buffer is dropped once transcribed.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Collection, Sequence

import numpy as np
import numpy.typing as npt

from intervoo.audio.channel import ChannelListener
from intervoo.audio.endpoint import EndpointConfig
from intervoo.audio.frames import pcm16_to_float
from intervoo.audio.level import AutoGain
from intervoo.audio.vad import VadModel, load_silero
from intervoo.events import Channel, ErrorEvent, TranscriptEvent
from intervoo.stt.engine import SttEngine
from intervoo.stt.scheduler import shared_scheduler

log = logging.getLogger(__name__)

_CLOSED = None


def _log_error(event: ErrorEvent) -> None:
    log.warning("speech pipeline error code=%s", event.code)


class SpeechPipeline:
    """Per-channel VAD and endpointing, decodes on the engine's shared scheduler, behind one
    async interface."""

    def __init__(
        self,
        engine: SttEngine,
        *,
        clock: Callable[[], int],
        completeness: Callable[[str], float],
        vocabulary: Sequence[str] = (),
        on_error: Callable[[ErrorEvent], None] | None = None,
        config: EndpointConfig | None = None,
        partial_channels: Collection[Channel] = (Channel.INTERVIEWER,),
        vad: VadModel | None = None,
        auto_gain: bool = True,
    ) -> None:
        self._clock = clock
        # The question detector's scorer: pure and ~0.1 ms, so it runs on the event loop.
        self._completeness = completeness
        self._vocabulary = tuple(vocabulary)
        self._on_error = on_error or _log_error
        self._config = config or EndpointConfig()
        self._partial_channels = frozenset(partial_channels)
        self._vad: VadModel = vad or load_silero()
        self._auto_gain = auto_gain
        self._engine = engine  # the scheduler holds it weakly: its users keep it alive
        self._scheduler = shared_scheduler(engine)
        self._scheduler.acquire()
        self._listeners: dict[Channel, ChannelListener] = {}
        self._events: asyncio.Queue[TranscriptEvent | None] = asyncio.Queue()
        self._closed = False

    def _listener(self, channel: Channel) -> ChannelListener:
        listener = self._listeners.get(channel)
        if listener is None:
            listener = ChannelListener(
                channel,
                self._scheduler,
                self._vad.stream(),
                clock=self._clock,
                completeness=self._completeness,
                emit=self._events.put_nowait,
                on_error=self._on_error,
                config=self._config,
                vocabulary=self._vocabulary,
                partials=channel in self._partial_channels,
                gain=AutoGain() if self._auto_gain else None,
            )
            self._listeners[channel] = listener
        return listener

    async def feed(self, channel: Channel, pcm: npt.NDArray[np.int16]) -> None:
        """Add PCM16 mono 16 kHz samples that just arrived on `channel`."""
        if self._closed:
            raise RuntimeError("the speech pipeline is closed")
        samples = np.asarray(pcm)
        if samples.dtype != np.int16 or samples.ndim != 1:
            raise ValueError(f"feed() takes 1-D int16 PCM, got {samples.dtype} {samples.shape}")
        listener = self._listener(Channel(channel))
        await listener.wait_for_room()
        listener.push(pcm16_to_float(samples), self._clock())

    async def events(self) -> AsyncIterator[TranscriptEvent]:
        """Transcript events as they are ready; ends after aclose()."""
        while (event := await self._events.get()) is not _CLOSED:
            yield event

    async def flush(self) -> None:
        """Treat the input as ended for now: emit finals for every utterance in progress."""
        ordered = sorted(self._listeners.values(), key=lambda item: item.channel.tag)
        await asyncio.gather(*(listener.flush() for listener in ordered))

    async def drain(self) -> None:
        """Wait until every transcription queued so far has been delivered (input goes on)."""
        await asyncio.gather(*(listener.drain() for listener in self._listeners.values()))

    async def aclose(self) -> None:
        """Stop the workers and drop every buffer; `events()` ends once it is drained."""
        if self._closed:
            return
        self._closed = True
        try:
            await asyncio.gather(*(listener.aclose() for listener in self._listeners.values()))
        finally:
            self._listeners.clear()
            self._events.put_nowait(_CLOSED)
            await asyncio.to_thread(self._scheduler.release)
