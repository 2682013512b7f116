"""The words of metrics: number words, scales, units, and what may sit between them.

Unit names are what `Metric.unit` holds: "%", "points", "bps", "x", "$", "€",
"£", "ms", "s", "minutes", "hours", "days", "weeks", "months", "years",
"quarters", "sprints", "count", and the plural of a counted noun ("users",
"people", "services").
"""

from __future__ import annotations

CURRENCY_SYMBOLS = {"$": "$", "€": "€", "£": "£"}
CURRENCY_WORDS = {"usd": "$", "dollar": "$", "dollars": "$", "eur": "€", "euro": "€",
                  "euros": "€", "gbp": "£"}  # fmt: skip
DASHES = frozenset({"-", "–", "—"})
SCALE_WORDS = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "mm": 1e6,
               "billion": 1e9, "bn": 1e9}  # fmt: skip
MULTIPLIER_WORDS: dict[tuple[str, ...], float] = {
    ("doubled",): 2.0, ("tripled",): 3.0, ("quadrupled",): 4.0, ("halved",): 0.5,
    ("cut", "in", "half"): 0.5, ("twice", "as"): 2.0,
}  # fmt: skip

# Words that end a number's phrase: "2 of them", "at 9 pm", "in 2020 many left".
FUNCTION_WORDS = frozenset(
    """of the a an to in on at by for from and or nor but with than per as that this these
    those our my their his her its your we i you they he she it was were is are be been am pm
    so then into out up down over under about after before since until while when where
    which who whom whose not no all each every many few several some most other if because
    via across within without during through also only just again ago later times""".split()
)
_COMPARATIVES = frozenset(
    """more less fewer as faster quicker higher bigger larger greater lower smaller cheaper
    better longer shorter slower wider""".split()
)
_TIME_UNITS = {"ms": "ms", "msec": "ms", "millisecond": "ms", "s": "s", "sec": "s",
               "second": "s", "min": "minutes", "minute": "minutes", "h": "hours",
               "hr": "hours", "hour": "hours", "day": "days", "week": "weeks", "wk": "weeks",
               "month": "months", "year": "years", "yr": "years", "quarter": "quarters",
               "sprint": "sprints"}  # fmt: skip
# Countable things a result is measured in (singular; the plural is the unit's name).
_COUNT_NOUNS = frozenset(
    """user customer client person engineer developer designer employee member order request
    ticket service microservice team store site feature item record signup hire analyst
    country city point server deal account transaction deploy deployment release bug incident
    page report call shipment student candidate partner project product market region office
    warehouse subscriber download install stakeholder vendor merchant patient squad test line
    contributor""".split()
)
_IRREGULAR_SINGULAR = {"people": "person", "persons": "person"}
# Letters glued to digits: their scale or their unit ("400k", "1.2M", "3x", "600ms").
_SUFFIXES: dict[str, tuple[float | None, str | None]] = {
    "k": (1e3, None), "m": (1e6, None), "mm": (1e6, None), "mn": (1e6, None),
    "b": (1e9, None), "bn": (1e9, None), "x": (None, "x"), "ms": (None, "ms"),
    "s": (None, "s"), "sec": (None, "s"), "secs": (None, "s"), "min": (None, "minutes"),
    "mins": (None, "minutes"), "h": (None, "hours"), "hr": (None, "hours"),
    "hrs": (None, "hours"), "pp": (None, "points"), "bps": (None, "bps"),
}  # fmt: skip

_ONES = {word: float(n) for n, word in enumerate(
    """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen""".split())}  # fmt: skip
