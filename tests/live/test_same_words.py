"""When a speculative answer is kept: the final says the same question in normalized words.

The pairs are real: what tiny.en heard of espeak-ng questions in bench/live_latency.py runs
(a refreshed partial, or a misheard final), beside what was said."""

import pytest

from intervoo.live.session import same_words


@pytest.mark.parametrize(
    ("heard", "said"),
    [
        ("How would you denine a rate limit for a public API?",
         "How would you design a rate limiter for a public API?"),
        ("Tell me about a time you missed a good line.",
         "Tell me about a time you missed a deadline."),
        ("Why do you want to work an aman-on?", "Why do you want to work at Amazon?"),
        ("Tell me about a time when? You can't disagree with your manager.",
         "Tell me about a time when you had to disagree with your manager."),
        ("Tell me about a time you handled a production, how did under pressure?",
         "Tell me about a time you handled a production outage under pressure."),
        ("Where do you see yourself in 5 years", "Where do you see yourself in five years?"),
    ],
)  # fmt: skip
def test_a_misheard_sound_is_still_the_same_question(heard: str, said: str) -> None:
    assert same_words(heard, said)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("What is your biggest weakness?", "What is your biggest strength?"),
        ("Why do you want to work here?", "Why do you want to work at Amazon?"),
        ("What is your wig?", "What is your biggest weakness?"),  # an early partial
        ("Tell me about it.", "Tell me about a time you disagreed with a colleague."),
    ],
)
def test_other_words_are_another_question(first: str, second: str) -> None:
    assert not same_words(first, second)
