import numpy as np
import pytest

from intervoo.config import Settings
from intervoo.stt import load_engine
from intervoo.stt.engine import SttEngine
from intervoo.stt.wer import word_error_rate
from intervoo.stt.whisper import drop_restart
from tests.support.speech import make_speech, read_samples

pytestmark = pytest.mark.slow


def speech(text: str, **options: object) -> np.ndarray:
    pcm, _ = read_samples(make_speech(text, lead_ms=100, tail_ms=300, **options))  # type: ignore[arg-type]
    return pcm.astype(np.float32) / 32768


def test_whisper_transcribes_and_says_nothing_for_silence(whisper_engine: SttEngine) -> None:
    assert isinstance(whisper_engine, SttEngine)
    text = "Where do you see yourself in five years?"
    assert word_error_rate(text, whisper_engine.transcribe(speech(text))) <= 0.15
    assert whisper_engine.transcribe(np.zeros(16_000, dtype=np.float32)) == ""
    assert whisper_engine.transcribe(np.zeros(0, dtype=np.float32)) == ""


def test_vocabulary_biases_towards_the_candidates_terms(whisper_engine: SttEngine) -> None:
    text = "How would you design a rate limiter for the Stripe API?"
    audio = speech(text)
    plain = whisper_engine.transcribe(audio)
    biased = whisper_engine.transcribe(audio, vocabulary=["rate limiter", "Stripe", "Kubernetes"])
    assert word_error_rate(text, biased) < word_error_rate(text, plain)
    assert "rate limiter" in biased.lower()


def test_pocketsphinx_fallback_hears_the_gist() -> None:
    engine = load_engine(Settings(stt_engine="pocketsphinx"))
    try:
        text = "What is your greatest strength"
        assert word_error_rate(text, engine.transcribe(speech(text, words_per_minute=140))) <= 0.6
        assert engine.transcribe(np.zeros(0, dtype=np.float32)) == ""
    finally:
        engine.close()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("What is your salary? What is your salary?", "What is your salary?"),
        ("Why us? Why now? Why us? Why", "Why us? Why now?"),
        ("Tell me about a time you failed Tell me about a time", "Tell me about a time you failed"),
        ("Tell me about it tell me about", None),
        ("Tell me about a time when you had to tell me about", None),
        ("I did it. I did it again.", None),
    ],
)
def test_restarts_are_cut_but_real_repeats_stay(text: str, expected: str | None) -> None:
    assert drop_restart(text) == (expected or text)
