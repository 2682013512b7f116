"""The narrow-band watch on espeak-ng speech, as it comes and through an 8 kHz phone line."""

from __future__ import annotations

import numpy as np
from bench.speech_variants import degrade

from intervoo.audio.band import BandWatch
from intervoo.audio.frames import pcm16_to_float
from intervoo.audio.vad import WINDOW_SAMPLES
from tests.support.speech import make_speech, read_samples


def _sentence() -> np.ndarray:
    pcm, _ = read_samples(make_speech("Walk me through the last system you designed.", lead_ms=0))
    return pcm16_to_float(pcm)


def _verdicts(watch: BandWatch, audio: np.ndarray) -> list[bool]:
    usable = len(audio) // WINDOW_SAMPLES * WINDOW_SAMPLES
    return [watch.update(w) for w in audio[:usable].reshape(-1, WINDOW_SAMPLES)]


def test_wideband_speech_is_never_taken_for_a_phone_line() -> None:
    assert not any(_verdicts(BandWatch(), _sentence()))


def test_a_phone_line_is_told_within_its_first_windows_of_sound() -> None:
    verdicts = _verdicts(BandWatch(), degrade(_sentence(), "phone"))
    assert all(verdicts[3:])


def test_a_channel_that_widens_is_followed_back() -> None:
    watch = BandWatch()
    sentence = _sentence()
    assert _verdicts(watch, degrade(sentence, "phone"))[-1]
    assert not _verdicts(watch, np.concatenate([sentence, sentence]))[-1]


def test_digital_silence_says_nothing_of_the_band() -> None:
    watch = BandWatch()
    assert _verdicts(watch, degrade(_sentence(), "phone"))[-1]
    assert all(_verdicts(watch, np.zeros(WINDOW_SAMPLES * 200, dtype=np.float32)))
