"""Numbers with units, pulled from story text: "40%", "$1.2M", "5x", "600 ms", "3 weeks".

A bare number is not a metric ("in 2019", "at 2am"): it needs a unit. The text
is split into tokens and read left to right, one quantity at a time, so a number
right after another quantity ("14 services four days early") is read on its own.
Units are found right after the number, through a hyphen ("a two-day test", "a
40-person startup") or after one modifier ("12,000 daily orders"). Ranges share
their unit both ways ("3-4 weeks", "from 40 to 12 minutes", "from 9 days to 3").
Money and k/M/B are expanded ("$1.2M" -> 1200000, unit "$"). A value said twice
with the same unit is one metric, kept where it was first said.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from intervoo.stories.metric_words import (
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    DASHES,
    FUNCTION_WORDS,
    MULTIPLIER_WORDS,
    SCALE_WORDS,
    STARTING_WORDS,
    count_unit,
    is_comparative,
    number_word,
    suffix_meaning,
    time_unit,
)
from intervoo.stories.model import Metric

_TOKEN = re.compile(
    r"(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)(?P<suffix>[A-Za-z]*)"
    r"|(?P<word>[A-Za-z][A-Za-z0-9]*(?:['’][A-Za-z]+)*)"
    r"|(?P<sym>\S)"
)
_RANGE_WORDS = frozenset({"to", "or", "and"}) | DASHES
_APPROXIMATE = frozenset({"about", "around", "roughly", "nearly", "almost", "just", "~"})
# Without a unit right after it, "2020 many customers" is a year, not 2020 customers.
_YEAR = re.compile(r"(?:19|20)\d\d")


@dataclass(frozen=True)
class _Token:
    kind: str  # "num", "word" or "sym"
    text: str
    start: int
    end: int
    suffix: str = ""  # letters glued to a number: "k" of "400k", "ms" of "600ms"
    lower: str = ""


@dataclass
class _Quantity:
    raw: float  # the number as said, before k/M/B
    scale: float | None
    unit: str | None
    first: int  # token span [first, end)
    end: int
    said_one: bool = False  # "one" or "a" as a word: counting one thing is no result
    digits: bool = True

    @property
    def value(self) -> float:
        return self.raw * (self.scale or 1.0)


def extract_metrics(text: str) -> list[Metric]:
    """Every number-with-unit in the text, in order of appearance, each value+unit once."""
    tokens = _tokenize(text)
    quantities = _read_all(tokens)
    _share_range_units(quantities, tokens)
    metrics: dict[tuple[float, str], Metric] = {}
    for quantity in quantities:
        metric = _to_metric(quantity, tokens, text)
        if metric is not None:
            metrics.setdefault((metric.value, metric.unit), metric)
    return list(metrics.values())


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        if match["num"] is not None:
            token = _Token("num", match["num"], start, end, match["suffix"], match["num"])
        else:
            kind = "word" if match["word"] else "sym"
            token = _Token(kind, match[0], start, end, lower=match[0].lower())
        tokens.append(token)
    return tokens


def _read_all(tokens: list[_Token]) -> list[_Quantity]:
    quantities: list[_Quantity] = []
    index = 0
    while index < len(tokens):
        found = None
        if _could_start(tokens[index]):
            found = _read_quantity(tokens, index) or _read_multiplier_word(tokens, index)
        if found is None:
            index += 1
            continue
        quantities.append(found)
        index = found.end
    return quantities


def _could_start(token: _Token) -> bool:
    if token.kind != "word":
        return token.kind == "num" or token.text in CURRENCY_SYMBOLS
    return token.lower in STARTING_WORDS or token.lower.endswith("fold")


def _read_quantity(tokens: list[_Token], index: int) -> _Quantity | None:
    currency = None
    if tokens[index].text in CURRENCY_SYMBOLS:
        currency = CURRENCY_SYMBOLS[tokens[index].text]
        index += 1
    quantity = _read_number(tokens, index)
    if quantity is None:
        return None
    if currency is not None:
        quantity.unit = currency
        quantity.first -= 1
        return quantity
    if _token(tokens, quantity.end, "+"):  # "40+ engineers"
        quantity.end += 1
    if quantity.unit is None:  # no unit glued to the number ("3x", "600ms")
        unit = _read_unit(tokens, quantity)
        if unit is not None:
            quantity.unit, quantity.end = unit
    return quantity


def _read_number(tokens: list[_Token], index: int) -> _Quantity | None:
    """The number at `index` with its k/M/B or thousand/million/billion, unit still unread."""
    if index >= len(tokens):
        return None
    token = tokens[index]
    if token.kind == "num":
        quantity = _read_digits(tokens, index)
    else:
        quantity = _read_number_words(tokens, index)
    if quantity is None:
        return None
    if quantity.scale is None and quantity.end < len(tokens):
        scale = SCALE_WORDS.get(tokens[quantity.end].lower)
        if scale is not None:
            quantity.scale = scale
            quantity.end += 1
    return quantity


def _read_digits(tokens: list[_Token], index: int) -> _Quantity | None:
    token = tokens[index]
    if _glued_to_neighbour(tokens, index):  # "v2.0", "9:30", "24/7"
        return None
    quantity = _Quantity(raw=float(token.text.replace(",", "")), scale=None, unit=None,
                         first=index, end=index + 1)  # fmt: skip
    if token.suffix:
        meaning = suffix_meaning(token.suffix)
        if meaning is None or _is_decade(tokens, index):  # "2am", "3rd", "5G", "the 1990s"
            return None
        quantity.scale, quantity.unit = meaning
    elif _is_half_after_and(tokens, index + 1):  # "2 and a half weeks"
        quantity.raw += 0.5
        quantity.end += 3
    return quantity


def _read_number_words(tokens: list[_Token], index: int) -> _Quantity | None:
    """ "fifteen", "twenty-five", "a dozen", "two hundred", "two and a half", "half a"."""
    words = [t.lower for t in tokens[index : index + 6]]
    read = number_word(words)
    if read is None:
        return None
    value, used, said_one = read
    quantity = _Quantity(raw=value, scale=None, unit=None, first=index, end=index + used,
                         said_one=said_one, digits=False)  # fmt: skip
    if value == int(value) and _is_half_after_and(tokens, quantity.end):
        quantity.raw += 0.5
        quantity.end += 3
        quantity.said_one = False
    return quantity


def _read_unit(tokens: list[_Token], quantity: _Quantity) -> tuple[str, int] | None:
    """The unit after the number and where it ends, if the next words name one."""
    index = quantity.end
    hyphen = _hyphen_at(tokens, index)
    if hyphen:
        index += 1
    token = tokens[index] if index < len(tokens) else None
    if token is None:
        return None
    if token.text in {"%", "×"}:
        return ("%" if token.text == "%" else "x"), index + 1
    if token.kind != "word":
        return None
    named = _named_unit(tokens, index)
    if named is not None:
        return named
    noun = count_unit(token.lower)
    if noun is not None:
        unit, singular = noun
        # "twenty user journeys": a singular noun after a plural number modifies the next one.
        if not singular or hyphen or quantity.raw == 1 or token.lower in {"person", "point"}:
            return unit, index + 1
    if hyphen or _YEAR.fullmatch(tokens[quantity.first].text):
        return None
    return _unit_after_modifier(tokens, index, quantity)


def _named_unit(tokens: list[_Token], index: int) -> tuple[str, int] | None:
    """Units that are not counted things: %, points, x, currency words and time."""
    word = tokens[index].lower
    after = tokens[index + 1].lower if index + 1 < len(tokens) else ""
    if word in {"percent", "pct"} or (word == "per" and after == "cent"):
        return "%", index + (2 if word == "per" else 1)
    if word == "percentage" and after in {"point", "points"} or word in {"pp", "ppt"}:
        return "points", index + (2 if word == "percentage" else 1)
    if word == "basis" and after in {"point", "points"} or word in {"bps", "bp"}:
        return "bps", index + (2 if word == "basis" else 1)
    if word == "x" and after[:1].isdigit():  # "a 2 x 3 grid" is a size, not a multiple
        return None
    if word in {"x", "fold"} or (word == "times" and is_comparative(after)):
        return "x", index + 1
    if word in CURRENCY_WORDS:
        return CURRENCY_WORDS[word], index + 1
    unit = time_unit(word)
    if unit is None or (unit == "quarters" and after == "of"):  # "three quarters of us"
        return None
    return unit, index + 1


def _unit_after_modifier(
    tokens: list[_Token], index: int, quantity: _Quantity
) -> tuple[str, int] | None:
    """ "12,000 daily orders", "two senior engineers": one word between number and unit."""
    modifier = tokens[index]
    if modifier.lower in FUNCTION_WORDS or number_word([modifier.lower]) is not None:
        return None
    if index + 1 >= len(tokens) or _hyphen_at(tokens, index + 1):
        return None
    noun = tokens[index + 1]
    if noun.kind != "word" or noun.start == modifier.end:
        return None
    unit = time_unit(noun.lower)
    if unit is not None:
        return unit, index + 2
    counted = count_unit(noun.lower)
    if counted is not None and (not counted[1] or quantity.raw == 1):
        return counted[0], index + 2
    return None


def _read_multiplier_word(tokens: list[_Token], index: int) -> _Quantity | None:
    """ "doubled", "tripled", "halved", "cut in half", "twice as", "threefold"."""
    words = tuple(t.lower for t in tokens[index : index + 3])
    for phrase, value in MULTIPLIER_WORDS.items():
        if words[: len(phrase)] == phrase:
            return _Quantity(raw=value, scale=None, unit="x", first=index,
                             end=index + len(phrase), digits=False)  # fmt: skip
    word = words[0] if words else ""
    if word.endswith("fold") and (read := number_word([word[:-4]])) is not None:
        return _Quantity(raw=read[0], scale=None, unit="x", first=index, end=index + 1,
                         digits=False)  # fmt: skip
    return None


def _share_range_units(quantities: list[_Quantity], tokens: list[_Token]) -> None:
    """ "3-4 weeks", "from 40 to 12 minutes": the first number takes the second's unit;
    "from 9 days to 3": a bare number after "to" takes the first's."""
    for before, after in zip(quantities, quantities[1:], strict=False):
        connector = _range_connector(tokens, before, after)
        if connector is None:
            continue
        if before.unit is None and after.unit is not None:
            before.unit = after.unit
            before.said_one = before.said_one and after.said_one
            before.end = after.end  # its text is the whole range: "3-4 weeks"
        elif after.unit is None and before.unit is not None and connector in {"to"} | DASHES:
            # "$3-5M round": money needs no check; "9 days to 3 simple steps" is no range.
            if before.unit in CURRENCY_SYMBOLS or _ends_bare(tokens, after.end):
                after.unit = before.unit
        # "$3-5M": the scale said once covers both ends, when the first is the smaller.
        if before.unit == after.unit and before.scale is None and after.scale is not None:
            if before.raw < after.raw:
                before.scale = after.scale
                before.end = after.end