_TENS = {word: float(n * 10) for n, word in enumerate(
    "twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)}  # fmt: skip


# Words a quantity can start with; other words are skipped without a closer look.
STARTING_WORDS = frozenset(
    {*_ONES, *_TENS, "a", "an", "half"} | {phrase[0] for phrase in MULTIPLIER_WORDS}
)


def suffix_meaning(suffix: str) -> tuple[float | None, str | None] | None:
    """(scale, unit) of letters glued to a number; None for "2am", "3rd", "5G"."""
    return _SUFFIXES.get(suffix.lower())


def is_comparative(word: str) -> bool:
    """Does "N times" followed by this word mean a multiple ("3 times faster")?"""
    return word in _COMPARATIVES


def time_unit(word: str) -> str | None:
    """The time unit a word names, singular, plural or short ("hrs"); None otherwise."""
    if word in _TIME_UNITS:
        return _TIME_UNITS[word]
    if word.endswith("s") and len(word) > 2:
        return _TIME_UNITS.get(word[:-1])
    return None


def count_unit(word: str) -> tuple[str, bool] | None:
    """(unit name, whether the word was singular) for a counted noun; None otherwise."""
    if word in _COUNT_NOUNS:
        return _plural(word), True
    singular = _singular(word)
    if singular != word and singular in _COUNT_NOUNS:
        return _plural(singular), False
    return None


def _singular(word: str) -> str:
    if word in _IRREGULAR_SINGULAR:
        return _IRREGULAR_SINGULAR[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _plural(noun: str) -> str:
    if noun == "person":
        return "people"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    return noun + "s"


def number_word(words: list[str]) -> tuple[float, int, bool] | None:
    """A number said in words at the start of `words` (lowercased tokens, "-" kept):
    (value, tokens used, said as a plain "one"). "a"/"an" count only before a dozen,
    hundred or scale ("a dozen", "a million"): "for a month" has no metric."""
    if not words:
        return None
    first, second = words[0], words[1] if len(words) > 1 else ""
    if first in {"a", "an"}:
        if second in SCALE_WORDS:
            return 1.0, 1, False
        if second == "dozen":
            return 12.0, 2, False
        if second == "hundred":  # "a hundred and twenty" reads as "one hundred and twenty"
            return _whole_number_words(["one", *words[1:]]) + (False,)
        return None
    if first == "half":
        return 0.5, 2 if second in {"a", "an"} else 1, False
    value, used = _whole_number_words(words)
    if used == 0:
        return None
    decimals, decimals_used = _spoken_decimals(words[used:])
    return value + decimals, used + decimals_used, used == 1 and value == 1 and not decimals_used


def _spoken_decimals(words: list[str]) -> tuple[float, int]:
    """ "point five" of "one point five million", as speech-to-text writes it."""
    if not words or words[0] != "point":
        return 0.0, 0
    digits = ""
    for word in words[1:]:
        if _ONES.get(word, 10) > 9:
            break
        digits += str(int(_ONES[word]))
    return (float(f"0.{digits}"), 1 + len(digits)) if digits else (0.0, 0)


def _whole_number_words(words: list[str]) -> tuple[float, int]:
    """ "seven", "twenty-five", "twenty five", "two hundred and ten", "two dozen"."""
    value, used = _below_hundred(words)
    if used == 0:
        return 0.0, 0
    if used < len(words) and words[used] == "hundred":
        value, used = value * 100, used + 1
        rest = words[used + 1 :] if used < len(words) and words[used] == "and" else words[used:]
        extra, extra_used = _below_hundred(rest)
        if extra_used:
            value += extra
            used += extra_used + (len(words) - used - len(rest))
    elif used < len(words) and words[used] == "dozen":
        value, used = value * 12, used + 1
    return value, used


def _below_hundred(words: list[str]) -> tuple[float, int]:
    if not words:
        return 0.0, 0
    if words[0] in _ONES:
        return _ONES[words[0]], 1
    if words[0] not in _TENS:
        return 0.0, 0
    value = _TENS[words[0]]
    at = 2 if len(words) > 2 and words[1] in DASHES else 1
    if at < len(words) and 1 <= _ONES.get(words[at], 0) <= 9:
        return value + _ONES[words[at]], at + 1
    return value, 1
