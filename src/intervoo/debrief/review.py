"""One question reviewed: what the suggestion covered that the answer missed, and a
coaching line from the practice feedback's scoring."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from intervoo.companies.model import CompanyValue
from intervoo.debrief.answers import Answered
from intervoo.debrief.model import QuestionReview
from intervoo.debrief.text import sentences, suggestion_points
from intervoo.embed import TextEmbedder
from intervoo.events import QuestionKind
from intervoo.practice.feedback import Feedback, analyze_answer
from intervoo.practice.relevance import RelevanceJudge

# A point is said when one of the candidate's sentences comes this close in meaning
# (passage cosines of the bundled e5 model; tests/debrief/test_review.py has the cases).
COVERED_AT = 0.86
STRUGGLED_BELOW = 60  # the practice feedback's overall score
NOT_HEARD = (
    "Nothing you said was heard after this question (was your microphone on?): "
    "practise it out loud."
)


def review(
    item: Answered,
    *,
    vectors: TextEmbedder | None,
    judge: RelevanceJudge | None,
    values: Sequence[CompanyValue],
) -> QuestionReview:
    question = item.question
    points = suggestion_points(item.suggestion)
    base = QuestionReview(
        id=question.id, question=question.text, kind=question.kind, said=item.said,
        suggestion=item.suggestion,
    )  # fmt: skip
    if not item.said.strip():
        return base.model_copy(update={"missed": points, "note": NOT_HEARD, "struggled": True})
    feedback = analyze_answer(
        question.text, item.said, kind=_kind(question.kind), values=values, judge=judge
    )
    missed = missed_points(points, sentences(item.said), vectors)
    struggled = feedback.overall < STRUGGLED_BELOW or feedback.on_topic is False
    return base.model_copy(
        update={"missed": missed, "note": coaching_line(feedback), "score": feedback.overall,
                "on_topic": feedback.on_topic, "struggled": struggled}
    )  # fmt: skip


def missed_points(points: list[str], said: list[str], vectors: TextEmbedder | None) -> list[str]:
    """The suggestion's points none of the candidate's sentences comes near in meaning.
    Without an embedder nothing can be judged by meaning, so nothing is called missed."""
    if not points or vectors is None:
        return []
    if not said:
        return points
    closeness = vectors.embed_passages(points) @ vectors.embed_passages(said).T
    best = np.max(closeness, axis=1)
    return [point for point, score in zip(points, best, strict=True) if score < COVERED_AT]


def coaching_line(feedback: Feedback) -> str:
    """The one thing to work on, from the feedback's summary ("Best: … To improve: …")."""
    summary = feedback.summary
    _, improve, fix = summary.partition("To improve: ")
    return f"To improve: {fix}" if improve else summary


def _kind(value: str) -> QuestionKind:
    try:
        return QuestionKind(value)
    except ValueError:
        return QuestionKind.BEHAVIORAL
