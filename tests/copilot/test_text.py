import pytest
from hypothesis import given
from hypothesis import strategies as st

from intervoo.copilot.text import clip_words, first_person, keywords, numbers_in, sentences


@pytest.mark.parametrize(
    ("given_text", "expected"),
    [
        ("Led a team of 4 engineers", "I led a team of 4 engineers"),
        ("Reduced costs by 30%", "I reduced costs by 30%"),
        ("I built the service", "I built the service"),
        ("Customers loved it", "Customers loved it"),
        ("", ""),
    ],
)
def test_first_person(given_text: str, expected: str) -> None:
    assert first_person(given_text) == expected


def test_sentences_split_on_sentence_ends_only() -> None:
    assert sentences("We cut p99 to 3.5 s. Then we shipped it!  Done") == [
        "We cut p99 to 3.5 s.",
        "Then we shipped it!",
        "Done",
    ]


def test_clip_words_stops_at_a_clause_and_marks_the_cut() -> None:
    text = "I moved payments to a queue, added load tests, and cut latency by 40% in three weeks"
    assert clip_words(text, 12) == "I moved payments to a queue, added load tests…"
    assert clip_words("short one", 5) == "short one"


@given(
    st.lists(
        st.sampled_from(["cut", "40%", "1,200", "ms", "and", "3.5", "users,", "x"]), max_size=40
    ),
    st.integers(1, 20),
)
def test_clipping_never_creates_a_number(words: list[str], limit: int) -> None:
    text = " ".join(words)
    assert numbers_in(clip_words(text, limit)) <= numbers_in(text)


def test_numbers_are_normalized() -> None:
    assert numbers_in("1,200 ms down to 300 ms, 18% and 3.5x") == {"1200", "300", "18", "3.5"}


def test_keywords_drop_stopwords_and_plurals() -> None:
    assert keywords("Tell me about the customers and their carts") == {"customer", "cart"}
