"""One channel's way from samples to transcripts: VAD, endpointing, and its decodes.

Decodes go to the engine's shared scheduler (`intervoo.stt.scheduler`), interviewer finals first,
so a long candidate decode, a partial or another session never holds up a question.

Timing: the final is decoded speculatively at the first short pause (`pause_ms`, 160 ms); if
speech resumes that decode is dropped (cancelled if it has not started). When its text comes
back the completeness hook says how much silence ends the turn, so a finished question is final
~200 ms after speech stops (or as soon as its decode is back), while a trailing phrase waits
for more speech (up to `max_end_silence_ms`) and is then transcribed again as one.

On a channel with partials the words are also decoded quickly (greedy) at an earlier pause
(`quick_pause_ms`, 96 ms). That text goes out as a partial; if it is a surely finished question
and the silence it needs has passed while the final's decode still runs, it goes out again
with `ends_turn`: the turn is over on these words, and the final (the fuller decode) follows.
The copilot can show its answer then instead of waiting for the final's decode.
"""

from __future__ import annotations

import asyncio
import collections
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from intervoo.audio.buffer import SampleRing, UtteranceBuffer
from intervoo.audio.endpoint import (
    EndpointConfig,
    Endpointer,
    Phase,
    Transition,
    turn_end_silence_ms,
)
from intervoo.audio.frames import SAMPLE_RATE, Samples
from intervoo.audio.level import AutoGain
from intervoo.audio.vad import WINDOW_SAMPLES, VoiceDetector
from intervoo.events import Channel, ErrorEvent, TranscriptEvent
from intervoo.stt.engine import SttError, logprob_of
from intervoo.stt.scheduler import DecodeJob, DecodeScheduler, Priority

log = logging.getLogger(__name__)

PARTIAL_EVERY_SAMPLES = SAMPLE_RATE // 2  # re-decode the growing utterance every 500 ms
MAX_QUEUED_FINALS = 4  # beyond this, feed() waits: bounds memory when audio outruns the STT


@dataclass(eq=False)
class _Utterance:
    id: int
    start_ms: int
    end_ms: int = 0
    generation: int = 0  # bumped when speech resumes: decodes of older audio are stale
    text: str | None = None  # decode of the current generation, once it is back
    end_silence_ms: int = 0  # silence that ends the turn after `text` (scored once per decode)
    closed: bool = False  # the turn is over; its final is emitted when its decode returns
    partial_at: int = 0  # buffer length at the last partial request
    shown_samples: int = 0  # audio length of the last partial emitted (older ones are dropped)
    # The quick decode at the current pause: the speech it covers (the endpointer's
    # speech_end), its text once back, the silence that ends the turn on it, whether told.
    quick_covers: int = -1
    quick_text: str | None = None
    quick_silence_ms: int = 0
    turn_told: bool = False


@dataclass(frozen=True, slots=True)
class _Job:
    utterance: _Utterance
    generation: int
    audio: Samples
    partial: bool
    end_ms: int
    quick: bool = False  # the quick decode at a pause (a partial): it may end the turn
    covers: int = 0  # the endpointer's speech_end when the audio was taken