def _range_connector(tokens: list[_Token], before: _Quantity, after: _Quantity) -> str | None:
    between = [t.lower for t in tokens[before.end : after.first]]
    between = [w for w in between if w not in _APPROXIMATE]
    if len(between) != 1 or between[0] not in _RANGE_WORDS:
        return None
    connector = between[0]
    if connector == "and" and not _token(tokens, before.first - 1, "between"):
        return None
    return connector


def _ends_bare(tokens: list[_Token], index: int) -> bool:
    """Nothing after the number that could be its own unit: end, punctuation or "in"."""
    if index >= len(tokens):
        return True
    token = tokens[index]
    return token.kind == "sym" and token.text not in DASHES or token.lower in FUNCTION_WORDS


def _to_metric(quantity: _Quantity, tokens: list[_Token], text: str) -> Metric | None:
    unit = quantity.unit
    if unit is None and quantity.scale is not None and quantity.digits:
        unit = "count"  # "400k" on its own is a count
    if unit is None:
        return None
    if quantity.said_one and count_unit(unit) is not None:  # "one module", "a one-page memo"
        return None
    said = text[tokens[quantity.first].start : tokens[quantity.end - 1].end]
    return Metric(value=quantity.value, unit=unit, text=said)


def _token(tokens: list[_Token], index: int, text: str) -> bool:
    return 0 <= index < len(tokens) and tokens[index].lower == text


