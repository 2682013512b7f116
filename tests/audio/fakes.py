"""A deterministic engine at the STT seam: it 'hears' loud bursts and says a scripted line."""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence

import numpy as np

from intervoo.audio.frames import SAMPLE_RATE
from intervoo.stt.engine import SttError


def bursts(audio: np.ndarray, level: float = 0.05) -> int:
    """Number of loud stretches separated by at least 100 ms of quiet."""
    loud = np.abs(audio) > level
    count, quiet_run, inside = 0, 0, False
    for block in np.array_split(loud, max(1, len(loud) // 160)):
        if block.any():
            if not inside:
                count += 1
            inside, quiet_run = True, 0
        else:
            quiet_run += 1
            if quiet_run >= 10:
                inside = False
    return count


def pitch(audio: np.ndarray) -> float:
    """Frequency of the loud part of `audio`, from its zero crossings."""
    loud = audio[np.abs(audio) > 0.01]
    crossings = np.count_nonzero(np.diff(np.signbit(loud)))
    return crossings * SAMPLE_RATE / 2 / max(1, len(loud))


def ends_quiet(audio: np.ndarray, ms: int = 80, level: float = 0.01) -> bool:
    return not (np.abs(audio[-SAMPLE_RATE * ms // 1000 :]) > level).any()


class ScriptedEngine:
    """Says `script[n]` for audio holding n bursts; records every call; can fail or block."""

    def __init__(
        self,
        script: Mapping[int, str],
        *,
        fail_on: int | None = None,
        hold_above_hz: float | None = None,
        hold_finals: bool = False,
        hold_pause_partials: bool = False,
    ) -> None:
        self.script = dict(script)
        self.fail_on = fail_on
        self.hold_above_hz = hold_above_hz  # decodes of higher-pitched audio wait for `release`
        self.hold_finals = hold_finals  # final decodes wait for `release`
        # partial decodes of audio that ends quiet (the quick decode at a pause) wait too
        self.hold_pause_partials = hold_pause_partials
        self.release = threading.Event()
        self.calls: list[tuple[int, bool, tuple[str, ...]]] = []
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return "scripted"

    def transcribe(
        self, audio: np.ndarray, *, partial: bool = False, vocabulary: Sequence[str] = ()
    ) -> str:
        if self._held(audio, partial):
            self.release.wait(timeout=30)
        count = bursts(audio)
        with self._lock:
            self.calls.append((count, partial, tuple(vocabulary)))
        if count == self.fail_on:
            raise SttError("scripted failure")
        return self.script.get(count, "")

    def _held(self, audio: np.ndarray, partial: bool) -> bool:
        if self.hold_above_hz is not None and pitch(audio) > self.hold_above_hz:
            return True
        if partial:
            return self.hold_pause_partials and ends_quiet(audio)
        return self.hold_finals

    def close(self) -> None:
        self.release.set()


def tone(ms: int, amplitude: float = 0.3, freq: float = 220.0) -> np.ndarray:
    t = np.arange(SAMPLE_RATE * ms // 1000) / SAMPLE_RATE
    return (amplitude * np.sin(2 * np.pi * freq * t) * 32767).astype(np.int16)


def silence(ms: int) -> np.ndarray:
    return np.zeros(SAMPLE_RATE * ms // 1000, dtype=np.int16)
