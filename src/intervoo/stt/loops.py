"""Telling Whisper's decoding loops from speech: pure functions over the decoded text.

Whisper, decoding without timestamps, sometimes writes a phrase again and again ("You can call
me Abbie. You can call me Abbie", "5 5 5 5 5 5") until its token budget runs out. Two signs
give a loop away, both used by the reference decoder or close to it:
- the text compresses too well (`compression_ratio` above 2.4, Whisper's own threshold);
- a phrase comes back to back: one or two words three times or more, or three words or more
  twice ("five five" and "very very" are speech; "five five five five" is not);
- five words come back anywhere in the text: a loop that ran out of tokens ends in a copy
  cut short ("... the chemical is. The cabbage juice changes color ... basic alk"), which
  never repeats back to back in full. One utterance of speech (under 30 s) almost never says
  the same five words twice, and when it does the cost is one more decode, not lost words.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

MAX_COMPRESSION_RATIO = 2.4
_MIN_LONG_PHRASE = 3  # a phrase this long said twice in a row is a loop
_SHORT_REPEATS = 3  # a shorter phrase needs this many copies in a row
_REPEATED_NGRAM = 5  # these many words said twice anywhere in one utterance


def compression_ratio(text: str) -> float:
    data = text.encode("utf-8")
    return len(data) / len(zlib.compress(data)) if data else 0.0


def _normalized(words: list[str]) -> list[str]:
    return [word.strip(".,?!;:\"'").lower() for word in words]


@dataclass(frozen=True, slots=True)
class Repeat:
    start: int  # index of the first word of the first copy
    length: int  # words in the phrase
    copies: int  # copies back to back


def find_repeat(text: str) -> Repeat | None:
    """The first phrase of `text` that repeats back to back like a loop, or None."""
    words = _normalized(text.split())
    count = len(words)
    for start in range(count):
        for length in range(1, (count - start) // 2 + 1):
            phrase = words[start : start + length]
            if not all(phrase):
                continue
            copies = 1
            while words[start + copies * length : start + (copies + 1) * length] == phrase:
                copies += 1
            needed = 2 if length >= _MIN_LONG_PHRASE else _SHORT_REPEATS
            if copies >= needed:
                return Repeat(start, length, copies)
    return None


def repeats_an_ngram(text: str, n: int = _REPEATED_NGRAM) -> bool:
    """Whether some `n` consecutive words occur twice in `text` without overlapping."""
    words = _normalized(text.split())
    first_seen: dict[tuple[str, ...], int] = {}
    for index in range(len(words) - n + 1):
        gram = tuple(words[index : index + n])
        seen = first_seen.setdefault(gram, index)
        if index - seen >= n:
            return True
    return False


def is_looping(text: str) -> bool:
    return (
        compression_ratio(text) > MAX_COMPRESSION_RATIO
        or find_repeat(text) is not None
        or repeats_an_ngram(text)
    )


def drop_repeated_segments(segments: list[str]) -> list[str]:
    """Timestamped segments without those that say again what a previous one said."""
    kept: list[str] = []
    seen: set[tuple[str, ...]] = set()
    for segment in segments:
        key = tuple(word for word in _normalized(segment.split()) if word)
        if not key:
            continue
        if key in seen:
            continue
        seen.add(key)
        kept.append(segment)
    return kept


def cut_loop(text: str) -> str:
    """`text` with every back-to-back repeat of a looping phrase dropped (one copy kept)."""
    words = text.split()
    while (repeat := find_repeat(" ".join(words))) is not None:
        end_first = repeat.start + repeat.length
        words = words[:end_first] + words[repeat.start + repeat.copies * repeat.length :]
    return " ".join(words)
