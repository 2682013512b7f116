"""Sample-rate conversion to the pipeline's 16 kHz, in one go or chunk by chunk (mic capture).

A windowed-sinc low-pass (when downsampling) followed by linear interpolation: cheap, streaming,
and plenty for speech recognition, which only looks below 8 kHz.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from intervoo.audio.frames import SAMPLE_RATE, Samples

_LOWPASS_TAPS = 63


def _lowpass_kernel(src_rate: int, dst_rate: int) -> Samples:
    cutoff = 0.45 * dst_rate / src_rate  # cycles per input sample, a little under the new Nyquist
    n = np.arange(_LOWPASS_TAPS) - (_LOWPASS_TAPS - 1) / 2
    kernel = 2 * cutoff * np.sinc(2 * cutoff * n) * np.hamming(_LOWPASS_TAPS)
    normalised: Samples = (kernel / kernel.sum()).astype(np.float32)
    return normalised


class Resampler:
    """Converts a stream of float samples from `src_rate` to `dst_rate`, chunk by chunk."""

    def __init__(self, src_rate: int, dst_rate: int = SAMPLE_RATE) -> None:
        if src_rate <= 0 or dst_rate <= 0:
            raise ValueError(f"sample rates must be positive, got {src_rate} -> {dst_rate}")
        self.src_rate = src_rate
        self.dst_rate = dst_rate
        self._step = src_rate / dst_rate
        self._kernel = _lowpass_kernel(src_rate, dst_rate) if src_rate > dst_rate else None
        self._history = np.zeros(_LOWPASS_TAPS - 1, dtype=np.float32)
        self._pending = np.zeros(0, dtype=np.float32)
        self._pos = 0.0  # where the next output sample falls, in input samples from _pending[0]

    def push(self, samples: npt.NDArray[np.floating]) -> Samples:
        chunk = np.asarray(samples, dtype=np.float32)
        if self.src_rate == self.dst_rate:
            return chunk
        if self._kernel is not None:
            chunk = self._filter(chunk)
        buf = np.concatenate([self._pending, chunk])
        last = len(buf) - 1
        if last < self._pos:
            self._pending = buf
            return np.zeros(0, dtype=np.float32)
        count = int((last - self._pos) // self._step) + 1
        positions = self._pos + self._step * np.arange(count)
        out: Samples = np.interp(positions, np.arange(len(buf)), buf).astype(np.float32)
        following = self._pos + count * self._step
        drop = min(int(following), len(buf))
        self._pending = buf[drop:]
        self._pos = following - drop
        return out

    def _filter(self, chunk: Samples) -> Samples:
        assert self._kernel is not None
        padded = np.concatenate([self._history, chunk])
        self._history = padded[len(padded) - (_LOWPASS_TAPS - 1) :]
        return np.convolve(padded, self._kernel, mode="valid").astype(np.float32)


def resample(
    samples: npt.NDArray[np.floating], src_rate: int, dst_rate: int = SAMPLE_RATE
) -> Samples:
    """Resample a whole signal (e.g. a decoded WAV file)."""
    return Resampler(src_rate, dst_rate).push(samples)
