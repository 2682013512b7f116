"""What a call does to speech, applied to real clips: phone band, a speech codec, a quiet
line, background noise. Each variant is made from the clean clip (sox, PyAV), never recorded.

    degrade(samples, "phone")   # float32 16 kHz mono in, float32 16 kHz mono out

- phone: resampled to 8 kHz (sox's band-limiting filter, as a narrow-band call) and back up;
- opus: encoded and decoded with libopus at 12 kbit/s (PyAV), a low Opus rate that WebRTC
  uses on a poor connection;
- quiet: scaled so the peak is at -45 dBFS, inside the -39..-50 dBFS of quiet real calls;
- noisy: pink (1/f) noise mixed at 10 dB SNR to the speech's active level, seeded per clip.
"""

from __future__ import annotations

import hashlib
import io
import subprocess
import tempfile
from pathlib import Path

import numpy as np

RATE = 16_000
VARIANTS = ("clean", "phone", "opus", "quiet", "noisy")
QUIET_PEAK_DBFS = -45.0
NOISE_SNR_DB = 10.0
OPUS_BITRATE = 12_000


def degrade(samples: np.ndarray, variant: str, seed_text: str = "") -> np.ndarray:
    """`samples` (float32, 16 kHz, mono) as heard through `variant`."""
    audio = np.asarray(samples, dtype=np.float32)
    if variant == "clean":
        return audio
    if variant == "phone":
        return _sox(audio, ["rate", "-v", "8000", "rate", "-v", str(RATE)])
    if variant == "opus":
        return _opus(audio)
    if variant == "quiet":
        peak = float(np.abs(audio).max()) or 1.0
        return (audio * (10 ** (QUIET_PEAK_DBFS / 20) / peak)).astype(np.float32)
    if variant == "noisy":
        return _with_noise(audio, NOISE_SNR_DB, _seed(seed_text))
    raise ValueError(f"unknown variant {variant!r}: use one of {', '.join(VARIANTS)}")


def _seed(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "little")


def _sox(audio: np.ndarray, effects: list[str]) -> np.ndarray:
    raw = ["-t", "raw", "-r", str(RATE), "-e", "floating-point", "-b", "32", "-c", "1"]
    with tempfile.TemporaryDirectory() as tmp:
        source, target = Path(tmp) / "in.f32", Path(tmp) / "out.f32"
        source.write_bytes(audio.astype("<f4").tobytes())
        out = ["-t", "raw", "-e", "floating-point", "-b", "32", "-c", "1"]
        subprocess.run(["sox", "-V1", *raw, str(source), *out, str(target), *effects], check=True)
        result = np.frombuffer(target.read_bytes(), dtype="<f4").astype(np.float32)
    return (
        result[: len(audio)]
        if len(result) >= len(audio)
        else np.pad(result, (0, len(audio) - len(result)))
    )


def _opus(audio: np.ndarray) -> np.ndarray:
    import av

    pcm = (np.clip(audio, -1, 1 - 2**-15) * 32768).astype(np.int16)
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="ogg") as container:
        stream = container.add_stream("libopus", rate=RATE, layout="mono")
        stream.bit_rate = OPUS_BITRATE
        frame = av.AudioFrame.from_ndarray(pcm[None, :], format="s16", layout="mono")
        frame.sample_rate = RATE
        for packet in stream.encode(frame):
            container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    buffer.seek(0)
    decoded: list[np.ndarray] = []
    with av.open(buffer, "r") as container:
        resampler = av.AudioResampler(format="flt", layout="mono", rate=RATE)
        for frame in container.decode(audio=0):
            for out in resampler.resample(frame):
                decoded.append(out.to_ndarray().reshape(-1))
    result = np.concatenate(decoded).astype(np.float32)
    return (
        result[: len(audio)]
        if len(result) >= len(audio)
        else np.pad(result, (0, len(audio) - len(result)))
    )


def active_power(audio: np.ndarray, window: int = 512, below_loudest_db: float = 30.0) -> float:
    """Mean power of the windows within `below_loudest_db` of the loudest: the speech, not the
    pauses between words (a simple stand-in for ITU-T P.56 active speech level)."""
    usable = len(audio) // window * window
    powers = (audio[:usable].reshape(-1, window).astype(np.float64) ** 2).mean(axis=1)
    loud = powers[powers >= powers.max() * 10 ** (-below_loudest_db / 10)]
    return float(loud.mean())


def _with_noise(audio: np.ndarray, snr_db: float, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    spectrum = np.fft.rfft(rng.standard_normal(len(audio)))
    frequencies = np.fft.rfftfreq(len(audio), 1 / RATE)
    spectrum /= np.sqrt(np.maximum(frequencies, 20.0))  # pink: power falls 3 dB per octave
    noise = np.fft.irfft(spectrum, n=len(audio))
    noise *= np.sqrt(active_power(audio) / 10 ** (snr_db / 10) / np.mean(noise**2))
    return np.clip(audio + noise, -1.0, 1.0).astype(np.float32)
