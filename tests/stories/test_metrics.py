import pytest

from intervoo.stories.metrics import extract_metrics


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
    assert [(m.value, m.unit) for m in extract_metrics(text)] == expected


@pytest.mark.parametrize(
    "text",
    ["The database filled up at 2am in 2019.", "We used p99 and v2 of the API.", "No numbers."],
)
def test_numbers_without_units_are_not_metrics(text: str) -> None:
    assert extract_metrics(text) == []


def test_metric_text_is_what_was_said() -> None:
    assert [m.text for m in extract_metrics("cut costs by $1.2M, a 30% drop")] == ["$1.2M", "30%"]
