from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intervoo.questions import completeness


@pytest.mark.parametrize(
    "text",
    [
        "tell me about a time when",
        "how would you design a",
        "so the, um,",
        "describe a situation where you",
        "what is your um",
        "walk me through",
        "Tell me about a time when?",  # the recognizer's "?" does not finish the phrase
        "Describe a situation where you?",
    ],
)
def test_trailing_off_scores_low(text: str) -> None:
    assert completeness(text) < 0.3


@pytest.mark.parametrize(
    "text",
    [
        "why do you want to work here",
        "Why do you want to work here?",
        "tell me about a time you failed",
        "what are your salary expectations",
        "why?",
        "Tell me about a project you are proud of.",
    ],
)
def test_finished_questions_score_high(text: str) -> None:
    assert completeness(text) >= 0.85


def test_a_finished_statement_sits_in_between() -> None:
    statement = completeness("great that makes sense")
    assert completeness("tell me about a time when") < statement < completeness("why us")


def test_explicit_question_mark_is_the_most_complete() -> None:
    assert completeness("what is a closure?") > completeness("what is a closure")


def test_empty_text_is_not_complete() -> None:
    assert completeness("") == 0.0
    assert completeness("   ") == 0.0


@given(st.text(max_size=200))
def test_score_is_always_in_range(text: str) -> None:
    assert 0.0 <= completeness(text) <= 1.0