def _hyphen_at(tokens: list[_Token], index: int) -> bool:
    """A dash joining two words without spaces: the "-" of "two-day"."""
    if not 0 < index < len(tokens) - 1 or tokens[index].text not in DASHES:
        return False
    glued = tokens[index - 1].end == tokens[index].start == tokens[index + 1].start - 1
    return glued and tokens[index + 1].kind == "word"


def _is_half_after_and(tokens: list[_Token], index: int) -> bool:
    words = [t.lower for t in tokens[index : index + 3]]
    return words == ["and", "a", "half"]


def _is_decade(tokens: list[_Token], index: int) -> bool:
    token = tokens[index]
    if token.suffix != "s" or "." in token.text or int(token.text.replace(",", "")) % 10:
        return False
    return bool(_YEAR.fullmatch(token.text)) or _token(tokens, index - 1, "the")


def _glued_to_neighbour(tokens: list[_Token], index: int) -> bool:
    token = tokens[index]
    if index > 0:
        previous = tokens[index - 1]
        if previous.end == token.start and (previous.kind == "word" or previous.text in ".:/'’"):
            return True
        if previous.text in DASHES and previous.end == token.start and index > 1:
            named = tokens[index - 2]  # "COVID-19", "B-52": a name, not a range
            return named.kind == "word" and named.end == previous.start
    if index + 2 < len(tokens):
        following, third = tokens[index + 1], tokens[index + 2]
        if following.text in ":/" and following.start == token.end and third.kind == "num":
            return True
    return False
