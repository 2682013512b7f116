"""Small pure text helpers the composer and prompts share.

The composer only ever rearranges the candidate's own words: these helpers cut,
trim and re-voice sentences, they never add facts. `numbers_in` is how tests
(and the LLM guard) check that every number in an answer came from the context.
"""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_CLAUSE_BREAK = re.compile(r",\s+|;\s+|\s+-\s+|\s+—\s+")
_WORD = re.compile(r"[A-Za-z][A-Za-z'+#.-]*")

# Past-tense verbs a resume bullet starts with that do not end in "-ed".
_IRREGULAR_VERBS = frozenset(
    {
        "led", "built", "ran", "made", "drove", "grew", "cut", "won", "wrote", "took",
        "set", "brought", "taught", "sold", "spun", "found", "began", "kept", "held",
        "rebuilt", "rewrote", "undertook", "oversaw", "put", "shipped", "split",
    }
)  # fmt: skip
# Present-tense verbs resume bullets open with ("Build an algorithm…").
_BASE_VERBS = frozenset(
    {
        "build", "design", "develop", "lead", "manage", "create", "implement", "drive",
        "own", "run", "maintain", "deliver", "write", "architect", "launch", "mentor",
    }
)  # fmt: skip
# Sentence openers that are never names, so they can follow "At Northwind, ".
_LOWER_STARTS = frozenset(
    {
        "our", "the", "a", "an", "my", "we", "when", "after", "during", "every", "each",
        "most", "many", "some", "all", "as", "before", "while", "once", "only", "since",
        "two", "three", "one", "in", "on", "for", "with", "at", "it", "this", "that",
    }
)  # fmt: skip
_STOPWORDS = frozenset(
    {
        "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "for", "with", "at",
        "by", "from", "is", "are", "was", "were", "be", "been", "it", "its", "this", "that",
        "you", "your", "me", "my", "i", "we", "our", "us", "they", "them", "their", "what",
        "when", "where", "how", "why", "who", "which", "do", "did", "does", "have", "has",
        "had", "can", "could", "would", "should", "will", "about", "tell", "time", "give",
        "example", "describe", "walk", "through", "as", "so", "if", "not", "all", "any",
        "some", "more", "most", "into", "out", "up", "than", "then", "there", "here", "just",
        "like", "one", "very", "also", "each", "other",
    }
)  # fmt: skip


def sentences(text: str) -> list[str]:
    """Split prose into sentences (good enough for resume and story text)."""
    cleaned = " ".join(text.split())
    if not cleaned:
        return []
    return [part.strip() for part in _SENTENCE_END.split(cleaned) if part.strip()]


def first_sentence(text: str) -> str:
    parts = sentences(text)
    return parts[0] if parts else ""


def clip_words(text: str, max_words: int) -> str:
    """Shorten to at most `max_words`, preferring to stop at a clause boundary.

    Never cuts in the middle of a clause that carries a number: a clipped
    number ("4" of "40%") would be a new, false number.
    """
    words = text.split()
    if len(words) <= max_words:
        return text.strip()
    kept = ""
    for clause in _clauses(text):
        candidate = f"{kept}{clause}" if kept else clause
        if len(candidate.split()) > max_words:
            break
        kept = candidate
    if len(kept.split()) < max_words // 2:
        # One long clause: cutting between words still never splits a number.
        kept = " ".join(words[:max_words])
    return kept.rstrip(" ,;-—") + "…"


def _clauses(text: str) -> list[str]:
    """Clauses with their trailing separator kept, so joining them restores the text."""
    out: list[str] = []
    last = 0
    for match in _CLAUSE_BREAK.finditer(text):
        out.append(text[last : match.end()])
        last = match.end()
    out.append(text[last:])
    return [part for part in out if part.strip()]


def strip_end(text: str) -> str:
    return text.strip().rstrip(".!?;:,").strip()


def lower_first(text: str) -> str:
    """Lower-case the first letter unless the first word looks like a name or acronym."""
    if not text:
        return text
    first = text.split(maxsplit=1)[0]
    if first == "I" or first.startswith("I'") or (len(first) > 1 and first[1:2].isupper()):
        return text
    word = first.lower()
    if word in _LOWER_STARTS or (word.endswith("ing") and len(word) > 5):
        return text[0].lower() + text[1:]  # "Deploying the platform…" reads on after a comma
    return text


def first_person(text: str) -> str:
    """Re-voice a resume-style fragment ("Led the migration…", "Successfully won…",
    "Build an algorithm…") as "I led the migration…", "I successfully won…", "I build…"."""
    text = text.strip()
    if not text or not text[:1].isupper():
        return text
    first, _, rest = text.partition(" ")
    second = rest.split(" ", 1)[0] if rest else ""
    # "Pied Piper": a capitalized next word makes an "-ed" word part of a name.
    past = _is_verb(first) and (first.lower() in _IRREGULAR_VERBS or not second[:1].isupper())
    if past or _is_base_verb(first) or (first.lower().endswith("ly") and _is_verb(second)):
        return f"I {first[0].lower()}{first[1:]} {rest}".strip()
    return text


def _is_verb(word: str) -> bool:
    word = word.lower().strip(",.")
    return word in _IRREGULAR_VERBS or (word.endswith("ed") and len(word) > 3)


def _is_base_verb(word: str) -> bool:
    return word.lower().strip(",.") in _BASE_VERBS


def sentence_case(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] if text else text


def end_with_period(text: str) -> str:
    text = text.strip()
    if not text or text.endswith(("…", ".", "!", "?")):
        return text
    return text + "."


def numbers_in(text: str) -> set[str]:
    """Every number written with digits, normalized ("1,200" → "1200")."""
    return {match.replace(",", "") for match in _NUMBER.findall(text)}


def keywords(text: str) -> set[str]:
    """Content words, lower-cased, for cheap overlap scoring."""
    found = {word.lower().strip(".'-") for word in _WORD.findall(text)}
    return {_stem(word) for word in found if len(word) > 2 and word not in _STOPWORDS}


def _stem(word: str) -> str:
    """Plural to singular, the one inflection that most often hides a match."""
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def has_number(text: str) -> bool:
    return bool(_NUMBER.search(text))
