"""Feedback on one practice answer, without any LLM: every score comes with its reason.

Scores run 0..100. Relevance comes first: an answer the judge finds does not answer
the question gets an overall of at most 40 and a summary that opens with "This
doesn't answer '<question>'", whatever its polish. The other scores follow the
question's shape (`shapes.Shape`): STAR and "I" vs "we" for stories, structure,
trade-offs and scale for design, a plan tied to the role for career questions, a
direct short answer for logistics, the concept for concept questions. Speaking rate
exists only for spoken answers. No I/O beyond the judge's embedding model.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from pydantic import BaseModel, Field

from intervoo.companies.model import CompanyValue
from intervoo.events import QuestionKind
from intervoo.practice.relevance import Relevance, RelevanceJudge, Verdict, default_judge
from intervoo.practice.rubrics import WEIGHTS, shape_scores
from intervoo.practice.scoring import (
    Score,
    fillers_score,
    length_score,
    lexical_relevance_score,
    ownership_score,
    pace_score,
    quantified_score,
    relevance_score,
    specificity_score,
    star_score,
    values_score,
)
from intervoo.practice.shapes import Shape, shape_of
from intervoo.practice.signals import signals
from intervoo.practice.star import Part, label_sentences
from intervoo.stories.metrics import extract_metrics
from intervoo.stories.model import Competency

OFF_TOPIC_CAP = 40
SHAPE_FIT_FLOOR = 40  # below this, the shape's own scores say the form is missing
_ASKS_FOR_QUESTIONS = re.compile(r"\bquestions?\b.*\b(?:for|about|us|me)\b", re.IGNORECASE)
# Length targets follow the shape where it differs from the question's kind.
_LENGTH_KIND = {Shape.LOGISTICS: QuestionKind.LOGISTICS, Shape.INTRO: QuestionKind.PERSONAL}


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
    shape: Shape = Shape.STORY
    # None: no judge could be loaded; then relevance is only estimated from shared ideas.
    on_topic: bool | None = None

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
    judge: RelevanceJudge | None = None,
) -> Feedback:
    """Score one answer to one question; `duration_s` is given for spoken answers.

    `judge` defaults to the bundled relevance judge."""
    if not answer.strip():
        raise ValueError("the answer is empty")
    shape = shape_of(kind, question)
    found = signals(answer)
    labeled = label_sentences(answer)
    metrics = extract_metrics(answer)
    judge = judge or default_judge()
    shaped = shape_scores(shape, question, answer, found.words)
    relevance = _guarded(judge, question, answer, shape, shaped) if judge else None
    weights = WEIGHTS[shape]
    common = [
        star_score(labeled, weight=0),
        length_score(found.words, _LENGTH_KIND.get(shape, kind)),
        fillers_score(found),
        quantified_score(labeled, metrics, weight=0),
        specificity_score(found),
        ownership_score(found, weight=0),
    ]
    scores = [
        relevance_score(question, relevance, shape)
        if relevance
        else lexical_relevance_score(question, answer, competency),
        *(s.model_copy(update={"weight": weights[s.name]}) for s in common if s.name in weights),
        *shaped,
    ]
    if duration_s is not None:
        scores.append(pace_score(found.words, duration_s))
    if values:
        scores.append(values_score(answer, values))
    counted = [s for s in scores if s.weight > 0]
    overall = round(sum(s.score * s.weight for s in counted) / sum(s.weight for s in counted))
    off = relevance is not None and relevance.verdict is Verdict.OFF
    return Feedback(
        overall=min(overall, OFF_TOPIC_CAP) if off else overall,
        summary=_summary(counted, relevance),
        scores=scores,
        sentences=[SentencePart(text=s.text, part=s.part) for s in labeled],
        word_count=found.words,
        duration_s=duration_s,
        metrics=[m.text for m in metrics],
        shape=shape,
        on_topic=None if relevance is None else not off,
    )


def _guarded(
    judge: RelevanceJudge, question: str, answer: str, shape: Shape, shaped: list[Score]
) -> Relevance:
    """The judge's verdict with two guards beside the model. "Do you have any questions
    for us?" is answered by asking questions, which a retrieval model does not read as an
    answer. And an answer the judge is unsure of that shows none of its shape's form (a
    design answer with no structure, trade-offs or scale) does not answer: polished
    stories sit near any question in meaning. A logistics answer that never gives what was
    asked does not answer either, whatever the judge says. Nor does one the judge is unsure
    of that reads more like the polished answers to nothing asked than like an interview
    answer (a hobby told in STAR form): on the labelled sets every unsure answer on one
    side of that line was a distractor, every on-topic or vague one on the other."""
    relevance = judge.judge(question, answer, shape)
    if shape is Shape.CLOSING and _ASKS_FOR_QUESTIONS.search(question) and "?" in answer:
        return replace(relevance, verdict=Verdict.ON,
                       probability=max(relevance.probability, judge.thresholds[1]))  # fmt: skip
    if relevance.verdict is Verdict.UNCLEAR and relevance.work_fit < 0:
        return replace(relevance, verdict=Verdict.OFF)
    if relevance.verdict is Verdict.OFF or not shaped:
        return relevance
    fit = sum(s.score * s.weight for s in shaped) / sum(s.weight for s in shaped)
    # A logistics rubric reads the very thing asked (a yes or no, a date, an amount): an
    # answer that never gives it does not answer, however sure the judge is of its topic.
    unsure = relevance.verdict is Verdict.UNCLEAR or shape is Shape.LOGISTICS
    return (
        replace(relevance, verdict=Verdict.OFF) if unsure and fit < SHAPE_FIT_FLOOR else relevance
    )


def _summary(scores: list[Score], relevance: Relevance | None) -> str:
    """The strongest point and the one fix that would help most, in one line each; an
    answer that does not answer hears that first, and only that."""
    if relevance is not None and relevance.verdict is Verdict.OFF:
        return next(s.summary for s in scores if s.name == "relevance")
    best = max(scores, key=lambda s: (s.score, s.weight))
    worst = min(scores, key=lambda s: (s.score - 100) * s.weight)
    if worst.score >= 80:
        return f"Strong answer. Best: {best.summary}"
    return f"Best: {best.summary} To improve: {worst.summary}"
