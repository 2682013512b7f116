"""How finished an utterance sounds: the endpointer's hint for when to stop waiting.

1.0 is a complete question ("why do you want to work here?"); near 0 is speech
trailing off mid-phrase ("tell me about a time when", "so the, um,"). A
finished statement sits in between: the speaker may go on to ask something.
"""

from __future__ import annotations

import re

from intervoo.questions.classify import Analysis, analyze
from intervoo.questions.text import FILLERS

# Words that cannot end a finished English phrase.
_DANGLING = frozenset(
    {
        "the", "a", "an", "of", "to", "for", "with", "about", "at", "in", "on", "from", "into",
        "by", "and", "or", "but", "because", "so", "if", "when", "where", "while", "that",
        "which", "who", "whom", "whose", "what", "why", "how", "your", "my", "our", "their",
        "his", "her", "its", "is", "are", "was", "were", "do", "does", "did", "have", "has",
        "had", "can", "could", "would", "will", "should", "shall", "might", "may", "am", "be",
        "been", "being", "i", "we", "they", "than", "as", "such", "very", "really", "more",
        "most", "like", "through", "between", "any", "some", "this", "these", "those", "let",
        "say", "imagine", "suppose", "describe", "explain", "design", "share", "give",
        "tell", "walk", "talk", "take", "just", "also", "then", "um", "uh", "kind", "sort",
    }
)  # fmt: skip
# Prompts that still need their object ("tell me", "give me an example of").
_OPEN_PROMPT = re.compile(
    r"(?:\b(?:tell|give|show|teach) (?:me|us)|\b(?:walk|take|talk) (?:me|us)(?: through)?"
    r"|\ba time|\ban example|\bexamples?|\bcurious|\bwondering|\bhear)$"
)
# A subject just introduced by a subordinator still owes its verb ("…where you").
_SUBORDINATORS = frozenset(
    {"where", "when", "that", "if", "how", "which", "because", "while", "who"}
)
_TRAILING_MARK = re.compile(r"(?:,|-|\.\.\.|\u2026)\s*$")

TRAILING_OFF = 0.05
OPEN_PROMPT = 0.25
STATEMENT = 0.5
SHORT_QUESTION = 0.75
QUESTION = 0.9
MARKED_QUESTION = 0.98


def _trails_off(words: tuple[str, ...]) -> bool:
    if not words or words[-1] in _DANGLING:
        return True
    return (
        len(words) >= 2 and words[-1] in ("you", "he", "she", "it") and words[-2] in _SUBORDINATORS
    )


def completeness(text: str) -> float:
    """A score in [0, 1]: 1 = a finished question, 0 = trailing off mid-phrase."""
    return completeness_of(text, analyze(text))


def completeness_of(text: str, analysis: Analysis) -> float:
    """`completeness` for text already analyzed (the detector has the analysis at hand)."""
    raw_words = text.lower().split()
    if not raw_words:
        return 0.0
    if _TRAILING_MARK.search(text) or raw_words[-1].strip(".,?!") in FILLERS:
        return TRAILING_OFF
    words = analysis.words or tuple(w.strip(".,?!;") for w in raw_words)
    is_question = analysis.classification.is_question
    if is_question and text.rstrip().endswith("?"):
        return MARKED_QUESTION  # the speaker (or the recognizer) closed it: "why?"
    if _trails_off(words):
        return TRAILING_OFF
    if not is_question:
        return STATEMENT
    if _OPEN_PROMPT.search(" ".join(words)):
        return OPEN_PROMPT
    return QUESTION if len(words) >= 3 else SHORT_QUESTION
