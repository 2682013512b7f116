"""The gain stage before VAD and STT, on espeak-ng speech at the levels real calls arrive at."""

from __future__ import annotations

import numpy as np
import pytest

from intervoo.audio.frames import pcm16_to_float
from intervoo.audio.level import MAX_GAIN_DB, NOISE_CEILING_DBFS, TARGET_DBFS, AutoGain
from intervoo.audio.vad import WINDOW_SAMPLES
from tests.support.speech import make_speech, read_samples


def _speech(peak_dbfs: float, floor_dbfs: float = -90.0) -> np.ndarray:
    """An espeak question scaled to `peak_dbfs`, over a noise floor (a real line is never
    digitally silent)."""
    pcm, _ = read_samples(make_speech("Tell me about a project you are proud of.", tail_ms=600))
    audio = pcm16_to_float(pcm).astype(np.float64)
    audio *= 10 ** (peak_dbfs / 20) / np.abs(audio).max()
    noise = np.random.default_rng(7).standard_normal(len(audio)) * 10 ** (floor_dbfs / 20)
    return (audio + noise).astype(np.float32)


def _through(gain: AutoGain, audio: np.ndarray) -> np.ndarray:
    usable = len(audio) // WINDOW_SAMPLES * WINDOW_SAMPLES
    windows = audio[:usable].reshape(-1, WINDOW_SAMPLES)
    return np.concatenate([gain.apply(window) for window in windows])


def _loud_rms_dbfs(audio: np.ndarray) -> float:
    windows = audio[: len(audio) // WINDOW_SAMPLES * WINDOW_SAMPLES].reshape(-1, WINDOW_SAMPLES)
    rms = np.sqrt(np.mean(windows.astype(np.float64) ** 2, axis=1))
    return float(20 * np.log10(np.percentile(rms, 95)))


@pytest.mark.parametrize("peak_dbfs", [-1.0, -6.0, -10.0])
def test_speech_at_an_ordinary_level_is_left_as_it_is(peak_dbfs: float) -> None:
    """(Before the first word only the noise floor is known, so the line noise and the word's
    first ~100 ms may be raised: the speech from there on is compared.)"""
    audio = _speech(peak_dbfs, floor_dbfs=-60.0)
    onset = int(np.flatnonzero(np.abs(audio) > 0.01)[0]) // WINDOW_SAMPLES
    first_word = (onset + 3) * WINDOW_SAMPLES
    gained = _through(AutoGain(), audio)
    assert np.array_equal(gained[first_word:], audio[first_word : len(gained)])


@pytest.mark.parametrize("peak_dbfs", [-40.0, -45.0, -50.0])
def test_quiet_speech_is_brought_up_to_an_ordinary_level(peak_dbfs: float) -> None:
    audio = _speech(peak_dbfs)
    gained = _through(AutoGain(), audio)
    assert _loud_rms_dbfs(audio) < -50
    assert abs(_loud_rms_dbfs(gained) - TARGET_DBFS) <= 6, _loud_rms_dbfs(gained)
    assert np.abs(gained).max() < 1.0  # the limiter: never clipped


def test_the_first_words_of_a_quiet_line_are_already_raised() -> None:
    """Before any speech the noise floor alone sets the gain: a near-silent line starts high."""
    gain = AutoGain()
    _through(
        gain, np.random.default_rng(1).standard_normal(16_000).astype(np.float32) * 3e-5
    )  # -90 dBFS
    assert gain.gain_db == pytest.approx(MAX_GAIN_DB)


def test_noise_is_never_lifted_above_the_ceiling() -> None:
    """A channel of steady noise at -45 dBFS is not speech to raise: it is left alone, and a
    quieter noise is raised only up to NOISE_CEILING_DBFS."""
    rng = np.random.default_rng(3)
    loud_noise = (rng.standard_normal(3 * 16_000) * 10 ** (-45 / 20)).astype(np.float32)
    gain = AutoGain()
    _through(gain, loud_noise)
    assert gain.gain_db == 0.0
    soft_noise = loud_noise * np.float32(10 ** (-20 / 20))  # -65 dBFS
    gain = AutoGain()
    out = _through(gain, soft_noise)
    assert _loud_rms_dbfs(out[16_000:]) <= NOISE_CEILING_DBFS + 3


def test_a_loud_word_after_quiet_speech_is_not_boosted_into_clipping() -> None:
    gain = AutoGain()
    quiet = _speech(-48.0)
    _through(gain, quiet)
    assert gain.gain_db > 20
    loud = _through(gain, _speech(-3.0))
    assert np.abs(loud).max() <= 10 ** (-1 / 20) + 1e-3
    assert gain.gain_db < 3
