"""Is this utterance a question, which kind, and where does it start.

`classify` is the one-shot entry point (CLI, tests, the live detector);
`analyze` also returns the question's own text with any preamble ("okay great,
so the next one is a classic, um,") dropped. Pure and allocation-light: the
live path calls it on every partial transcript.

The verdict and the kind come from the learned model (model.py), which reads the
words and the rules' onset as features; the rules still say where the question
starts. A "?" written by the recognizer is weak evidence (MARK_EVIDENCE on the
logit), never proof: read speech that the recognizer punctuated as a question
("He was not an old-sposed young man?") stays a statement.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from intervoo.events import QuestionKind
from intervoo.questions.forms import Onset, find_onset
from intervoo.questions.lexicon import FOLLOW_UP_PHRASES, PREAMBLE_WORDS
from intervoo.questions.model import shipped_model, sigmoid
from intervoo.questions.text import BOUNDARY, Normalized, normalize

MAX_CHARS = 4000
"""Longer text is not one utterance; the caller split it wrongly."""

MARK_EVIDENCE = 1.5
"""Logit added when the text carries a "?": a nudge for a question-like statement ("so
you rewrote it?"), never enough to lift plain read speech. At 2.0 with the 0.42
threshold, tiny.en's "What joy there is in living?" (a read Harvard sentence) fired."""
QUESTION_THRESHOLD = 0.46
"""The highest threshold that keeps the dev set's recall target, because the dev set is
not the talk it will meet: on meeting talk never trained on (MRDA validation meetings,
tools/question_model_eval.py) false positives fall as it rises. Shipped model, raw, dev
R4 / FP, meetings R4 / FP: 0.42 0.929 / 0.9%, 0.650 / 2.9%; 0.46 0.921 / 0.9%, 0.642 /
2.5%; 0.5 0.914 / 0.9%, 0.630 / 2.3%."""
RULES_ONLY_BELOW_WORDS = 3
"""One or two words ("why?", "what?") give the model too few features to weigh; the
rules' forms decide those (a lone "what" asks to repeat, "why" asks for more)."""
_NO_QUESTION_CONFIDENCE = 0.05
_ONLY_IN_CONTEXT = 0.4


@dataclass(frozen=True, slots=True)
class Classification:
    """`confidence` is how likely the text is a question (is_question: >= QUESTION_THRESHOLD)."""

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


def _question_start(norm: Normalized, onset: Onset | None) -> int:
    """Keep the prefix before the onset as context unless it is only preamble."""
    if onset is None:
        return 0
    prefix = [t for t in norm.tokens[: onset.index] if t not in BOUNDARY]
    return onset.index if all(w in PREAMBLE_WORDS for w in prefix) else 0


def question_probability(norm: Normalized, evidence: float = 0.0) -> float:
    """How likely the utterance is a question, the "?" and the caller's evidence weighed in.

    `evidence` is a logit from outside the words: the conversation around them (a setup
    just said, the candidate starting to answer).
    """
    if len(norm.words) < RULES_ONLY_BELOW_WORDS:
        onset = find_onset(norm)
        if onset is not None:
            base = min(0.99, onset.strength + (0.05 if norm.question_mark else 0.0))
        elif norm.joined() in FOLLOW_UP_PHRASES:
            base = _ONLY_IN_CONTEXT  # "then what" asks only after something was set up
        else:
            base = _NO_QUESTION_CONFIDENCE
        return min(0.99, sigmoid(math.log(base / (1 - base)) + evidence)) if evidence else base
    logit = shipped_model().question_logit(norm) + evidence
    return min(0.999, sigmoid(logit + (MARK_EVIDENCE if norm.question_mark else 0.0)))


def kind_of_question(words: tuple[str, ...]) -> tuple[QuestionKind, float]:
    """The most likely kind of a question and a 0..1 certainty (the lead over the next)."""
    probabilities = sorted(
        shipped_model().kind_probabilities(words).items(), key=lambda item: -item[1]
    )
    (best, first), (_, second) = probabilities[0], probabilities[1]
    return best, round(first - second, 3)


def analyze(text: str, evidence: float = 0.0) -> Analysis:
    if len(text) > MAX_CHARS:
        raise QuestionTextError(f"utterance too long: {len(text)} characters (max {MAX_CHARS})")
    norm = normalize(text)
    probability = round(question_probability(norm, evidence), 4)
    if probability < QUESTION_THRESHOLD or not norm.words:
        return Analysis(Classification(False, None, probability), "", (), norm)
    start = _question_start(norm, find_onset(norm))
    words = tuple(t for t in norm.tokens[start:] if t not in BOUNDARY)
    kind, kind_certainty = kind_of_question(words)
    question = text[norm.starts[start] :].strip() if norm.starts else text.strip()
    classification = Classification(True, kind, probability)
    return Analysis(classification, question, words, norm, kind_certainty)


def classify(text: str) -> Classification:
    """Whether `text` (one utterance, raw ASR or typed) is a question, its kind and confidence."""
    return analyze(text).classification
