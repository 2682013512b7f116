"""Is this utterance a question, which kind, and where does it start.

`classify` is the one-shot entry point (CLI, tests, the live detector);
`analyze` also returns the question's own text with any preamble ("okay great,
so the next one is a classic, um,") dropped. Pure and allocation-light: the
live path calls it on every partial transcript.
"""

from __future__ import annotations

from dataclasses import dataclass

from intervoo.events import QuestionKind
from intervoo.questions.forms import Onset, find_onset
from intervoo.questions.kinds import kind_of
from intervoo.questions.lexicon import PREAMBLE_WORDS
from intervoo.questions.text import BOUNDARY, Normalized, normalize

MAX_CHARS = 4000
"""Longer text is not one utterance; the caller split it wrongly."""

_NO_QUESTION_CONFIDENCE = 0.05


@dataclass(frozen=True, slots=True)
class Classification:
    """`confidence` is how likely the text is a question (is_question is confidence >= 0.5)."""

    is_question: bool
    kind: QuestionKind | None
    confidence: float


@dataclass(frozen=True, slots=True)
class Analysis:
    classification: Classification
    question: str  # the question's own text, preamble dropped; "" when none
    words: tuple[str, ...]  # normalized words of `question`
    normalized: Normalized  # the whole utterance, preamble included
    kind_certainty: float = 0.0


class QuestionTextError(ValueError):
    """The text cannot be one utterance (too long)."""


def _question_start(norm: Normalized, onset: Onset) -> int:
    """Keep the prefix before the onset as context unless it is only preamble."""
    prefix = [t for t in norm.tokens[: onset.index] if t not in BOUNDARY]
    return onset.index if all(w in PREAMBLE_WORDS for w in prefix) else 0


def analyze(text: str) -> Analysis:
    if len(text) > MAX_CHARS:
        raise QuestionTextError(f"utterance too long: {len(text)} characters (max {MAX_CHARS})")
    norm = normalize(text)
    onset = find_onset(norm)
    if onset is None:
        nothing = Classification(False, None, _NO_QUESTION_CONFIDENCE)
        return Analysis(nothing, "", (), norm)
    start = _question_start(norm, onset)
    words = tuple(t for t in norm.tokens[start:] if t not in BOUNDARY)
    kind, kind_certainty = kind_of(" ".join(words))
    confidence = min(0.99, onset.strength + (0.05 if norm.question_mark else 0.0))
    question = text[norm.starts[start] :].strip() if norm.starts else text.strip()
    classification = Classification(True, kind, round(confidence, 3))
    return Analysis(classification, question, words, norm, kind_certainty)


def classify(text: str) -> Classification:
    """Whether `text` (one utterance, raw ASR or typed) is a question, its kind and confidence."""
    return analyze(text).classification
