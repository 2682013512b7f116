"""Text analysis shared by retrieval, competency classification and duplicate detection.

A light stemmer (plural, -ing, -ed, -ly, -ment, -ion, final -e) keeps word
families together ("negotiated", "negotiation" -> "negotiat") without the
over-reach of a full Porter stemmer. Concepts (see `lexicon`) bridge words that
mean the same thing in an interview ("boss", "VP", "manager" -> `~superior`),
which is what lets a question match a story written in other words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from intervoo.stories.lexicon import CONCEPTS, STOPWORDS

_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_VOWELS = frozenset("aeiouy")
CONCEPT_PREFIX = "~"


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Strip common English suffixes; short words are left alone."""
    w = word.lower().replace("’", "'")
    if w.endswith("n't"):
        return "not"
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) <= 3 or w.isdigit():
        return w
    w = _strip_plural(w)
    for suffix in ("ingly", "edly", "ing", "ed", "ly", "ment", "ness", "ion", "al"):
        if w.endswith(suffix) and _has_vowel(w[: -len(suffix)]) and len(w) - len(suffix) >= 3:
            w = _undouble(w[: -len(suffix)])
            break
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    return w


def _strip_plural(w: str) -> str:
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("ied") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "shes", "ches", "xes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def _has_vowel(s: str) -> bool:
    return any(c in _VOWELS for c in s)


def _undouble(w: str) -> str:
    """running -> run, planned -> plan (but keep "ll", "ss": "called", "passed")."""
    if len(w) >= 3 and w[-1] == w[-2] and w[-1] not in "lsz" and w[-1] not in _VOWELS:
        return w[:-1]
    return w


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


def content_stems(text: str) -> list[str]:
    """Stems of the words that carry meaning (stopwords dropped)."""
    return [stem(w) for w in words(text) if w not in STOPWORDS]


@dataclass(frozen=True, slots=True)
class _ConceptTable:
    """Concept lookups compiled once: single stems and multi-word phrases (as stem tuples)."""

    by_stem: dict[str, tuple[str, ...]]
    phrases: dict[str, tuple[tuple[tuple[str, ...], str], ...]] = field(default_factory=dict)


def _compile_concepts() -> _ConceptTable:
    by_stem: dict[str, list[str]] = {}
    phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for concept, cues in CONCEPTS.items():
        for cue in cues:
            stems = tuple(stem(w) for w in words(cue))
            # Cues of one family ("negotiate", "negotiation") share a stem: count once.
            if len(stems) == 1 and concept not in by_stem.get(stems[0], []):
                by_stem.setdefault(stems[0], []).append(concept)
            elif len(stems) > 1 and (stems, concept) not in phrases.get(stems[0], []):
                phrases.setdefault(stems[0], []).append((stems, concept))
    return _ConceptTable(
        by_stem={k: tuple(v) for k, v in by_stem.items()},
        phrases={k: tuple(v) for k, v in phrases.items()},
    )


_TABLE = _compile_concepts()


def concepts_in(text: str) -> list[str]:
    """Concept names the text expresses, once per mention, in order of appearance.

    Phrases are matched over all words (stopwords included: "push back",
    "without being asked"); single cues over content words only.
    """
    all_stems = [stem(w) for w in words(text)]
    raw = words(text)
    found: list[str] = []
    for i, s in enumerate(all_stems):
        for phrase, concept in _TABLE.phrases.get(s, ()):
            if tuple(all_stems[i : i + len(phrase)]) == phrase:
                found.append(concept)
        if raw[i] not in STOPWORDS:
            found.extend(_TABLE.by_stem.get(s, ()))
    return found


def analyze(text: str) -> list[str]:
    """Index terms: content stems plus `~concept` tokens."""
    return content_stems(text) + [CONCEPT_PREFIX + c for c in concepts_in(text)]


def unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
