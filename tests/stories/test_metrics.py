"""Metrics: numbers with units, read from sentences the extractor was not written around."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intervoo.stories.metrics import extract_metrics


def _found(text: str) -> list[tuple[float, str]]:
    return [(m.value, m.unit) for m in extract_metrics(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Conversion rose 40%.", [(40.0, "%")]),
        ("They renewed a $1.2M contract.", [(1_200_000.0, "$")]),
        ("We saved $400k a year.", [(400_000.0, "$")]),
        ("Throughput went up 5x.", [(5.0, "x")]),
        ("Latency fell from 4s to 600 ms.", [(4.0, "s"), (600.0, "ms")]),
        ("Processing time fell from 9 days to 3.", [(9.0, "days"), (3.0, "days")]),
        ("We kept 12,000 daily orders moving.", [(12_000.0, "orders")]),
        ("It reached 400k users in two weeks.", [(400_000.0, "users"), (2.0, "weeks")]),
        ("NPS rose 11 points and usage tripled.", [(11.0, "points"), (3.0, "x")]),
        ("I led 8 people for 18 months.", [(8.0, "people"), (18.0, "months")]),
        ("Revenue grew 2.5 percent.", [(2.5, "%")]),
        ("A deal worth $2 million closed.", [(2_000_000.0, "$")]),
    ],
)
def test_numbers_with_units(text: str, expected: list[tuple[float, str]]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We ran a three-week pilot.", [(3.0, "weeks")]),
        ("She joined a 250-person company.", [(250.0, "people")]),
        ("It was a 90-minute workshop.", [(90.0, "minutes")]),
        ("We planned a 6-month roadmap with a 12-engineer group.", [(6.0, "months"),
                                                                    (12.0, "engineers")]),
        ("They run a half-day retro.", [(0.5, "days")]),
    ],
)  # fmt: skip
def test_a_hyphen_joins_a_number_to_its_unit(text: str, expected: list[tuple[float, str]]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We moved 30 teams two months ahead of plan.", [(30.0, "teams"), (2.0, "months")]),
        ("It served 5,000 customers 18 hours a day.", [(5_000.0, "customers"), (18.0, "hours")]),
        ("We saved $80k 3 weeks in.", [(80_000.0, "$"), (3.0, "weeks")]),
    ],
)
def test_a_number_right_after_another_quantity_is_read_on_its_own(
    text: str, expected: list[tuple[float, str]]
) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I reviewed forty customer contracts.", []),
        ("We mapped twelve order flows.", []),
        ("We wrote 50 service tests in 4 days.", [(50.0, "tests"), (4.0, "days")]),
        ("Three new engineers and 200 paying customers joined.", [(3.0, "engineers"),
                                                                   (200.0, "customers")]),
        ("We rolled out to 2 more regions.", [(2.0, "regions")]),
    ],
)  # fmt: skip
def test_a_singular_noun_after_a_number_modifies_the_next_word(
    text: str, expected: list[tuple[float, str]]
) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It takes 3-4 weeks.", [(3.0, "weeks"), (4.0, "weeks")]),
        ("Build time went from 40 to 12 minutes.", [(40.0, "minutes"), (12.0, "minutes")]),
        ("We needed between 2 and 5 engineers.", [(2.0, "engineers"), (5.0, "engineers")]),
        ("One or two sprints.", [(1.0, "sprints"), (2.0, "sprints")]),
        ("They raised a $3-5M round.", [(3e6, "$"), (5e6, "$")]),
        ("A 5-10% lift.", [(5.0, "%"), (10.0, "%")]),
        ("Users grew from 300k to 1.2M.", [(300_000.0, "count"), (1_200_000.0, "count")]),
        ("We went from 800 users to 2k.", [(800.0, "users"), (2_000.0, "users")]),
        ("Spend dropped from $500 to $2M in fines avoided.", [(500.0, "$"), (2e6, "$")]),
        ("Reviews went from 9 days to 2 for most teams.", [(9.0, "days"), (2.0, "days")]),
    ],
)
def test_ranges_share_their_unit(text: str, expected: list[tuple[float, str]]) -> None:
    assert _found(text) == expected


def test_a_bare_number_after_to_keeps_no_unit_when_words_follow() -> None:
    assert _found("Setup went from 9 days to 3 simple steps.") == [(9.0, "days")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A dozen customers signed.", [(12.0, "customers")]),
        ("Two dozen interns became 24 hires.", [(24.0, "hires")]),
        ("It took half a day, then two and a half weeks.", [(0.5, "days"), (2.5, "weeks")]),
        ("One and a half years later.", [(1.5, "years")]),
        ("We hired twenty-five engineers.", [(25.0, "engineers")]),
        ("A hundred and twenty users joined.", [(120.0, "users")]),
        ("Half a million downloads.", [(500_000.0, "downloads")]),
        ("Approval fell to one day.", [(1.0, "days")]),
        ("We had zero incidents.", [(0.0, "incidents")]),
        ("Revenue hit one point five million dollars.", [(1.5e6, "$")]),
        ("Forty five minutes, then twenty percent.", [(45.0, "minutes"), (20.0, "%")]),
    ],
)
def test_numbers_said_in_words(text: str, expected: list[tuple[float, str]]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Costs fell by €300k.", [(300_000.0, "€")]),
        ("A £2 million budget.", [(2e6, "£")]),
        ("5 million dollars of revenue.", [(5e6, "$")]),
        ("A 1.5B valuation.", [(1.5e9, "count")]),
        ("Margins rose 3 percentage points.", [(3.0, "points")]),
        ("Churn fell 4 per cent.", [(4.0, "%")]),
        ("Spreads tightened 25 basis points.", [(25.0, "bps")]),
        ("Queries got 3 times faster.", [(3.0, "x")]),
        ("A threefold rise and a 10-fold drop.", [(3.0, "x"), (10.0, "x")]),
        ("Speed went up 2.5×.", [(2.5, "x")]),
        ("Costs halved.", [(0.5, "x")]),
        ("p95 was 250ms and p50 was 4s.", [(250.0, "ms"), (4.0, "s")]),
        ("It ran 2 hrs, then 45 mins.", [(2.0, "hours"), (45.0, "minutes")]),
        ("We had 40+ engineers.", [(40.0, "engineers")]),
    ],
)
def test_money_percentages_multipliers_and_time(
    text: str, expected: list[tuple[float, str]]
) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The database filled up at 2am in 2019.",
        "We used p99 and v2 of the API.",
        "No numbers.",
        "We met three times a week and once a month.",
        "It went live at 9:30 and runs 24/7 since the 1990s.",
        "Two of our three outages came from one module at a time.",
        "I wrote a one-page memo and a two-sided poster.",
        "About three quarters of the team agreed.",
        "In 2020 many customers left.",
        "We shipped it in a week for a month.",
        "During COVID-19 we drew a 2 x 3 grid, rated 4.6 out of 5.",
    ],
)
def test_numbers_without_units_are_not_metrics(text: str) -> None:
    assert extract_metrics(text) == []


def test_metric_text_is_what_was_said() -> None:
    assert [m.text for m in extract_metrics("cut costs by $1.2M, a 30% drop")] == ["$1.2M", "30%"]


def test_a_range_is_said_whole_by_its_first_number() -> None:
    texts = [m.text for m in extract_metrics("It takes 3-4 weeks, or from 40 to 12 minutes.")]
    assert texts == ["3-4 weeks", "4 weeks", "40 to 12 minutes", "12 minutes"]


def test_a_value_said_twice_is_one_metric_with_its_first_wording() -> None:
    metrics = extract_metrics("It took two weeks. Yes, 2 weeks, then 40%, and 40 percent again.")
    assert [(m.value, m.unit, m.text) for m in metrics] == [
        (2.0, "weeks", "two weeks"),
        (40.0, "%", "40%"),
    ]


_PIECES = st.sampled_from(
    ["$", "€", "%", "-", "–", "x", "×", ".", ",", ":", "/", "+", " ", "1", "2.5", "40", "1,200",
     "k", "M", "ms", "a", "an", "half", "and", "to", "from", "one", "twenty", "dozen", "users",
     "user", "person", "day", "weeks", "times", "faster", "percentage", "points", "the", "fold"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=24).map("".join))
def test_any_text_gives_metrics_said_in_it(text: str) -> None:
    metrics = extract_metrics(text)
    assert all(m.text and m.text in text for m in metrics)
    assert len({(m.value, m.unit) for m in metrics}) == len(metrics)
