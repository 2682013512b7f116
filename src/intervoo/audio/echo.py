"""Acoustic echo cancellation of the candidate's microphone, with the interviewer's channel
(the system audio the speakers play) as the reference.

Speex's echo canceller (an adaptive MDF filter; `echo_speex`, where libspeexdsp is installed)
is run over the candidate channel, and the echo gate (`echo_gate`) turns down what is still
the interviewer's echo. The two channels are aligned by sample
position: both start together (`merge_sources` pads a late-starting device with silence) and
run at the same rate. A candidate block whose reference has not come yet waits for it up to
`MAX_WAIT_MS`; past that (the reference stalled or was lost) it goes on against silence, so
the candidate is never held up for long.

The crosstalk filter on the transcripts (`intervoo.live.crosstalk`) works with or without this.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

import numpy as np

from intervoo.audio.capture import Frames
from intervoo.audio.echo_gate import EchoGate, Judge
from intervoo.audio.echo_speex import FRAME, EchoError, SpeexCanceller
from intervoo.audio.frames import SAMPLE_RATE, Pcm16
from intervoo.events import Channel

__all__ = ["EchoError", "EchoSuppressor", "cancel_echo"]

log = logging.getLogger(__name__)

TAIL_MS = 500  # echo path delay (<= 200 ms) and the room's reverb: the filter's length
MAX_WAIT_MS = 250
_KEEP = SAMPLE_RATE * 2  # reference samples kept behind the candidate's position


class Canceller(Protocol):
    def process(self, near: Pcm16, far: Pcm16) -> Pcm16: ...


class EchoSuppressor:
    """The echo gate (`echo_gate`), and with `speex=True` Speex's canceller before it. The gate
    judges on the audio as it came (`judge="near"`), on what the canceller left ("out"), or
    turns a frame down only when both say echo ("both": the canceller's output vetoes it
    during double talk, where the microphone's level alone took the candidate's quieter
    syllables for echo). The canceller is off by default here; `intervoo listen --loopback
    --mic` turns it on: on bench/echo_crosstalk.py it halved the candidate's WER when talking
    over the interviewer (4.25-4.5x clean -> 2.25-2.5x), but its early residue, before it has
    adapted, is still heard as short words, so no variant is within the 1.3x target."""

    def __init__(
        self,
        *,
        speex: bool = False,
        gate: bool = True,
        judge: Judge = "near",
    ) -> None:
        self._canceller: Canceller | None = None
        if speex:
            try:
                self._canceller = SpeexCanceller(TAIL_MS)
            except EchoError as exc:
                log.warning("%s", exc)
        self._gate = EchoGate() if gate else None
        self._judge: Judge = judge

    @property
    def cancels(self) -> bool:
        return self._canceller is not None

    def process(self, near: Pcm16, far: Pcm16) -> Pcm16:
        aec = self._canceller
        cancelled = aec.process(near, far) if aec is not None else near
        if self._gate is None:
            return cancelled
        return self._gate.process(near, far, cancelled, judge=self._judge)


class _Reference:
    """The reference channel's samples by position, the last `_KEEP` of them."""

    def __init__(self) -> None:
        self.samples = np.zeros(0, dtype=np.int16)
        self.start = 0  # position of samples[0]

    @property
    def end(self) -> int:
        return self.start + len(self.samples)

    def append(self, pcm: Pcm16) -> None:
        self.samples = np.concatenate([self.samples, pcm])

    def take(self, position: int, count: int) -> Pcm16:
        """Samples [position, position + count), silence where there are none."""
        out = np.zeros(count, dtype=np.int16)
        lo, hi = max(position, self.start), min(position + count, self.end)
        if hi > lo:
            out[lo - position : hi - position] = self.samples[lo - self.start : hi - self.start]
        drop = max(0, position + count - _KEEP - self.start)
        if drop:
            self.samples, self.start = self.samples[drop:], self.start + drop
        return out


def cancel_echo(
    frames: Frames,
    *,
    canceller: Callable[[], Canceller] = EchoSuppressor,
    reference: Channel = Channel.INTERVIEWER,
    near: Channel = Channel.CANDIDATE,
) -> Frames:
    """`frames` with the `reference` channel's echo taken out of the `near` channel."""
    return _cancelled(frames, canceller(), reference, near)


async def _cancelled(frames: Frames, aec: Canceller, reference: Channel, near: Channel) -> Frames:
    far = _Reference()
    waiting = np.zeros(0, dtype=np.int16)
    position = 0  # of waiting[0] on the near channel
    wait = SAMPLE_RATE * MAX_WAIT_MS // 1000
    async for channel, pcm in frames:
        if channel is reference:
            far.append(pcm)
        elif channel is near:
            waiting = np.concatenate([waiting, pcm])
        else:
            yield channel, pcm
            continue
        if channel is reference:
            yield channel, pcm
        ready = len(waiting) - len(waiting) % FRAME
        if position + ready > far.end and len(waiting) < wait:
            ready = max(0, far.end - position) // FRAME * FRAME  # the rest waits for reference
        if ready:
            chunk, waiting = waiting[:ready], waiting[ready:]
            yield near, aec.process(chunk, far.take(position, ready))
            position += ready
    if len(waiting):  # the end: the last part frame goes out as it is
        yield near, waiting
