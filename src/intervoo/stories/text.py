"""Text analysis shared by retrieval, competency classification and duplicate detection.

The Porter2 stemmer keeps word families together ("negotiated",
"negotiation" -> "negoti"; "ambiguous", "ambiguity" -> "ambigu"), with irregular
past forms mapped to their verb first ("led" -> "lead"). Concepts (see
`lexicon`) bridge words that mean the same thing in an interview ("boss", "VP",
"manager" -> `~superior`), which is what lets a question match a story written
in other words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer

from intervoo.stories.lexicon import CONCEPTS, STOPWORDS

_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_SNOWBALL = snowballstemmer.stemmer("english")
CONCEPT_PREFIX = "~"


# Irregular past forms that stories use and questions put in the present ("I led" /
# "leading"): Porter2 leaves them alone, so map them to their base verb first.
_IRREGULAR = {
    "led": "lead", "ran": "run", "broke": "break", "broken": "break", "taught": "teach",
    "thought": "think", "brought": "bring", "bought": "buy", "sold": "sell", "told": "tell",
    "chose": "choose", "chosen": "choose", "wrote": "write", "written": "write",
    "spoke": "speak", "spoken": "speak", "grew": "grow", "grown": "grow", "took": "take",
    "taken": "take", "gave": "give", "given": "give", "went": "go", "gone": "go", "won": "win",
    "lost": "lose", "fell": "fall", "fallen": "fall", "built": "build", "kept": "keep",
    "met": "meet", "felt": "feel", "left": "leave", "sent": "send", "spent": "spend",
    "caught": "catch", "fought": "fight", "sought": "seek", "began": "begin", "begun": "begin",
    "knew": "know", "known": "know", "saw": "see", "seen": "see", "found": "find",
    "heard": "hear", "held": "hold", "paid": "pay", "said": "say", "stood": "stand",
    "understood": "understand", "drove": "drive", "driven": "drive", "rose": "rise",
    "risen": "rise", "shut": "shut", "hid": "hide", "hidden": "hide", "froze": "freeze",
    "frozen": "freeze", "forgot": "forget", "forgotten": "forget", "mistook": "mistake",
    "overtook": "overtake", "undertook": "undertake", "withdrew": "withdraw", "drew": "draw",
    "drawn": "draw", "threw": "throw", "thrown": "throw", "woke": "wake", "woken": "wake",
    "learnt": "learn", "dealt": "deal", "meant": "mean", "struck": "strike", "wound": "wind",
    "people": "person", "children": "child", "men": "man", "women": "woman",
}  # fmt: skip


# Words Porter2 folds into an unrelated family ("accountable" -> "account",
# "experiment" -> "experi" like "experience"): given their own stem instead.
_OWN_STEMS = {
    "manager": "manager", "managers": "manager", "customs": "customs",
    "accountable": "accountab", "accountability": "accountab",
    "responsible": "responsib", "responsibility": "responsib",
    "responsibilities": "responsib", "experiment": "experiment",
    "experiments": "experiment", "experimented": "experiment",
    "experimental": "experiment", "critical": "critical", "integrity": "integrity",
    "productive": "productiv", "productivity": "productiv", "closely": "closely",
    "candidate": "candidate", "candidates": "candidate", "personal": "personal",
    "personality": "personality", "general": "general", "generally": "general",
}  # fmt: skip


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Porter2 (Snowball English) stem, after mapping irregular verbs to their base."""
    w = word.lower().replace("’", "'")
    if w.endswith("n't"):
        return "not"
    if w.endswith("'s"):
        w = w[:-2]
    if w in _OWN_STEMS:
        return _OWN_STEMS[w]
    w = _IRREGULAR.get(w, w)
    if len(w) <= 2 or w.isdigit():
        return w
    return str(_SNOWBALL.stemWord(w))


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


# Words a phrase cue may skip between its own words: "learn something quickly"
# is "learn quickly", "talked him out of" is "talk out of".
PHRASE_GAP = 1


def concepts_in(text: str) -> list[str]:
    """Concept names the text expresses, once per mention, in order of appearance.

    Phrases are matched over all words (stopwords included: "push back",
    "without being asked"), with up to `PHRASE_GAP` other words between theirs;
    single cues over content words only, and not on words a phrase already took
    ("went wrong" is one failure, not also the "wrong" of ethics).
    """
    raw = words(text)
    stems = [stem(w) for w in raw]
    found: list[tuple[int, str]] = []
    covered: set[int] = set()
    for i, first in enumerate(stems):
        for phrase, concept in _TABLE.phrases.get(first, ()):
            positions = _phrase_at(stems, i, phrase)
            if positions:
                found.append((i, concept))
                covered.update(positions)
    for i, s in enumerate(stems):
        if i not in covered and raw[i] not in STOPWORDS:
            found.extend((i, concept) for concept in _TABLE.by_stem.get(s, ()))
    found.sort(key=lambda item: item[0])
    return [concept for _, concept in found]


def _phrase_at(stems: list[str], start: int, phrase: tuple[str, ...]) -> list[int]:
    """The positions of the phrase's words when it starts at `start`, else []."""
    positions = [start]
    for part in phrase[1:]:
        window = range(positions[-1] + 1, min(positions[-1] + 2 + PHRASE_GAP, len(stems)))
        nxt = next((j for j in window if stems[j] == part), None)
        if nxt is None:
            return []
        positions.append(nxt)
    return positions


def analyze(text: str) -> list[str]:
    """Index terms: content stems plus `~concept` tokens."""
    return content_stems(text) + [CONCEPT_PREFIX + c for c in concepts_in(text)]


def headline(text: str, limit: int) -> str:
    """The text cut at the last word boundary within `limit` characters, with "…" if cut."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
