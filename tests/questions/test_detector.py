"""The streaming detector, fed transcript events the way the live pipeline sends them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intervoo.events import Channel, QuestionEvent, QuestionKind, TranscriptEvent
from intervoo.questions import DetectorSettings, QuestionDetector, completeness
from tests.questions.labeled import load

INTERVIEWER, CANDIDATE = Channel.INTERVIEWER, Channel.CANDIDATE


def partial(text: str, start: int, end: int) -> TranscriptEvent:
    return TranscriptEvent(INTERVIEWER, text, False, start, end)


def final(text: str, start: int, end: int, channel: Channel = INTERVIEWER) -> TranscriptEvent:
    return TranscriptEvent(channel, text, True, start, end)


def feed_all(detector: QuestionDetector, events: list[TranscriptEvent]) -> list[QuestionEvent]:
    return [q for event in events for q in detector.feed(event)]


def growing(text: str, start: int) -> list[TranscriptEvent]:
    """Partials word by word, then the final, like a streaming recognizer."""
    words = text.split()
    ends = [start + 300 * (i + 1) for i in range(len(words))]
    events = [partial(" ".join(words[: i + 1]), start, ends[i]) for i in range(len(words))]
    return [*events, final(text, start, ends[-1])]


def test_speculative_once_then_confirmed_with_the_same_id() -> None:
    out = feed_all(QuestionDetector(), growing("so why do you want to work here", 0))
    speculative = [q for q in out if q.speculative]
    confirmed = [q for q in out if not q.speculative]
    assert len(speculative) == 1
    assert len(confirmed) == 1
    assert confirmed[0].id == speculative[0].id
    assert confirmed[0].text == "why do you want to work here"
    assert confirmed[0].kind is QuestionKind.MOTIVATION
    assert confirmed[0].t == 0


def test_no_speculation_while_the_question_trails_off() -> None:
    detector = QuestionDetector()
    assert detector.feed(partial("tell me about a time when", 0, 1500)) == []
    assert detector.feed(partial("tell me about a time when you", 0, 1800)) == []
    out = detector.feed(final("tell me about a time when you failed", 0, 2400))
    assert [q.speculative for q in out] == [False]


def test_a_different_final_gets_a_new_id() -> None:
    detector = QuestionDetector()
    [spec] = detector.feed(partial("what is your notice period", 0, 1500))
    [confirmed] = detector.feed(final("okay so how would you design a rate limiter", 0, 3000))
    assert confirmed.id != spec.id
    assert confirmed.kind is QuestionKind.SYSTEM_DESIGN


def test_non_questions_emit_nothing() -> None:
    events = growing("great that makes sense thanks for sharing", 0)
    events += growing("so the plan for today is a short coding exercise", 4000)
    assert feed_all(QuestionDetector(), events) == []


def test_two_part_question_is_merged_under_one_id() -> None:
    detector = QuestionDetector()
    [first] = detector.feed(final("tell me about a project you led", 0, 2000))
    [merged] = detector.feed(final("and what would you do differently", 2600, 4500))
    assert merged.id == first.id
    assert merged.text == "tell me about a project you led what would you do differently"
    assert merged.follow_up_of is None


def test_two_parts_in_one_utterance_are_one_question() -> None:
    text = "Tell me about a project you led. And what would you do differently?"
    out = QuestionDetector().feed(final(text, 0, 5000))
    assert [q.text for q in out] == [text]


def test_follow_ups_after_the_answer_link_to_the_question() -> None:
    detector = QuestionDetector()
    [root] = detector.feed(final("tell me about a time you disagreed with your manager", 0, 3000))
    detector.feed(final("sure so at my last job my manager wanted to", 4000, 30_000, CANDIDATE))
    [why] = detector.feed(final("why?", 31_000, 31_400))
    detector.feed(final("because the deadline was fixed", 32_000, 40_000, CANDIDATE))
    [outcome] = detector.feed(final("and what was the outcome", 41_000, 42_500))
    assert why.id != root.id and outcome.id not in (root.id, why.id)
    assert why.follow_up_of == root.id
    assert outcome.follow_up_of == why.id
    assert why.kind is outcome.kind is QuestionKind.BEHAVIORAL  # inherited, not guessed


def test_a_new_topic_after_the_answer_is_not_a_follow_up() -> None:
    detector = QuestionDetector()
    detector.feed(final("tell me about a time you disagreed with your manager", 0, 3000))
    detector.feed(final("we argued about the launch date", 4000, 30_000, CANDIDATE))
    [next_one] = detector.feed(
        final("okay next question what are your salary expectations", 31_000, 33_000)
    )
    assert next_one.follow_up_of is None
    assert next_one.kind is QuestionKind.LOGISTICS


def test_a_long_pause_without_candidate_audio_ends_the_question() -> None:
    # Interviewer-only capture: the candidate answered, we just did not hear it.
    detector = QuestionDetector()
    [first] = detector.feed(final("what's the difference between tcp and udp", 0, 2000))
    [second] = detector.feed(final("how would you design a chat service", 60_000, 62_000))
    assert second.id != first.id


def test_candidate_speech_never_produces_questions() -> None:
    detector = QuestionDetector()
    events = [
        TranscriptEvent(CANDIDATE, "why do you want to know", False, 0, 900),
        final("why do you want to know", 0, 1000, CANDIDATE),
    ]
    assert feed_all(detector, events) == []


def test_scenario_setup_is_kept_with_its_question() -> None:
    detector = QuestionDetector()
    assert detector.feed(final("let's say you have a service with a memory leak", 0, 2500)) == []
    [question] = detector.feed(final("how would you find it", 3000, 4000))
    assert question.text == "let's say you have a service with a memory leak how would you find it"
    assert question.kind is QuestionKind.TECHNICAL
    assert question.follow_up_of is None


@pytest.mark.parametrize(
    "setup",
    [
        "okay so let's say you have a service with a memory leak",
        "alright now suppose you have a service with a memory leak",
        "great so imagine you have a service with a memory leak",
    ],
)
def test_a_setup_after_any_run_of_discourse_markers_is_kept(setup: str) -> None:
    detector = QuestionDetector()
    assert detector.feed(final(setup, 0, 2500)) == []
    [question] = detector.feed(final("how would you find it", 3000, 4000))
    assert question.text == f"{setup} how would you find it"


def test_ids_are_unique_across_a_session() -> None:
    detector = QuestionDetector()
    ids = []
    for i, text in enumerate(["why us", "what is a mutex", "any questions for me"]):
        start = i * 60_000
        detector.feed(final("answer text here", start - 30_000, start - 1000, CANDIDATE))
        ids += [q.id for q in detector.feed(final(text, start, start + 1000))]
    assert len(ids) == len(set(ids)) == 3


def test_a_bare_what_never_fires_a_question() -> None:
    detector = QuestionDetector()
    assert detector.feed(partial("what?", 0, 400)) == []
    assert detector.feed(final("what?", 0, 500)) == []


def test_a_one_word_follow_up_waits_for_its_final() -> None:
    detector = QuestionDetector()
    detector.feed(final("tell me about a time you disagreed with your manager", 0, 3000))
    detector.feed(final("we argued about the launch date", 4000, 30_000, CANDIDATE))
    assert detector.feed(partial("why?", 31_000, 31_300)) == []
    [why] = detector.feed(final("why?", 31_000, 31_400))
    assert not why.speculative


def test_no_speculation_on_a_relative_clause_still_owed_its_verb() -> None:
    detector = QuestionDetector()
    assert detector.feed(partial("tell me about the time you", 0, 1800)) == []
    [spec] = detector.feed(partial("tell me about the time you shipped late", 0, 2400))
    assert spec.speculative


_TUNING_QUESTIONS = [item.text for item in load("dev") + load("heldout") if item.is_question]


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.builds(
            lambda text, cut: " ".join(text.split()[:cut]),
            st.sampled_from(_TUNING_QUESTIONS),
            st.integers(min_value=1, max_value=30),
        ),
        st.text(max_size=120),
    )
)
def test_never_speculates_on_a_partial_that_sounds_unfinished(text: str) -> None:
    bar = DetectorSettings()
    out = QuestionDetector(bar).feed(partial(text, 0, 1000))
    if out:
        assert completeness(text) >= bar.speculative_completeness
        assert len(text.split()) >= bar.speculative_min_words
    if completeness(text) < bar.speculative_completeness:
        assert out == []
