"""Does the answer answer the question? A learned, offline judge.

The main signal is the cosine between the question, embedded as a retrieval query,
and the answer, embedded as a passage: a retrieval model was trained to put the
passage that answers a question near it. Raw cosines are not comparable across
questions, though: "Tell me about yourself" carries little topic and sits far from
every answer, and a polished story sits near every question. So the judge also reads
the pair against a shipped reference set of labelled examples (`reference.py`): how
near the question is to answers in general and the answer to questions in general
(the hubness correction of cross-domain retrieval, CSLS), how much the answer looks
like the answers of the question's shape, and like an interview answer rather than a
polished story about something else. A logistic calibration over these, the share of
the question's ideas the answer takes up, and an offset per question shape (each shape
has its own expectation: a self-introduction shares no words with its question) turns
them into a probability that the answer is on topic.

Speech has framing around its content: "Sure. So, um, yeah." before the answer, "That's
it." after it, fillers inside. A sentence embedding of the whole text moves with them
(a borderline on-topic answer crossed the "does not answer" line behind "Sure. So,"),
so the judge embeds the answer's content (`answer_content`): the fillers the feedback
counts are taken out, and short clauses at either end that share no idea with the
question or with the rest of the answer are left aside. Weights come from
tools/train_relevance.py, one set per embedding model, stored in
data/relevance_model.json. Pure apart from the embedder it is given.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources

import numpy as np
from pydantic import BaseModel, ConfigDict

from intervoo.embed import TextEmbedder, default_embedder
from intervoo.practice.reference import Reference, load_reference
from intervoo.practice.shapes import Shape
from intervoo.practice.signals import count_words, signals, without_fillers
from intervoo.stories.text import concepts_in, content_stems

# A sentence at either end of an answer with at most this many words, sharing no idea with
# the question or the rest of the answer, is framing ("Sure.", "Great question.",
# "That's about it."), not content. A content clause that long shares an idea.
FRAMING_WORDS = 6
_SPEAKER = re.compile(r"\b(?:i|i'm|i've|i'd|i'll|my|we|we're|we've|we'd|our)\b", re.I)
FRAMING_SHARE = 0.25  # framing is a small part of an answer; the rest is content
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


class Verdict(StrEnum):
    ON = "on"  # answers the question
    UNCLEAR = "unclear"  # may answer it; the link should be made explicit
    OFF = "off"  # does not answer it


@dataclass(frozen=True, slots=True)
class Relevance:
    probability: float  # that the answer is on topic
    verdict: Verdict
    cosine: float
    # Nearer the typical interview answer (> 0) or the typical polished answer to nothing
    # asked (< 0): the reference's work_fit, which the feedback reads when unsure.
    work_fit: float = 0.0


class Calibration(BaseModel):
    """One embedding model's logistic weights, verdict thresholds and reference file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    features: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float
    off_below: float  # probability under which the answer does not answer
    unclear_below: float
    reference: str  # file in practice/data with the reference set's embeddings


class RelevanceModelError(ValueError):
    """The bundled calibration is missing or does not fit the embedder."""


def _ideas(text: str) -> set[str]:
    return set(content_stems(text)) | set(concepts_in(text))


def answer_content(question: str, answer: str) -> str:
    """The part of the answer the judge embeds: without fillers, and without the framing
    clauses at its ends (at most FRAMING_SHARE of its words); the whole answer where
    nothing else would be left."""
    clauses = [c for c in _SENTENCE_END.split(without_fillers(answer)) if c.strip()]
    if not clauses:
        return answer
    ideas = [_ideas(c) for c in clauses]
    asked = _ideas(question)
    sizes = [count_words(c) for c in clauses]
    budget = FRAMING_SHARE * sum(sizes)

    def framing(i: int) -> bool:
        rest = set().union(*(ideas[j] for j in range(len(clauses)) if j != i))
        found = signals(clauses[i])
        # A number, a name or a speaker ("I", "we") makes a short sentence content.
        bare = not (found.numbers or found.names or _SPEAKER.search(clauses[i]))
        return sizes[i] <= FRAMING_WORDS and bare and not ideas[i] & (asked | rest)

    lo, hi = 0, len(clauses)
    while hi - lo > 1 and framing(lo) and sizes[lo] <= budget:
        budget -= sizes[lo]
        lo += 1
    while hi - lo > 1 and framing(hi - 1) and sizes[hi - 1] <= budget:
        budget -= sizes[hi - 1]
        hi -= 1
    return " ".join(clauses[lo:hi])


def features(
    question: str, answer: str, vectors: tuple[np.ndarray, np.ndarray], shape: Shape,
    reference: Reference,
) -> dict[str, float]:  # fmt: skip
    """The judge's inputs for one pair; `vectors` are the question's query embedding and
    the answer's passage embedding. The training tool calls this same function.

    Measured and left out (tools/train_relevance.py): the answer's length, and its
    closeness to the answers of the most similar reference questions (no weight once
    the shape's own answers are compared).
    """
    q, a = vectors
    asked = _ideas(question)
    return {
        "cosine": float(q @ a),
        "overlap": len(asked & _ideas(answer)) / max(len(asked), 1),
        **reference.context(question, answer, q, a, shape),
        **{f"shape_{s.value}": float(s is shape) for s in Shape},
    }


def probability(calibration: Calibration, values: dict[str, float]) -> float:
    z = calibration.bias + sum(
        w * values[name] for name, w in zip(calibration.features, calibration.weights, strict=True)
    )
    return 1.0 / (1.0 + math.exp(-z))


@cache
def bundled_calibrations() -> dict[str, Calibration]:
    raw = resources.files("intervoo.practice").joinpath("data/relevance_model.json")
    data = json.loads(raw.read_text("utf-8"))
    return {key: Calibration.model_validate(value) for key, value in data["models"].items()}


class RelevanceJudge:
    """Judges (question, answer) pairs with one embedder, its calibration and reference."""

    def __init__(
        self, embedder: TextEmbedder, calibration: Calibration | None = None,
        reference: Reference | None = None,
    ) -> None:  # fmt: skip
        if calibration is None:
            calibration = bundled_calibrations().get(embedder.model_id)
            if calibration is None:
                raise RelevanceModelError(
                    f"no relevance calibration for embedding model {embedder.model_id}; "
                    "run tools/train_relevance.py"
                )
        self._embedder = embedder
        self._calibration = calibration
        self._reference = reference or load_reference(calibration.reference)

    @property
    def thresholds(self) -> tuple[float, float]:
        """(off below, unclear below) on the probability."""
        return self._calibration.off_below, self._calibration.unclear_below

    def judge(self, question: str, answer: str, shape: Shape) -> Relevance:
        q = self._embedder.embed_queries([question])[0]
        a = self._embedder.embed_passages([answer_content(question, answer)])[0]
        values = features(question, answer, (q, a), shape, self._reference)
        p = probability(self._calibration, values)
        cal = self._calibration
        verdict = Verdict.OFF if p < cal.off_below else (
            Verdict.UNCLEAR if p < cal.unclear_below else Verdict.ON
        )  # fmt: skip
        return Relevance(
            probability=p, verdict=verdict, cosine=values["cosine"], work_fit=values["work_fit"]
        )


_judges: list[RelevanceJudge | None] = []


def default_judge() -> RelevanceJudge | None:
    """The judge over the bundled retrieval model, built once; None when the model cannot
    be loaded (feedback then falls back to shared ideas, and says less)."""
    if not _judges:
        embedder = default_embedder()
        _judges.append(RelevanceJudge(embedder) if embedder is not None else None)
    return _judges[0]