class ChannelListener:
    def __init__(
        self,
        channel: Channel,
        scheduler: DecodeScheduler,
        vad: VoiceDetector,
        *,
        clock: Callable[[], int],
        completeness: Callable[[str], float],
        emit: Callable[[TranscriptEvent], None],
        on_error: Callable[[ErrorEvent], None],
        config: EndpointConfig,
        vocabulary: Sequence[str] = (),
        partials: bool = True,
        gain: AutoGain | None = None,
    ) -> None:
        self.channel = channel
        self._gain = gain
        self._vad = vad
        self._clock = clock
        self._completeness = completeness
        self._emit = emit
        self._on_error = on_error
        self._config = config
        self._vocabulary = tuple(vocabulary)
        self._partials = partials
        self._endpointer = Endpointer(config)
        self._preroll = SampleRing(config.preroll_ms * SAMPLE_RATE // 1000)
        self._buffer = UtteranceBuffer()
        self._pending: Samples = np.zeros(0, dtype=np.float32)  # less than one VAD window
        self._utterance: _Utterance | None = None
        self._next_id = 1
        self._samples = 0  # samples pushed so far; with _clock_at, maps sample positions to ms
        self._clock_at = 0
        self._scheduler = scheduler
        self._finals: collections.deque[tuple[_Job, DecodeJob]] = collections.deque()
        self._partial: tuple[_Job, DecodeJob] | None = None
        self._quick: tuple[_Job, DecodeJob] | None = None
        self._deferred: _Job | None = None  # a final waiting for the quick decode to finish
        self._room = asyncio.Event()
        self._room.set()
        self._idle = asyncio.Event()  # set while no decode of this channel is queued or running
        self._idle.set()

    # -- feeding (event loop) ---------------------------------------------------------------

    async def wait_for_room(self) -> None:
        """Back-pressure: wait while too many finals are queued (only when fed faster than live)."""
        await self._room.wait()

    def push(self, samples: Samples, now_ms: int) -> None:
        """Run VAD and endpointing over new samples that arrived at session time `now_ms`."""
        self._samples += len(samples)
        self._clock_at = now_ms
        audio = np.concatenate([self._pending, samples]) if len(self._pending) else samples
        usable = len(audio) - len(audio) % WINDOW_SAMPLES
        for offset in range(0, usable, WINDOW_SAMPLES):
            self._on_window(audio[offset : offset + WINDOW_SAMPLES])
        self._pending = audio[usable:].copy()

    def _ms_at(self, window_index: int) -> int:
        """Session time of the start of VAD window `window_index`."""
        behind = self._samples - window_index * WINDOW_SAMPLES
        return self._clock_at - behind * 1000 // SAMPLE_RATE

    def _on_window(self, window: Samples) -> None:
        # The VAD hears the gained window; the buffers keep it as it came, and each snapshot
        # for the STT gets one gain (`_for_stt`), so a gain rising under the first words of a
        # quiet line does not leave them quieter than the rest.
        heard = self._gain.apply(window) if self._gain is not None else window
        transition = self._endpointer.update(self._vad.probability(heard))
        if transition is Transition.START:
            self._start_utterance()
        utterance = self._utterance
        if utterance is None:
            self._preroll.push(window)
            return
        taken = self._buffer.append(window)
        if transition is Transition.PAUSE:
            utterance.end_ms = self._ms_at(self._endpointer.speech_end)
            self._submit_final(utterance, after_quick=self._config.final_waits_for_quick)
        elif transition is Transition.RESUME:
            utterance.generation += 1
            utterance.text = None
            utterance.quick_text, utterance.turn_told = None, False
            self._cancel_stale_finals()
        elif transition is Transition.DISCARD:
            self._drop_utterance()
            return
        if taken < len(window):
            self._split(window[taken:])
        elif self._endpointer.phase is Phase.PAUSED:
            self._maybe_finish(utterance)
        elif self._quick_due(utterance):
            self._request_quick(utterance)
        elif self._partials and self._partial_due(utterance):
            self._request_partial(utterance)

    def _partial_due(self, utterance: _Utterance) -> bool:
        """Time for a partial, and the speaker is talking right now. A partial started once the
        voice has dropped adds nothing the pause decode will not say ~150 ms later, and the final
        would queue behind it. (On the bench's idle machine decodes finish well inside the 300 ms
        and this measured no different; it is for slower or busier machines.)"""
        grown = len(self._buffer) - utterance.partial_at >= PARTIAL_EVERY_SAMPLES
        return grown and self._endpointer.silence_ms == 0

    def _quick_due(self, utterance: _Utterance) -> bool:
        """The speaker has been quiet for quick_pause_ms since speech this pause has not yet
        been quickly decoded up to."""
        quick_ms = self._config.quick_pause_ms
        return (
            self._partials
            and quick_ms > 0
            and self._endpointer.silence_ms >= quick_ms
            and utterance.quick_covers != self._endpointer.speech_end
        )

    def _start_utterance(self) -> None:
        preroll = self._preroll.contents()
        start_window = self._endpointer.speech_start
        start_ms = self._ms_at(start_window) - len(preroll) * 1000 // SAMPLE_RATE
        self._utterance = _Utterance(self._next_id, start_ms=start_ms)
        self._next_id += 1
        self._buffer.clear()
        self._buffer.append(preroll)
        self._preroll.clear()

    def _drop_utterance(self) -> None:
        self._utterance = None
        self._buffer.clear()

    def _split(self, rest: Samples) -> None:
        """The utterance hit the buffer cap: finalize what we have, continue in a new one."""
        utterance = self._utterance
        assert utterance is not None
        utterance.end_ms = self._ms_at(self._endpointer.windows)
        self._close_forced(utterance)
        if self._endpointer.phase is Phase.PAUSED:
            self._end_turn()  # what follows is silence: wait for new speech
            return
        self._endpointer.speech_start = self._endpointer.windows
        self._utterance = _Utterance(self._next_id, start_ms=utterance.end_ms)
        self._next_id += 1
        self._buffer.append(rest)

    def _maybe_finish(self, utterance: _Utterance) -> None:
        """In a pause: end the turn once the silence is long enough for what was said."""
        silence = self._endpointer.silence_ms
        if utterance.text is not None:
            if silence >= utterance.end_silence_ms:
                self._emit_final(utterance, utterance.text)
                self._end_turn()
        elif silence >= self._config.max_end_silence_ms:
            utterance.closed = True  # its pending decode will emit the final
            self._end_turn()
        elif self._turn_over_on_quick(utterance, silence):
            self._tell_turn_over(utterance)

    def _turn_over_on_quick(self, utterance: _Utterance, silence: int) -> bool:
        """The quick decode of all the speech says a surely finished turn (the shortest
        silence), and that silence has passed: the final's decode is still running."""
        return (
            utterance.quick_text is not None
            and not utterance.turn_told
            and utterance.quick_covers == self._endpointer.speech_end
            and utterance.quick_silence_ms <= self._config.min_end_silence_ms
            and silence >= utterance.quick_silence_ms
        )

    def _tell_turn_over(self, utterance: _Utterance) -> None:
        utterance.turn_told = True
        text = utterance.quick_text or ""
        event = self._event(utterance, text, final=False, end_ms=utterance.end_ms)
        self._emit(replace(event, ends_turn=True))

    def _end_turn(self) -> None:
        self._endpointer.reset()
        self._drop_utterance()

    def _close_forced(self, utterance: _Utterance) -> None:
        """Finalize now from all buffered audio (cap reached or flush) with a fresh decode."""
        utterance.generation += 1
        utterance.closed = True
        self._cancel_stale_finals()
        self._submit_final(utterance)
        self._buffer.clear()

    # -- jobs --------------------------------------------------------------------------------

    def _submit_final(self, utterance: _Utterance, *, after_quick: bool = False) -> None:
        """Decode the final. `after_quick`: while this utterance's quick decode runs, the
        final waits for it (`EndpointConfig.final_waits_for_quick`); otherwise the two run
        side by side. A quick decode not started yet is dropped: the final says more."""
        self._cancel_partial()  # the final says more, and sooner
        snapshot = self._for_stt(self._buffer.snapshot())
        job = _Job(utterance, utterance.generation, snapshot, False, utterance.end_ms)
        quick = self._quick
        self._deferred = None
        if quick is not None and not quick[1].started:
            self._scheduler.cancel(quick[1])
        elif after_quick and quick is not None and not quick[1].future.done():
            self._deferred = job
            return
        self._submit(job)

    def _submit_deferred(self) -> None:
        """The quick decode is back: the final that waited for it goes, unless speech went on
        meanwhile (then a later pause decodes it again)."""
        job, self._deferred = self._deferred, None
        if job is not None and job.generation == job.utterance.generation:
            self._submit(job)

    def _for_stt(self, audio: Samples) -> Samples:
        return self._gain.scale_utterance(audio) if self._gain is not None else audio

    def _request_partial(self, utterance: _Utterance) -> None:
        """One partial at a time: while one runs the next waits for it; one still queued (the
        decoders are busy with finals) takes the newer audio instead of stale words."""
        pending = self._partial
        if pending is not None and pending[1].started:
            return
        utterance.partial_at = len(self._buffer)
        end_ms = self._ms_at(self._endpointer.windows)
        snapshot = self._for_stt(self._buffer.snapshot())
        job = _Job(utterance, utterance.generation, snapshot, True, end_ms)
        if pending is not None and self._scheduler.renew(pending[1], snapshot):
            self._partial = (job, pending[1])
            return
        if pending is not None:
            return  # it started meanwhile
        self._submit(job)

    def _request_quick(self, utterance: _Utterance) -> None:
        """Decode all the speech so far at once, as a partial (greedy), with a final's
        priority: its text may end the turn. A queued partial of less audio is dropped. One
        at a time: while one runs, the next window asks again."""
        pending = self._quick
        if pending is not None and pending[1].started:
            return
        utterance.quick_covers = self._endpointer.speech_end
        utterance.quick_text = None  # the words of less speech no longer end the turn
        utterance.partial_at = len(self._buffer)
        self._cancel_partial()
        end_ms = self._ms_at(utterance.quick_covers)
        snapshot = self._for_stt(self._buffer.snapshot())
        covers = utterance.quick_covers
        job = _Job(utterance, utterance.generation, snapshot, True, end_ms, True, covers)
        if pending is not None and self._scheduler.renew(pending[1], snapshot):
            self._quick = (job, pending[1])
        else:
            self._submit(job)

    def _submit(self, job: _Job) -> None:
        if job.quick or not job.partial:
            priority = Priority.QUESTION if self.channel is Channel.INTERVIEWER else Priority.FINAL
        else:
            priority = Priority.PARTIAL
        decode = self._scheduler.submit(
            job.audio, partial=job.partial, vocabulary=self._vocabulary, priority=priority
        )
        if job.quick:
            self._quick = (job, decode)
        elif job.partial:
            self._partial = (job, decode)
        else:
            self._finals.append((job, decode))
            if len(self._finals) >= MAX_QUEUED_FINALS:
                self._room.clear()
        self._idle.clear()
        decode.future.add_done_callback(self._on_decoded)

    def _cancel_partial(self) -> None:
        if self._partial is not None:
            self._scheduler.cancel(self._partial[1])

    def _cancel_stale_finals(self) -> None:
        """Queued decodes of audio that speech went on after (or of a turn already emitted)
        are dropped before they cost anything."""
        for job, decode in self._finals:
            if job.generation != job.utterance.generation:
                self._scheduler.cancel(decode)

    def _on_decoded(self, _future: object = None) -> None:
        """Deliver finished decodes: finals in the order they were asked for; a partial only
        when no final is still ahead of it, so the events of a channel stay in order."""
        while self._finals and self._finals[0][1].future.done():
            job, decode = self._finals.popleft()
            text = self._text_of(job, decode)
            if text is not None:
                self._deliver(job, text)
        if self._quick is not None and self._quick[1].future.done():
            (job, decode), self._quick = self._quick, None
            text = self._text_of(job, decode)
            if text is not None and not self._finals_before(job.utterance):
                self._deliver(job, text)
            self._submit_deferred()
        if self._partial is not None and self._partial[1].future.done():
            (job, decode), self._partial = self._partial, None
            text = self._text_of(job, decode)
            if text is not None and not self._finals:
                self._deliver(job, text)
        if len(self._finals) < MAX_QUEUED_FINALS:
            self._room.set()
        if not self._finals and self._partial is None and self._quick is None:
            self._idle.set()

    def _finals_before(self, utterance: _Utterance) -> bool:
        """Whether a final of an earlier utterance is still to be emitted (a partial of this
        one must wait behind it; this one's own final comes after its partials anyway)."""
        return any(job.utterance is not utterance for job, _ in self._finals)

    def _text_of(self, job: _Job, decode: DecodeJob) -> str | None:
        """The decode's text; "" when it failed (reported); None when it was cancelled."""
        if decode.future.cancelled():
            return None
        exc = decode.future.exception()
        if exc is None:
            return decode.future.result()
        if isinstance(exc, SttError):
            log.warning("stt failed channel=%s samples=%d", self.channel, len(job.audio))
            self._on_error(ErrorEvent("stt.failed", str(exc), t=self._clock()))
        else:  # an engine bug must not stop the channel for good
            log.error("stt crashed channel=%s error=%s", self.channel, type(exc).__name__)
            message = f"speech recognition crashed ({type(exc).__name__}); listening goes on"
            self._on_error(ErrorEvent("stt.crashed", message, t=self._clock()))
        return ""

    def _deliver(self, job: _Job, text: str) -> None:
        utterance = job.utterance
        if job.partial:
            current = utterance is self._utterance and not utterance.closed
            if current and text and len(job.audio) > utterance.shown_samples:
                utterance.shown_samples = len(job.audio)
                if job.quick:
                    self._keep_quick(job, text)
                self._emit(self._event(utterance, text, final=False, end_ms=job.end_ms))
                if job.quick and self._endpointer.phase is Phase.PAUSED:
                    self._maybe_finish(utterance)
            return
        if utterance.closed and job.generation == utterance.generation:
            self._emit_final(utterance, text)
        elif utterance is self._utterance and job.generation == utterance.generation:
            utterance.text = text
            utterance.end_silence_ms = turn_end_silence_ms(
                text, self._completeness, self._config, logprob_of(text)
            )
            if self._endpointer.phase is Phase.PAUSED:
                self._maybe_finish(utterance)

    def _keep_quick(self, job: _Job, text: str) -> None:
        """The quick decode's text may end the turn if speech has not gone on since."""
        utterance = job.utterance
        if job.generation != utterance.generation or job.covers != utterance.quick_covers:
            return
        utterance.quick_text = text
        utterance.quick_silence_ms = turn_end_silence_ms(
            text, self._completeness, self._config, logprob_of(text)
        )

    def _emit_final(self, utterance: _Utterance, text: str) -> None:
        utterance.closed = True
        utterance.generation += 1  # nothing later may emit for it again
        self._cancel_stale_finals()
        if text:
            self._emit(self._event(utterance, text, final=True, end_ms=utterance.end_ms))
        log.debug("final channel=%s utterance=%d chars=%d", self.channel, utterance.id, len(text))

    def _event(
        self, utterance: _Utterance, text: str, *, final: bool, end_ms: int
    ) -> TranscriptEvent:
        return TranscriptEvent(  # plain text: events carry no engine detail
            self.channel, str(text), final, start=utterance.start_ms, end=end_ms, t=self._clock()
        )

    # -- end of stream -----------------------------------------------------------------------

    async def flush(self) -> None:
        """End the current utterance now and wait until every final has been emitted."""
        utterance = self._utterance
        if utterance is not None:
            if utterance.text is not None and self._endpointer.phase is Phase.PAUSED:
                self._emit_final(utterance, utterance.text)
            elif self._endpointer.phase is Phase.PAUSED:
                utterance.closed = True
            else:
                utterance.end_ms = self._ms_at(self._endpointer.windows)
                self._close_forced(utterance)
            self._end_turn()
        self._cancel_partial()
        if self._quick is not None:
            self._scheduler.cancel(self._quick[1])
        self._pending = np.zeros(0, dtype=np.float32)
        await self.drain()

    async def drain(self) -> None:
        """Wait until every queued transcription has been decoded and delivered."""
        await self._idle.wait()

    async def aclose(self) -> None:
        """Drop the queued decodes and wait for those in flight (no decode outlives the
        session's audio)."""
        outstanding = [decode for _, decode in self._finals]
        for slot in (self._partial, self._quick):
            if slot is not None:
                outstanding.append(slot[1])
        for decode in outstanding:
            self._scheduler.cancel(decode)
        try:
            await asyncio.gather(*(d.future for d in outstanding), return_exceptions=True)
        finally:
            self._finals.clear()
            self._partial = self._quick = self._deferred = None
            self._drop_utterance()
