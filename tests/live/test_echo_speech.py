"""Real speech: the interviewer's question, played by laptop speakers, reaches the candidate's
microphone through a room (sox reverb, -6 dB, 120 ms late); the candidate answers after it."""

from __future__ import annotations

import asyncio
from difflib import SequenceMatcher

import numpy as np
import pytest

from intervoo.audio.frames import float_to_pcm16
from intervoo.audio.playback import AudioClock, Speed, play
from intervoo.copilot.context import build_candidate_context
from intervoo.events import Channel, Event, QuestionEvent, TranscriptEvent
from intervoo.live.listen import run_live
from intervoo.stt.engine import SttEngine
from intervoo.stt.wer import normalize_words, word_error_rate
from tests.support.echo import RATE, room_echo
from tests.support.speech import (
    make_speech,
    read_samples,
    whisper_engine,  # noqa: F401  (session fixture)
)

QUESTION = "Tell me about a time you disagreed with your manager."
ANSWER = "I asked for the numbers and we agreed to run a small trial first."


def _speech(text: str, voice: str) -> np.ndarray:
    samples, rate = read_samples(make_speech(text, voice=voice, lead_ms=0, tail_ms=0))
    assert rate == RATE
    return samples.astype(np.float32) / 32768


def _channels() -> tuple[np.ndarray, np.ndarray]:
    question, answer = _speech(QUESTION, "en-us"), _speech(ANSWER, "en-us+f3")
    lead, gap = RATE // 2, int(0.8 * RATE)
    echo = room_echo(question, delay_ms=120, level=10 ** (-6 / 20))
    total = lead + len(question) + gap + len(answer) + 2 * RATE
    left, right = np.zeros(total, np.float32), np.zeros(total, np.float32)
    left[lead : lead + len(question)] = question
    right[lead : lead + len(echo)] = echo[: total - lead]
    start = lead + len(question) + gap
    right[start : start + len(answer)] += answer
    return left, right


def _run(engine: SttEngine, crosstalk: bool) -> list[Event]:
    left, right = _channels()
    clock = AudioClock()
    sources = {Channel.INTERVIEWER: float_to_pcm16(left), Channel.CANDIDATE: float_to_pcm16(right)}
    frames = play(sources, speed=Speed.FAST, clock=clock)
    events: list[Event] = []
    ctx = build_candidate_context(None, [])
    main = run_live(frames, engine, events.append, ctx, None, clock=clock, crosstalk=crosstalk)
    asyncio.run(main)
    return events


def _question_run(text: str) -> int:
    """The longest run of the question's words in `text`."""
    matcher = SequenceMatcher(None, normalize_words(text), normalize_words(QUESTION))
    return max((block.size for block in matcher.get_matching_blocks()), default=0)


@pytest.mark.slow
@pytest.mark.xfail(
    strict=False,
    reason="issue 24/19, known defect: with the echo gate the candidate's final can come out "
    "repeated ('… a small trial first. I asked for the numbers …', CI 17:07) and the repeat "
    "is not cut",
)
def test_the_echoed_question_is_not_the_candidates_and_the_answer_is(
    whisper_engine: SttEngine,  # noqa: F811
) -> None:
    unfiltered = _run(whisper_engine, crosstalk=False)
    heard = [e for e in unfiltered if isinstance(e, TranscriptEvent) and e.final]
    candidate = " ".join(e.text for e in heard if e.channel is Channel.CANDIDATE)
    assert _question_run(candidate) >= 3, candidate  # the mic does hear the question

    events = _run(whisper_engine, crosstalk=True)
    finals = [e for e in events if isinstance(e, TranscriptEvent) and e.final]
    mine = [e.text for e in finals if e.channel is Channel.CANDIDATE]
    assert all(_question_run(text) < 3 for text in mine), mine
    assert word_error_rate(ANSWER, " ".join(mine)) <= 0.25, mine
    questions = [e for e in events if isinstance(e, QuestionEvent) and not e.speculative]
    assert len(questions) == 1 and "manager" in questions[0].text.lower()
