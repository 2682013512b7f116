from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from intervoo.audio.frames import pcm16_to_float
from intervoo.audio.wavfile import read_wav
from intervoo.config import Settings
from intervoo.stt import load_engine
from intervoo.stt.engine import SttEngine, logprob_of
from intervoo.stt.loops import is_looping
from intervoo.stt.wer import count_word_errors, word_error_rate
from intervoo.stt.whisper import WhisperEngine, drop_restart
from tests.support.speech import make_speech, read_samples

pytestmark = pytest.mark.slow


def speech(text: str, **options: object) -> np.ndarray:
    pcm, _ = read_samples(make_speech(text, lead_ms=100, tail_ms=300, **options))
    return pcm16_to_float(pcm)


def test_whisper_transcribes_and_says_nothing_for_silence(whisper_engine: SttEngine) -> None:
    assert isinstance(whisper_engine, SttEngine)
    text = "Where do you see yourself in five years?"
    assert word_error_rate(text, whisper_engine.transcribe(speech(text))) <= 0.15
    assert whisper_engine.transcribe(np.zeros(16_000, dtype=np.float32)) == ""
    assert whisper_engine.transcribe(np.zeros(0, dtype=np.float32)) == ""


def test_whisper_says_how_sure_it_was_of_a_phrase_cut_mid_question(
    whisper_engine: SttEngine,
) -> None:
    """The endpointer's hint (issue 23): a finished question decodes well above -0.8; the first
    half of "Describe the project that / you are most proud of and why", cut at its pause, is
    heard as a finished-looking sentence the model was unsure of."""
    sure = whisper_engine.transcribe(speech("Why are you leaving your current job?"))
    cut = whisper_engine.transcribe(speech("Describe the project that", voice="en-us+f3"))
    assert (logprob_of(sure) or -9) > -0.5, sure
    assert (logprob_of(cut) or 0) < -0.8, cut


RESUME_QUESTIONS = [
    "How would you design a rate limiter for the Stripe API?",
    "Tell me about your time at Datadog working on Kubernetes.",
    "Why do you want to leave Shopify for a role on the Terraform team?",
    "How did you use PostgreSQL and Kafka at Airbnb?",
]
RESUME_TERMS = ["rate limiter", "Stripe", "Datadog", "Kubernetes", "Shopify", "Terraform"]
RESUME_TERMS += ["PostgreSQL", "Kafka", "Airbnb"]


def _errors(transcripts: list[str]) -> int:
    pairs = zip(RESUME_QUESTIONS, transcripts, strict=True)
    return sum(count_word_errors(said, heard).errors for said, heard in pairs)


def _terms_heard(transcripts: list[str]) -> int:
    heard = " ".join(t.lower() for t in transcripts)
    return sum(term.lower() in heard for term in RESUME_TERMS)


def test_vocabulary_biases_towards_the_candidates_terms(whisper_engine: SttEngine) -> None:
    """Over several questions naming the candidate's employers and tools (one sentence alone
    can go either way by a word), the resume's terms are heard far more often and the word
    errors fall. (How far they fall varies with the CTranslate2 build and espeak's voice:
    15 -> 9 errors with CTranslate2 4.8.5 and eSpeak NG 1.51, 7 of 9 terms heard against 4.)"""
    plain, biased = [], []
    for text in RESUME_QUESTIONS:
        audio = speech(text)
        plain.append(whisper_engine.transcribe(audio))
        biased.append(whisper_engine.transcribe(audio, vocabulary=RESUME_TERMS))
    plain_errors, biased_errors = (_errors(heard) for heard in (plain, biased))
    assert biased_errors < plain_errors, (biased, plain)
    assert _terms_heard(biased) >= _terms_heard(plain) + 3, (biased, plain)
    heard = [t.lower() for t in biased]
    assert "rate limiter" in heard[0] and "kubernetes" in heard[1] and "postgresql" in heard[3]


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
        ("The juice changes color. The juice changes co", "The juice changes color."),
        ("In 1813. In 1813.", "In 1813."),
        ("I did. I did it.", None),
        ("Yes. No. Go. Stop. Stop. Yes. No. Go. Stop. Yes. No. Go", "Yes. No. Go. Stop. Stop."),
    ],
)
def test_restarts_are_cut_but_real_repeats_stay(text: str, expected: str | None) -> None:
    assert drop_restart(text) == (expected or text)


REAL_SPEECH = Path(__file__).resolve().parents[3] / "shared" / "realworld" / "speech"


def test_a_final_that_loops_is_decoded_again_until_it_does_not(whisper_engine: SttEngine) -> None:
    """A real recording of "five five" (pocketsphinx's test data, in ../shared): beam 5
    without timestamps writes "5 5 5"; the temperature fallback does not loop."""
    clip = REAL_SPEECH / "ps_cards_004.wav"
    if not clip.is_file():
        pytest.skip(f"needs the real-speech dev set at {REAL_SPEECH}")
    assert isinstance(whisper_engine, WhisperEngine)
    audio = read_wav(clip).channels[0]
    audio = audio * np.float32(0.3 / np.abs(audio).max())
    shipped = whisper_engine.final_options
    try:
        whisper_engine.final_options = replace(shipped, loop_fallback=False)
        assert is_looping(whisper_engine.transcribe(audio))
    finally:
        whisper_engine.final_options = shipped
    heard = whisper_engine.transcribe(audio)
    assert not is_looping(heard) and word_error_rate("five five", heard) <= 0.5, heard
