"""Countable signals in an answer: filler words, pronouns, vague words, specifics. Pure."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_WORD = re.compile(r"[A-Za-z0-9$€£%][\w'’%.,$]*")

# Fillers that are fillers in any position; "like" and "so" only count where they
# interrupt a clause (after a comma or at the start), since both are also real words.
_FILLERS = re.compile(
    r"\b(um+|uh+|erm|er|ah|hmm|you know|i mean|sort of|kind of|basically|literally|"
    r"actually|honestly|so yeah)\b|(?:^|[,.!?]\s*)(like|so)\s*,",
    re.IGNORECASE | re.MULTILINE,
)
_I_WORDS = re.compile(r"\b(i|me|my|myself|i'm|i've|i'd)\b", re.IGNORECASE)
_WE_WORDS = re.compile(r"\b(we|us|our|ourselves|we're|we've|we'd)\b", re.IGNORECASE)
_VAGUE = re.compile(
    r"\b(stuff|things?|various|a lot|lots of|some kind|always|never|usually|generally|"
    r"typically|somehow|etc|and so on|whatever|would|could)\b",
    re.IGNORECASE,
)
# A capitalised word that is not the first of its sentence: a product, team, company,
# technology. "I" and sentence starts are not names.
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-zA-Z0-9]+|[A-Z]{2,})\b")
_NOT_NAMES = frozenset({"I", "I'm", "I've", "I'd", "OK", "Then", "So"})
_NUMBER = re.compile(r"\b\d[\d,.]*\b|\b(one|two|three|four|five|six|seven|eight|nine|ten)\b")


@dataclass(frozen=True, slots=True)
class Signals:
    words: int
    fillers: dict[str, int]
    i_count: int
    we_count: int
    vague: dict[str, int]
    names: tuple[str, ...]
    numbers: int

    @property
    def filler_total(self) -> int:
        return sum(self.fillers.values())


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


def without_fillers(text: str) -> str:
    """The text with the fillers `signals` counts taken out, and the commas they leave."""
    kept, last = [], 0
    for match in _FILLERS.finditer(text):
        group = 1 if match.group(1) else 2
        kept.append(text[last : match.start(group)])
        last = match.end(group)
    kept.append(text[last:])
    out = re.sub(r"\s*,(?:\s*,)+", ",", "".join(kept))
    out = re.sub(r"([.!?])\s*,", r"\1", out)
    out = re.sub(r"^[\s,]+|\s+(?=[,.!?])", "", out)
    return re.sub(r"\s{2,}", " ", out).strip()


def signals(text: str) -> Signals:
    fillers = Counter((m.group(1) or m.group(2)).lower() for m in _FILLERS.finditer(text))
    names = tuple(
        dict.fromkeys(m.group(1) for m in _NAME.finditer(text) if m.group(1) not in _NOT_NAMES)
    )
    return Signals(
        words=count_words(text),
        fillers=dict(fillers),
        i_count=len(_I_WORDS.findall(text)),
        we_count=len(_WE_WORDS.findall(text)),
        vague=dict(Counter(m.group(1).lower() for m in _VAGUE.finditer(text))),
        names=names,
        numbers=len(_NUMBER.findall(text)),
    )
