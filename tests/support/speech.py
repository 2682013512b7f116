"""Real speech for tests and benchmarks, synthesised with espeak-ng (and sox for noise).

    wav = make_speech(["Tell me about a time when", "you disagreed with your manager."],
                      pause_ms=700, voice="en-us+f3", noise_db=-30)

Files are cached by their parameters in one temporary directory per process (a test session),
so a WAV used by several tests is synthesised once.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import wave
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from intervoo.config import Settings
from intervoo.stt.engine import SttEngine

_cache_dir: Path | None = None


@dataclass(frozen=True)
class SpeechSpec:
    parts: tuple[str, ...]  # spoken in order, `pause_ms` of silence between them
    voice: str = "en-us"
    words_per_minute: int = 160
    pause_ms: int = 0
    lead_ms: int = 300  # silence before the speech
    tail_ms: int = 1800  # silence after it (enough for the longest endpoint wait)
    noise_db: float | None = None  # white noise level in dBFS, mixed in with sox
    rate: int = 16_000

    @property
    def text(self) -> str:
        return " ".join(self.parts)


def require_tools(*tools: str) -> None:
    """Skip (outside CI) or fail (in CI) when a command-line tool the test needs is missing."""
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if not missing:
        return
    message = f"needs {', '.join(missing)} (apt-get install {' '.join(missing)})"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def make_speech(parts: str | Sequence[str], **options: Any) -> Path:
    """A mono 16-bit WAV of `parts` spoken by espeak-ng; `options` are SpeechSpec's other
    fields (voice, words_per_minute, pause_ms, lead_ms, tail_ms, noise_db, rate). Cached per
    process."""
    spec = SpeechSpec((parts,) if isinstance(parts, str) else tuple(parts), **options)
    require_tools("espeak-ng", *(("sox",) if spec.noise_db is not None else ()))
    key = hashlib.sha256(json.dumps(asdict(spec), sort_keys=True).encode()).hexdigest()[:16]
    path = _cache() / f"speech-{key}.wav"
    if path.exists():
        return path
    pieces: list[np.ndarray] = [_silence(spec.lead_ms, spec.rate)]
    for index, part in enumerate(spec.parts):
        if index:
            pieces.append(_silence(spec.pause_ms, spec.rate))
        pieces.append(_espeak(part, spec))
    pieces.append(_silence(spec.tail_ms, spec.rate))
    samples = np.concatenate(pieces)
    if spec.noise_db is not None:
        samples = _add_noise(samples, spec)
    _write_wav(path, samples, spec.rate)
    return path


def read_samples(path: Path) -> tuple[np.ndarray, int]:
    """(int16 samples, rate) of a mono 16-bit WAV."""
    with wave.open(str(path), "rb") as reader:
        data = reader.readframes(reader.getnframes())
        return np.frombuffer(data, dtype="<i2").astype(np.int16), reader.getframerate()


def _cache() -> Path:
    global _cache_dir
    if _cache_dir is None:
        _cache_dir = Path(tempfile.mkdtemp(prefix="intervoo-speech-"))
        atexit.register(shutil.rmtree, _cache_dir, True)
    return _cache_dir


def _silence(ms: int, rate: int) -> np.ndarray:
    return np.zeros(rate * ms // 1000, dtype=np.int16)


def _espeak(text: str, spec: SpeechSpec) -> np.ndarray:
    """espeak-ng writes 22.05 kHz; sox converts to the wanted rate with a proper filter. -R seeds
    sox's dither: without it every process hears slightly different audio, and Whisper's text
    (so a test's verdict) can change from run to run."""
    with tempfile.TemporaryDirectory(dir=_cache()) as work:
        raw, converted = Path(work) / "raw.wav", Path(work) / "out.wav"
        subprocess.run(
            ["espeak-ng", "-v", spec.voice, "-s", str(spec.words_per_minute), "-w", str(raw), text],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            ["sox", "-R", str(raw), "-r", str(spec.rate), "-c", "1", "-b", "16", str(converted)],
            check=True,
            capture_output=True,
        )
        samples, _ = read_samples(converted)
    return samples


def _add_noise(samples: np.ndarray, spec: SpeechSpec) -> np.ndarray:
    """Mix white noise made by sox at `noise_db` dBFS (RMS) under the speech; -R seeds sox's
    generator, so the same spec always gets the same noise and tests are repeatable."""
    assert spec.noise_db is not None
    with tempfile.TemporaryDirectory(dir=_cache()) as work:
        noise_path = Path(work) / "noise.wav"
        seconds = f"{len(samples) / spec.rate:.3f}"
        amplitude = f"{10 ** (spec.noise_db / 20) * np.sqrt(3):.5f}"  # uniform noise: rms=a/sqrt3
        subprocess.run(
            ["sox", "-R", "-n", "-r", str(spec.rate), "-c", "1", "-b", "16", str(noise_path)]
            + ["synth", seconds, "whitenoise", "vol", amplitude],
            check=True,
            capture_output=True,
        )
        noise, _ = read_samples(noise_path)
    length = min(len(noise), len(samples))
    mixed = samples[:length].astype(np.int32) + noise[:length].astype(np.int32)
    return np.clip(mixed, -32768, 32767).astype(np.int16)


def _write_wav(path: Path, samples: np.ndarray, rate: int) -> None:
    partial = path.with_suffix(".tmp")
    with wave.open(str(partial), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(samples.astype("<i2").tobytes())
    partial.replace(path)


@pytest.fixture(scope="session")
def whisper_engine() -> Iterator[SttEngine]:
    """The default engine with the bundled tiny.en model, loaded once per test session."""
    from intervoo.stt import load_engine

    engine = load_engine(Settings(stt_engine="faster-whisper", stt_model=None))
    yield engine
    engine.close()
