"""The scoring normalizer: two spellings of the same spoken words are equal, real errors count."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intervoo.stt.numbers import numbers_to_digits
from intervoo.stt.spelling import americanize
from intervoo.stt.wer import count_word_errors, normalize_text, normalize_words, word_error_rate

_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen \
fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def spell_below_thousand(n: int, *, british: bool) -> list[str]:
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        words += [_ONES[hundreds], "hundred"]
        if rest and british:
            words.append("and")
    if rest >= 20:
        words.append(_TENS[rest // 10])
        if rest % 10:
            words.append(_ONES[rest % 10])
    elif rest or not words:
        words.append(_ONES[rest])
    return words


def spell(n: int, *, british: bool = False) -> str:
    """An independent speller to check the reader against: 1_002_003 -> "one million two …"."""
    if n == 0:
        return "zero"
    words: list[str] = []
    for scale, name in ((10**9, "billion"), (10**6, "million"), (10**3, "thousand"), (1, "")):
        chunk, n = divmod(n, scale)
        if chunk:
            words += spell_below_thousand(chunk, british=british) + ([name] if name else [])
    return " ".join(words)


@given(st.integers(min_value=0, max_value=999_999_999_999), st.booleans())
def test_every_spelled_cardinal_reads_back_as_its_digits(n: int, british: bool) -> None:
    assert numbers_to_digits(spell(n, british=british).split()) == [str(n)]


@pytest.mark.parametrize(
    ("spoken", "written"),
    [
        ("What would your first ninety days look like?", "What would your first 90 days look like"),
        ("Where do you see yourself in five years?", "Where do you see yourself in 5 years?"),
        ("We grew revenue by thirty percent", "We grew revenue by 30%"),
        ("We grew revenue by thirty per cent", "we grew revenue by 30 percent"),
        ("a budget of two point five million dollars", "a budget of $2.5 million"),
        ("a budget of two point five million dollars", "a budget of $2.5M"),
        ("about ten thousand users", "about 10,000 users"),
        ("about ten thousand users", "about 10k users"),
        ("a hundred and twenty people", "120 people"),
        ("in nineteen ninety five", "in 1995"),
        ("since twenty twenty", "since 2020"),
        ("the twenty first century", "the 21st century"),
        ("What is your greatest strength?", "what's your greatest strength"),
        ("I would say I can not delegate", "I'd say I can't delegate."),
        ("I cannot say", "I can't say"),
        ("They are not ready and we will not wait", "They aren't ready and we won't wait"),
        ("How do you prioritise your work?", "How do you prioritize your work?"),
        ("Our organisation values behaviour", "Our organization values behavior"),
        ("I travelled to the centre", "I traveled to the center"),
        ("explain it to a non technical stakeholder", "explain it to a non-technical stakeholder"),
        ("explain it to a nontechnical stakeholder", "explain it to a non-technical stakeholder"),
        ("Tell me about your manager's feedback", "Tell me about your managers feedback"),
        ("Um, tell me, uh, about yourself", "Tell me about yourself."),
        ("it\u2019s fine", "it's fine"),
        ("Mr. Lee and Dr. Patel", "mister Lee & doctor Patel"),
    ],
)
def test_the_same_spoken_words_score_as_equal(spoken: str, written: str) -> None:
    assert normalize_words(spoken) == normalize_words(written)
    assert word_error_rate(spoken, written) == 0.0


@pytest.mark.parametrize(
    ("reference", "hypothesis", "errors"),
    [
        ("What would your first ninety days look like?", "What would your first nine days", 3),
        ("Where do you see yourself in five years?", "Where do you see yourself in 15 years?", 1),
        ("Why should we hire you?", "Why should we fire you?", 1),
        ("Tell me about a time you failed.", "Tell me about time you failed", 1),
        ("Tell me about yourself.", "Tell me about yourself. Tell me about yourself.", 4),
        ("one two three", "123", 3),
    ],
)
def test_real_errors_still_count(reference: str, hypothesis: str, errors: int) -> None:
    assert count_word_errors(reference, hypothesis).errors == errors


def test_errors_are_split_by_kind() -> None:
    counted = count_word_errors("why do you want this job", "why you want this great job")
    assert (counted.substitutions, counted.deletions, counted.insertions) == (0, 1, 1)
    assert counted.reference_words == 6
    assert counted.rate == pytest.approx(2 / 6)


def test_empty_texts() -> None:
    assert word_error_rate("", "") == 0.0
    assert word_error_rate("", "something") == 1.0
    assert word_error_rate("something", "") == 1.0
    assert normalize_words("?! -- ...") == []


def test_numbers_that_are_not_one_number_stay_apart() -> None:
    assert normalize_text("one two three") == "1 2 3"
    assert normalize_text("fifty fifty") == "50 50"
    assert normalize_text("twenty five") == "25"
    assert normalize_text("one of the first") == "1 of the 1st"


def test_words_that_only_look_british_are_left_alone() -> None:
    for word in ("surprise", "exercise", "advertise", "compromise", "enterprise", "rise"):
        assert americanize(word) == word


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789 ',.?-%$", max_size=60))
def test_normalizing_twice_changes_nothing(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once


def test_open_and_closed_compounds_are_one_word() -> None:
    assert word_error_rate("an unfamiliar codebase", "an unfamiliar code base") == 0.0
    assert word_error_rate("how do you on board people", "how do you onboard people") == 0.0
    # Only where the other text has the joined word: two real words stay two.
    assert count_word_errors("any time", "any time").reference_words == 2
    assert count_word_errors("a code base", "a code case").errors == 1
