"""Feedback on one practice answer, without any LLM: every score comes with its reason.

Scores run 0..100. Which ones count depends on the kind of question: STAR structure
and "I" vs "we" matter for stories (behavioral, resume), not for "why this company";
speaking rate exists only for spoken answers. Pure: no I/O, well under 100 ms.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, Field

from intervoo.companies.model import CompanyValue
from intervoo.events import QuestionKind
from intervoo.practice.scoring import (
    Score,
    fillers_score,
    length_score,
    ownership_score,
    pace_score,
    quantified_score,
    relevance_score,
    specificity_score,
    star_score,
    values_score,
)
from intervoo.practice.signals import signals
from intervoo.practice.star import Part, label_sentences
from intervoo.stories.metrics import extract_metrics
from intervoo.stories.model import Competency

STORY_KINDS = frozenset({QuestionKind.BEHAVIORAL, QuestionKind.RESUME})


class SentencePart(BaseModel):
    text: str
    part: Part


class Feedback(BaseModel):
    overall: int
    summary: str
    scores: list[Score]
    sentences: list[SentencePart]
    word_count: int
    duration_s: float | None = None
    metrics: list[str] = Field(default_factory=list)

    def score(self, name: str) -> Score | None:
        return next((s for s in self.scores if s.name == name), None)


def analyze_answer(
    question: str,
    answer: str,
    *,
    kind: QuestionKind = QuestionKind.BEHAVIORAL,
    competency: Competency | None = None,
    values: Sequence[CompanyValue] = (),
    duration_s: float | None = None,
) -> Feedback:
    """Score one answer to one question; `duration_s` is given for spoken answers."""
    if not answer.strip():
        raise ValueError("the answer is empty")
    found = signals(answer)
    labeled = label_sentences(answer)
    metrics = extract_metrics(answer)
    story = kind in STORY_KINDS
    scores = [
        star_score(labeled, weight=2.0 if story else 0.0),
        length_score(found.words, kind),
        fillers_score(found),
        quantified_score(labeled, metrics, weight=1.5 if story else 0.5),
        specificity_score(found),
        ownership_score(found, weight=1.0 if story else 0.3),
        relevance_score(question, answer, competency),
    ]
    if duration_s is not None:
        scores.append(pace_score(found.words, duration_s))
    if values:
        scores.append(values_score(answer, values))
    counted = [s for s in scores if s.weight > 0]
    overall = round(sum(s.score * s.weight for s in counted) / sum(s.weight for s in counted))
    return Feedback(
        overall=overall,
        summary=_summary(counted),
        scores=scores,
        sentences=[SentencePart(text=s.text, part=s.part) for s in labeled],
        word_count=found.words,
        duration_s=duration_s,
        metrics=[m.text for m in metrics],
    )


def _summary(scores: list[Score]) -> str:
    """The strongest point and the one fix that would help most, in one line each."""
    best = max(scores, key=lambda s: (s.score, s.weight))
    worst = min(scores, key=lambda s: (s.score - 100) * s.weight)
    if worst.score >= 80:
        return f"Strong answer. Best: {best.summary}"
    return f"Best: {best.summary} To improve: {worst.summary}"
