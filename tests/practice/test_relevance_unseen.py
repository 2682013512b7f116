"""Issue 32's targets on the held-out set nothing was fitted on (data/relevance_heldout.json,
built from other public sources and answers written before the calibration; see
RELEVANCE_SOURCES.md), paired as tools/relevance_pairs.heldout_pairs pairs it.
bench/practice_feedback.py reports the same numbers per shape."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from intervoo.embed import default_embedder
from intervoo.events import QuestionKind
from intervoo.practice.feedback import Feedback, analyze_answer
from intervoo.practice.relevance import RelevanceJudge, answer_content
from intervoo.practice.shapes import Shape

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
from relevance_pairs import Pair, heldout_pairs  # noqa: E402

DATA = json.loads((Path(__file__).parent / "data" / "relevance_heldout.json").read_text())
STRONG = {item["strong"] for item in DATA["authored"]["items"]}
DISTRACTORS = set(DATA["authored"]["distractors"])
_KIND = {"story": QuestionKind.BEHAVIORAL, "design": QuestionKind.SYSTEM_DESIGN,
         "career": QuestionKind.MOTIVATION, "logistics": QuestionKind.LOGISTICS,
         "concept": QuestionKind.TECHNICAL, "personal": QuestionKind.PERSONAL,
         "intro": QuestionKind.PERSONAL}  # fmt: skip


class _Embedded:
    """The bundled model's vectors for every text of the set, embedded once in batches."""

    def __init__(self, inner: Any, queries: list[str], passages: list[str]) -> None:
        self.model_id = inner.model_id
        self._q = dict(zip(queries, inner.embed_queries(queries), strict=True))
        self._p = dict(zip(passages, inner.embed_passages(passages), strict=True))

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return np.stack([self._q[t] for t in texts])

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return np.stack([self._p[t] for t in texts])


@cache
def _pairs() -> list[Pair]:
    return heldout_pairs()


@cache
def _judge() -> RelevanceJudge:
    model = default_embedder()
    assert model is not None, "the bundled retrieval model must load"
    questions = sorted({p.question for p in _pairs()})
    passages = sorted({answer_content(p.question, p.answer) for p in _pairs()})
    return RelevanceJudge(_Embedded(model, questions, passages))


def _feedback(pair: Pair) -> Feedback:
    return analyze_answer(pair.question, pair.answer, kind=_KIND[pair.shape], judge=_judge())


def test_on_topic_answers_rank_above_off_topic_ones_auc_095() -> None:
    judge = _judge()
    scored = [(p.label, judge.judge(p.question, p.answer, Shape(p.shape)).probability)
              for p in _pairs()]  # fmt: skip
    on = [v for label, v in scored if label != "off"]
    off = np.array([v for label, v in scored if label == "off"])
    auc = float(np.mean([(v > off).mean() + 0.5 * (v == off).mean() for v in on]))
    assert auc >= 0.95


def test_every_polished_off_topic_answer_scores_40_and_is_told() -> None:
    missed = [
        (p.question, p.answer[:30], f.overall)
        for p in _pairs()
        if p.answer in DISTRACTORS
        and ((f := _feedback(p)).overall > 40 or not f.summary.startswith("This doesn't"))
    ]
    assert not missed


@pytest.mark.xfail(strict=True, reason="issue 32: 17 of 18 strong answers score >= 75")
def test_every_strong_answer_scores_75() -> None:
    strong = [p for p in _pairs() if p.answer in STRONG and p.label == "on"]
    low = [(p.question, f.overall) for p in strong if (f := _feedback(p)).overall < 75]
    assert not low
