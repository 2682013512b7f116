"""The question forms the issue lists, one behavior per test, on ASR-style and typed text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intervoo.events import QuestionKind
from intervoo.questions import QuestionTextError, classify
from intervoo.questions.classify import MAX_CHARS, QUESTION_THRESHOLD, analyze
from intervoo.questions.text import normalize


@pytest.mark.parametrize(
    "prompt",
    [
        "tell me about the last outage you handled",
        "walk me through your approach to code review",
        "talk about how you onboard onto a new codebase",
        "describe your ideal team",
        "explain how dns resolution works",
        "give me an example of a tradeoff you made",
        "take me through your last project",
        "share a story about working with a designer",
        "teach me something you learned recently",
    ],
)
def test_imperative_prompts_are_questions(prompt: str) -> None:
    assert classify(prompt).is_question


@pytest.mark.parametrize(
    "text",
    [
        "I'd love to hear how you approach mentoring",
        "i'm curious what you think about pair programming",
        "i was wondering how you keep up with new tools",
        "help me understand why you chose that database",
    ],
)
def test_indirect_questions(text: str) -> None:
    assert classify(text).is_question


@pytest.mark.parametrize(
    "text",
    ["you've worked with terraform before, right?", "so you managed the team directly correct"],
)
def test_tag_questions(text: str) -> None:
    assert classify(text).is_question


def test_a_declarative_question_is_surer_with_its_question_mark() -> None:
    # Said to the candidate, "so you rewrote…" asks for confirmation even unmarked (as
    # Switchboard's annotators read such turns); the "?" still adds evidence.
    marked = classify("So you rewrote the whole billing service?")
    unmarked = classify("so you rewrote the whole billing service")
    assert marked.is_question
    assert marked.confidence > unmarked.confidence
    assert not classify("so you'll hear from the recruiter by friday").is_question


@pytest.mark.parametrize(
    "text",
    [
        "how are you doing today",
        "can you hear me",
        "does that make sense",
        "great, that makes sense",
        "let me tell you a bit about the team",
        "we'll do a coding exercise after the behavioral part",
        "my name is dana and i run the platform group",
        "that's what we're trying to solve",
        "how do i put this",
        "thanks for walking me through that",
    ],
)
def test_talk_that_asks_nothing(text: str) -> None:
    verdict = classify(text)
    assert not verdict.is_question
    assert verdict.kind is None
    assert verdict.confidence < QUESTION_THRESHOLD


def test_preamble_is_dropped_from_the_question_text() -> None:
    analysis = analyze(
        "Okay great, so the next one is a classic, um, why do you want to work here?"
    )
    assert analysis.question == "why do you want to work here?"
    assert analysis.classification.kind is QuestionKind.MOTIVATION


def test_context_before_the_question_is_kept() -> None:
    analysis = analyze("i noticed you spent two years at a startup what was that like")
    assert analysis.question.startswith("i noticed you spent")
    assert analysis.classification.kind is QuestionKind.RESUME


def test_pleasantry_then_real_question_in_one_utterance() -> None:
    analysis = analyze("hi how are you doing great so tell me about yourself")
    assert analysis.question == "tell me about yourself"
    assert analysis.classification.kind is QuestionKind.PERSONAL


def test_recognition_slips_are_read_through() -> None:
    assert normalize("y do you wanna tel me bout it").words == (
        "why", "do", "you", "want", "to", "tell", "me", "about", "it",
    )  # fmt: skip
    assert classify("walk me thru um the the migration").is_question


def test_question_mark_raises_confidence() -> None:
    plain = classify("what is your notice period").confidence
    marked = classify("What is your notice period?").confidence
    assert 0.5 < plain <= marked <= 1.0  # a sure question may already be at the ceiling
    unsure = classify("so you rewrote the whole billing service").confidence
    assert unsure < classify("So you rewrote the whole billing service?").confidence


def test_a_recognizer_question_mark_does_not_make_read_speech_a_question() -> None:
    # Issue 19: the recognizer punctuated a read sentence as a question and it fired.
    assert not classify("He was not an old-sposed young man?").is_question
    assert not classify("The birch canoe slid on the smooth planks?").is_question
    assert not classify("What joy there is in living?").is_question  # tiny.en, real speech


def test_too_long_text_is_refused_with_a_clear_error() -> None:
    with pytest.raises(QuestionTextError, match="too long"):
        classify("why " * (MAX_CHARS // 4 + 1))


@given(st.text(max_size=300))
def test_any_text_gets_a_well_formed_verdict(text: str) -> None:
    verdict = classify(text)
    assert 0.0 <= verdict.confidence <= 1.0
    assert (verdict.kind is not None) == verdict.is_question
    assert verdict.is_question == (verdict.confidence >= QUESTION_THRESHOLD)


def test_a_concept_question_in_two_sentences_is_technical() -> None:
    # Issue 20: the rules read this front-end question as behavioral.
    verdict = classify("What is Flash of Unstyled Content? How do you avoid FOUC?")
    assert verdict.kind is QuestionKind.TECHNICAL
