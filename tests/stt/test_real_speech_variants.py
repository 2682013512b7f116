"""Issue 19's robustness targets on the real-speech dev set (../shared/realworld/speech): each
degraded variant's WER at most 1.3x the clean WER.

Each clip is decoded whole with the final decode the pipeline runs on one utterance (the clips
are one utterance each), so the numbers do not move with the machine's load. That is the
recognizer's share of the target; the full pipeline (gain, VAD, endpointing) is measured by
bench/real_speech.py, where 8 kHz audio still misses it: the Silero VAD hears narrow-band speech
late. Unmet targets are strict xfails, so reaching one is noticed.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from bench.speech_variants import degrade

from intervoo.audio.wavfile import read_wav
from intervoo.stt.engine import SttEngine
from intervoo.stt.wer import count_word_errors

pytestmark = pytest.mark.slow

REAL_SPEECH = Path(__file__).resolve().parents[3] / "shared" / "realworld" / "speech"
VARIANT_RATIO_MAX = 1.3


def _clips() -> list[tuple[str, str, np.ndarray]]:
    refs = REAL_SPEECH / "refs.tsv"
    if not refs.is_file():
        pytest.skip(f"needs the real-speech dev set at {REAL_SPEECH}")
    excluded_file = REAL_SPEECH / "refs_excluded.tsv"
    excluded = set()
    if excluded_file.is_file():
        excluded = {line.split("\t")[0] for line in excluded_file.read_text().splitlines()[1:]}
    clips = []
    for line in refs.read_text().splitlines()[1:]:
        name, reference = line.split("\t")[:2]
        if name not in excluded:
            clips.append((name, reference, read_wav(REAL_SPEECH / name).channels[0]))
    return clips


def _wer(engine: SttEngine, variant: str) -> float:
    errors = words = 0
    for name, reference, samples in _clips():
        counted = count_word_errors(reference, engine.transcribe(degrade(samples, variant, name)))
        errors += counted.errors
        words += counted.reference_words
    return errors / words


@pytest.mark.parametrize(
    "variant",
    [
        "phone",
        pytest.param(
            "noisy",
            marks=pytest.mark.xfail(strict=True, reason="tiny.en at 10 dB SNR: measured 2.5-3x"),
        ),
    ],
)
def test_a_degraded_call_costs_at_most_30_percent_more_errors(
    whisper_engine: SttEngine, variant: str
) -> None:
    clean = _wer(whisper_engine, "clean")
    assert _wer(whisper_engine, variant) <= VARIANT_RATIO_MAX * clean
