"""Cross-channel echo detection on the audio: a candidate frame that is no louder than the
interviewer's audio (the reference), as the room delays and prolongs it, is their echo and is
turned down.

Per 16 ms frame, the energy envelopes (dB) of both channels are kept. The echo path's delay is
the lag (0..`MAX_LAG_MS`) at which the candidate's envelope correlates best with the
reference's over the last seconds; the reference's envelope, shifted by it and given the room's
decay (`DECAY_DB_PER_FRAME`: after the interviewer stops, their echo fades, it does not end),
predicts the echo's envelope up to the path's gain, which is a low percentile of the
candidate's level over that prediction (the echo alone sits at the gain; the candidate's own
voice only ever adds to it). A frame within `MARGIN_DB` of the prediction is echo; one louder
than that is the candidate's voice (talking over the interviewer) and passes. Until the lag is
known with confidence nothing is turned down.

Speex's canceller (`echo_speex`), where there is one, removes most of the echo first; this
turns down what it leaves, which a recognizer would otherwise hear as words.
"""

from __future__ import annotations

import collections
from typing import Literal

import numpy as np

from intervoo.audio.frames import Pcm16

FRAME = 256  # 16 ms
MAX_LAG_MS = 400  # loopback-to-microphone delay: output buffers, the air, input buffers
HISTORY_FRAMES = 8000 // 16  # 8 s of envelopes for the lag and the gain
LAG_EVERY_FRAMES = 500 // 16  # the lag is estimated again twice a second
MIN_CORRELATION = 0.5  # below this the candidate's mic does not hear the reference
DECAY_DB_PER_FRAME = 1.5  # ~0.6 s reverberation time (60 dB)
MARGIN_DB = 6.0
GAIN_PERCENTILE = 20
ACTIVE_DB = -60.0  # reference frames below this are silence
ATTENUATION = 10 ** (-30 / 20)
_MAX_LAG = MAX_LAG_MS // 16
Judge = Literal["near", "out", "both"]


def _level_db(frame: np.ndarray) -> float:
    return float(10 * np.log10(np.mean(frame.astype(np.float64) ** 2) / 32768**2 + 1e-10))


class EchoGate:
    def __init__(self) -> None:
        self._near: collections.deque[float] = collections.deque(maxlen=HISTORY_FRAMES)
        self._far: collections.deque[float] = collections.deque(maxlen=HISTORY_FRAMES)
        # per judged signal (the microphone's audio, what a canceller left of it)
        self._excess = [collections.deque[float](maxlen=HISTORY_FRAMES) for _ in range(2)]
        self._lag: int | None = None
        self._predicted = -100.0  # the reverberant reference envelope, shifted by the lag
        self._frames = 0
        self.turned_down = 0  # frames taken as echo (for benchmarks and tests)

    def process(
        self, near: Pcm16, far: Pcm16, out: Pcm16 | None = None, *, judge: Judge = "near"
    ) -> Pcm16:
        """`out` (the near audio, or what a canceller made of it) with its echo frames turned
        down. The echo path's lag is found on `near` and `far`. A frame's level is judged on
        `near`; with `judge="out"` on `out` instead (what a canceller left: its residue sits at
        a lower gain, which the gain percentile finds, and the candidate's voice over it stands
        out more than over the whole echo); with "both", a frame is echo only when both say so
        (the canceller's output vetoes the microphone's judgement during double talk). Whole
        FRAMEs."""
        result = (near if out is None else out).copy()
        for at in range(0, len(near) - len(near) % FRAME, FRAME):
            frame = slice(at, at + FRAME)
            if self._is_echo(near[frame], far[frame], result[frame], judge):
                quieter = result[frame].astype(np.float32) * ATTENUATION
                result[frame] = quieter.astype(np.int16)
                self.turned_down += 1
        return result

    def _is_echo(self, near: np.ndarray, far: np.ndarray, out: np.ndarray, judge: Judge) -> bool:
        self._near.append(_level_db(near))
        levels = {"near": [self._near[-1]], "out": [_level_db(out)]}
        levels["both"] = levels["near"] + levels["out"]
        self._far.append(_level_db(far))
        self._frames += 1
        if self._frames % LAG_EVERY_FRAMES == 0:
            self._lag = self._estimate_lag()
        if self._lag is None or len(self._far) <= self._lag:
            return False
        shifted = self._far[-1 - self._lag]
        self._predicted = max(shifted, self._predicted - DECAY_DB_PER_FRAME)
        if self._predicted < ACTIVE_DB:
            return False
        history = {"near": self._excess[:1], "out": self._excess[1:], "both": self._excess}[judge]
        echo = True
        for level, excesses in zip(levels[judge], history, strict=True):
            excess = level - self._predicted
            excesses.append(excess)
            gain = float(np.percentile(excesses, GAIN_PERCENTILE))
            echo = echo and excess < gain + MARGIN_DB
        return echo

    def _estimate_lag(self) -> int | None:
        near, far = np.array(self._near), np.array(self._far)
        best, lag = MIN_CORRELATION, None
        for candidate in range(min(_MAX_LAG, len(far) - 20) + 1):
            a, b = near[candidate:], far[: len(far) - candidate]
            active = b > ACTIVE_DB
            if active.sum() < 20 or a[active].std() < 1e-6 or b[active].std() < 1e-6:
                continue
            correlation = float(np.corrcoef(a[active], b[active])[0, 1])
            if correlation > best:
                best, lag = correlation, candidate
        return lag
