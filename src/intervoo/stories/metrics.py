"""Numbers with units, pulled from story text: "40%", "$1.2M", "5x", "600 ms", "3 weeks".

A bare number is not a metric ("in 2019", "at 2am"): it needs a unit. In
"from 9 days to 3" the second number inherits the first one's unit. Money and
k/M/B suffixes are expanded ("$1.2M" -> 1200000, unit "$").
"""

from __future__ import annotations

import re

from intervoo.stories.model import Metric

_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mm": 1e6, "million": 1e6, "b": 1e9, "bn": 1e9,
          "billion": 1e9}  # fmt: skip
_CURRENCY = {"$": "$", "€": "€", "£": "£", "usd": "$", "eur": "€", "gbp": "£", "dollars": "$"}
_TIME_UNITS = {"ms": "ms", "millisecond": "ms", "s": "s", "sec": "s", "second": "s",
               "min": "minutes", "minute": "minutes", "hour": "hours", "hr": "hours",
               "day": "days", "week": "weeks", "month": "months", "year": "years",
               "quarter": "quarters", "sprint": "sprints"}  # fmt: skip
# Countable things a result is measured in; plural form is the unit name.
_COUNT_NOUNS = frozenset(
    """user customer client people person engineer developer employee member order request
    ticket service team store site feature item record signup hire analyst country city point
    server deal account transaction deploy deployment release bug incident page report call
    shipment student candidate partner project product market region office warehouse
    hour day week month year minute second""".split()
)
_WORD_NUMBERS = {w: float(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}  # fmt: skip
_WORD_NUMBERS.update({"fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
                      "hundred": 100, "a dozen": 12, "dozen": 12})  # fmt: skip
_MULTIPLIER_WORDS = {"doubled": 2.0, "tripled": 3.0, "quadrupled": 4.0, "halved": 0.5,
                     "cut in half": 0.5}  # fmt: skip

_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_WORD_NUMBER = "|".join(sorted((re.escape(w) for w in _WORD_NUMBERS), key=len, reverse=True))
_TOKEN = re.compile(
    rf"""(?P<cur>[$€£])?\s?(?<![\w.])(?P<num>{_NUMBER}|\b(?:{_WORD_NUMBER})\b)
    (?:\s?(?P<scale>k|mm|m|bn|b|thousand|million|billion)\b)?
    (?:\s?(?P<pct>%|percent\b|pct\b|percentage\s+points?\b)
      |\s?(?P<mult>x|×)(?![a-z])
      |\s?(?P<cur2>usd|eur|gbp|dollars)\b
      |\s?(?P<unit>[a-z]+)(?:[\s-](?P<unit2>[a-z]+))?)?""",
    re.IGNORECASE | re.VERBOSE,
)
_MULT_WORD = re.compile(
    r"\b(" + "|".join(re.escape(w) for w in _MULTIPLIER_WORDS) + r")\b", re.IGNORECASE
)
_FROM_TO = re.compile(rf"\bto\s+[$€£]?(?:{_NUMBER})\s*(?:[.,;)]|$|\s+(?:in|by|and|for|on)\b)")


def extract_metrics(text: str) -> list[Metric]:
    """Every number-with-unit in the text, in order of appearance."""
    metrics: list[Metric] = []
    last_unit: str | None = None
    for match in _TOKEN.finditer(text):
        metric = _metric_from(match, text)
        if metric is None and last_unit and _is_bare_to_number(match, text):
            metric = Metric(value=_number(match["num"]), unit=last_unit, text=match["num"])
        if metric is not None:
            metrics.append(metric)
            last_unit = metric.unit
    for match in _MULT_WORD.finditer(text):
        word = match.group(1).lower()
        metrics.append(Metric(value=_MULTIPLIER_WORDS[word], unit="x", text=match.group(1)))
    return metrics


def _metric_from(match: re.Match[str], text: str) -> Metric | None:
    value = _number(match["num"])
    scale = _SCALE.get((match["scale"] or "").lower(), 1.0)
    currency = match["cur"] or _CURRENCY.get((match["cur2"] or "").lower())
    # The number and its suffixes, without a trailing word that turned out not to be a unit.
    core_end = max(match.end(g) for g in ("num", "scale", "pct", "mult", "cur2") if match[g])
    span = text[match.start() : core_end].strip()
    if currency:
        return Metric(value=value * scale, unit=_CURRENCY.get(currency, currency), text=span)
    if match["pct"]:
        unit = "points" if "point" in match["pct"].lower() else "%"
        return Metric(value=value, unit=unit, text=span)
    if match["mult"]:
        return Metric(value=value * scale, unit="x", text=span)
    found = _unit_name(match["unit"], match["unit2"])
    if found is None:
        if match["scale"] and match["num"][0].isdigit():  # "400k" on its own is a count
            return Metric(value=value * scale, unit="count", text=span)
        return None
    unit, group = found
    return Metric(value=value * scale, unit=unit, text=text[match.start("num") : match.end(group)])


def _unit_name(first: str | None, second: str | None) -> tuple[str, str] | None:
    """The unit right after the number, or after one adjective ("12,000 daily orders"),
    with the regex group it came from."""
    if first is None or first.lower() in {"am", "pm", "th", "st", "nd", "rd"}:
        return None
    for word, group in ((first, "unit"), (second, "unit2")):
        unit = _single_unit(word.lower()) if word else None
        if unit:
            return unit, group
    return None


def _single_unit(word: str) -> str | None:
    base = word[:-1] if word.endswith("s") and len(word) > 2 else word
    if word in _TIME_UNITS:
        return _TIME_UNITS[word]
    if base in _TIME_UNITS and len(base) > 2:
        return _TIME_UNITS[base]
    if base in _COUNT_NOUNS or word in _COUNT_NOUNS:
        return _plural(base if base in _COUNT_NOUNS else word)
    if word == "people":
        return "people"
    return None


def _plural(noun: str) -> str:
    if noun in {"people", ""}:
        return noun
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    return noun + "s"


def _number(raw: str) -> float:
    lowered = raw.lower()
    if lowered in _WORD_NUMBERS:
        return _WORD_NUMBERS[lowered]
    return float(raw.replace(",", ""))


def _is_bare_to_number(match: re.Match[str], text: str) -> bool:
    """Is this the "3" of "from 9 days to 3"? (No unit of its own, right after "to".)"""
    if match["unit"] and _unit_name(match["unit"], None):  # has a unit of its own
        return False
    start = match.start()
    window = text[max(0, start - 4) : match.end("num") + 6]
    return bool(_FROM_TO.search(window)) and match["num"][0].isdigit()
