"""Spelled-out English numbers to digits, for scoring transcripts: "ninety days" == "90 days".

    numbers_to_digits(["the", "first", "ninety", "days"]) -> ["the", "1st", "90", "days"]

Works on lower-case word tokens. Handles cardinals up to the billions ("three hundred and
five thousand"), "a hundred", ordinals ("twenty first" -> "21st"), decimals ("two point
five"), digits with a scale word ("5 million") and years said in pairs ("nineteen ninety
five" -> "1995", "twenty twenty four" -> "2024"). A sequence that cannot be one number, such
as "one two three", stays several numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

_UNITS = "zero one two three four five six seven eight nine".split()
_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_SMALL = {word: value for value, word in enumerate(_UNITS + _TEENS)}
_SMALL |= {word: 20 + 10 * index for index, word in enumerate(_TENS)}
_SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_HUNDRED = 100

_ORDINAL_WORDS = {
    "first": "one", "second": "two", "third": "three", "fifth": "five", "eighth": "eight",
    "ninth": "nine", "twelfth": "twelve",
}  # fmt: skip


def _ordinal_base(word: str) -> str | None:
    """The cardinal word behind an ordinal ("twentieth" -> "twenty"), or None."""
    if word in _ORDINAL_WORDS:
        return _ORDINAL_WORDS[word]
    if word.endswith("ieth") and word[:-4] + "y" in _SMALL:
        return word[:-4] + "y"
    if word.endswith("th") and (word[:-2] in _SMALL or word[:-2] in _SCALES or word == "hundredth"):
        return word[:-2]
    return None


def _suffix(value: int) -> str:
    if value % 100 in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")


def _is_digits(word: str) -> bool:
    head, _, tail = word.partition(".")
    return head.isdigit() and (not tail or tail.isdigit())


@dataclass
class _Number:
    """A number being read word by word: `total` of finished scales plus the current `group`."""

    total: int = 0
    group: int = 0
    last: str = ""  # "unit", "teen", "tens", "hundred", "scale"
    words: int = 0

    @property
    def value(self) -> int:
        return self.total + self.group

    def accepts(self, word: str) -> bool:
        """Whether `word` continues this number rather than starting a new one."""
        if word == "hundred":
            return self.last in ("unit", "teen", "tens") and 0 < self.group < 100
        if word in _SCALES:
            scale = _SCALES[word]
            return self.last != "scale" and self.group > 0 and (self.total % (scale * 1000) == 0)
        kind = _kind(word)
        if self.last in ("hundred", "scale"):
            return True
        if self.last == "tens":
            return kind == "unit" and self.group % 10 == 0 and word != "zero"
        return False

    def add(self, word: str) -> None:
        self.words += 1
        if word == "hundred":
            self.group *= _HUNDRED
            self.last = "hundred"
        elif word in _SCALES:
            self.total += self.group * _SCALES[word]
            self.group, self.last = 0, "scale"
        else:
            self.group += _SMALL[word]
            self.last = _kind(word)


def _kind(word: str) -> str:
    value = _SMALL[word]
    return "unit" if value < 10 else "teen" if value < 20 else "tens"


def _read_year(words: Sequence[str], start: int) -> tuple[str, int] | None:
    """ "nineteen ninety five" / "twenty twenty four": two pairs of digits said as one year."""
    first = words[start]
    if not (first == "twenty" or 11 <= _SMALL.get(first, 0) <= 19) or start + 1 >= len(words):
        return None
    second = words[start + 1]
    if _SMALL.get(second, 0) < 10:
        return None
    low, used = _SMALL[second], 2
    after = words[start + 2] if start + 2 < len(words) else ""
    if _kind(second) == "tens" and after in _SMALL and _kind(after) == "unit" and after != "zero":
        low, used = low + _SMALL[after], 3
    return str(_SMALL[first] * 100 + low), used


def _read_cardinal(words: Sequence[str], start: int) -> tuple[str, int] | None:
    """The longest number starting at `start`: (digits, words used), ordinals marked."""
    number = _Number()
    index = start
    if words[index] == "a" and index + 1 < len(words) and words[index + 1] in ("hundred", *_SCALES):
        number.group, number.last, number.words = 1, "unit", 1
        index += 1
    while index < len(words):
        word = words[index]
        ordinal = _ordinal_base(word)
        base = ordinal or word
        and_joins = (
            word == "and"
            and number.last in ("hundred", "scale")
            and index + 1 < len(words)
            and _is_number_word(words[index + 1])
        )
        if and_joins:
            index += 1
            continue
        if not (base in _SMALL or base == "hundred" or base in _SCALES):
            break
        if number.words and not number.accepts(base):
            break
        if not number.words and base in ("hundred", *_SCALES):
            break
        number.add(base)
        index += 1
        if ordinal:
            return f"{number.value}{_suffix(number.value)}", index - start
    if number.words == 0:
        return None
    return str(number.value), index - start


def _is_number_word(word: str) -> bool:
    """A cardinal or ordinal below a hundred ("five", "twentieth")."""
    return (_ordinal_base(word) or word) in _SMALL


def _read_decimal(words: Sequence[str], start: int, whole: str) -> tuple[str, int]:
    """After a number: "point five two" -> ".52" appended to `whole`."""
    index = start
    if index + 1 < len(words) and words[index] == "point" and words[index + 1] in _UNITS:
        digits = []
        index += 1
        while index < len(words) and words[index] in _UNITS:
            digits.append(str(_SMALL[words[index]]))
            index += 1
        return f"{whole}.{''.join(digits)}", index - start
    return whole, 0


def _apply_scale(digits: str, scale_word: str) -> str:
    """ "5" + "million" -> "5000000"; "1.5" + "million" -> "1500000"."""
    head, _, tail = digits.partition(".")
    scaled = int(head + tail) * _SCALES[scale_word] // (10 ** len(tail))
    return str(scaled)


def numbers_to_digits(words: Sequence[str]) -> list[str]:
    """`words` with each spelled-out number replaced by its digits."""
    out: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        if _is_digits(word):
            digits, index = word, index + 1
        elif read := _read_year(words, index) or _read_cardinal(words, index):
            digits, index = read[0], index + read[1]
            if digits.isdigit():
                digits, used = _read_decimal(words, index, digits)
                index += used
        else:
            out.append(word)
            index += 1
            continue
        while _is_digits(digits) and index < len(words) and words[index] in _SCALES:
            digits, index = _apply_scale(digits, words[index]), index + 1
        out.append(digits)
    return out
