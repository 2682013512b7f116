"""Spoken framing does not change whether an answer answers: preambles ("Sure. So,",
"Great question."), closings ("That's it.") and fillers ("um") around the held-out
set's answers (data/relevance_heldout.json). On-topic answers keep their verdict, and
every polished off-topic answer stays at <= 40 and is told so. The variants are the
framing real speakers use; none of them was used to choose the judge's framing rule."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from intervoo.embed import default_embedder
from intervoo.embed.api import TextEmbedder
from intervoo.events import QuestionKind
from intervoo.practice.feedback import analyze_answer
from intervoo.practice.relevance import RelevanceJudge, answer_content

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
from relevance_pairs import Pair, heldout_pairs  # noqa: E402

DATA = json.loads((Path(__file__).parent / "data" / "relevance_heldout.json").read_text())
STRONG = {item["strong"] for item in DATA["authored"]["items"]}
DISTRACTORS = set(DATA["authored"]["distractors"])
_KIND = {"story": QuestionKind.BEHAVIORAL, "design": QuestionKind.SYSTEM_DESIGN,
         "career": QuestionKind.MOTIVATION, "logistics": QuestionKind.LOGISTICS,
         "concept": QuestionKind.TECHNICAL, "personal": QuestionKind.PERSONAL,
         "intro": QuestionKind.PERSONAL}  # fmt: skip
VARIANTS: dict[str, Callable[[str], str]] = {
    "sure_so": lambda a: "Sure. So, " + a,
    "great_question": lambda a: "Great question. " + a,
    "so_um_yeah": lambda a: "So, um, yeah. " + a,
    "of_course": lambda a: "Of course. " + a,
    "thats_it": lambda a: a + " That's it.",
    "about_it": lambda a: a + " So yeah, that's about it.",
    "um_each_sentence": lambda a: re.sub(r"([.!?]) ", r"\1 Um, ", a),
    "preamble_and_closing": lambda a: "Sure. So, um, yeah. " + a + " That's it.",
}


class _Cached:
    """The bundled model, each text embedded once across the variants."""

    def __init__(self, inner: TextEmbedder) -> None:
        self._inner = inner
        self.model_id = inner.model_id
        self._seen: dict[tuple[bool, str], np.ndarray] = {}

    def _get(self, texts: Sequence[str], query: bool) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if (query, t) not in self._seen]
        if missing:
            embed = self._inner.embed_queries if query else self._inner.embed_passages
            self._seen.update(zip(((query, t) for t in missing), embed(missing), strict=True))
        return np.stack([self._seen[(query, t)] for t in texts])

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._get(texts, True)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._get(texts, False)


@cache
def _judge() -> RelevanceJudge:
    model = default_embedder()
    assert model is not None, "the bundled retrieval model must load"
    return RelevanceJudge(_Cached(model))


def _pairs(answers: set[str], label: str) -> list[Pair]:
    return [p for p in heldout_pairs() if p.answer in answers and p.label == label]


def test_framing_is_left_aside_and_content_kept() -> None:
    question = "Describe a time you made a mistake at work and how you handled it."
    said = "Sure. So, um, yeah. I dropped a table in production. I restored it in an hour."
    assert answer_content(question, said + " That's it.") == (
        "I dropped a table in production. I restored it in an hour."
    )
    # A short sentence with a speaker, a number or the question's ideas is content.
    assert answer_content(question, "Sure. I did. It cost a day.") == "I did. It cost a day."
    assert answer_content("When could you start?", "Two weeks. My notice is short.").startswith(
        "Two weeks."
    )
    assert answer_content(question, "Sure.") == "Sure."  # never nothing


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_framing_does_not_flip_an_on_topic_answer(variant: str) -> None:
    judge, frame = _judge(), VARIANTS[variant]
    flipped = []
    for p in _pairs(STRONG, "on"):
        clean = analyze_answer(p.question, p.answer, kind=_KIND[p.shape], judge=judge)
        framed = analyze_answer(p.question, frame(p.answer), kind=_KIND[p.shape], judge=judge)
        moved = abs(
            judge.judge(p.question, p.answer, clean.shape).probability
            - judge.judge(p.question, frame(p.answer), clean.shape).probability
        )
        if framed.on_topic != clean.on_topic or moved > 0.05:
            flipped.append((p.question, clean.on_topic, framed.on_topic, round(moved, 3)))
    assert not flipped


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_framing_does_not_let_an_off_topic_answer_through(variant: str) -> None:
    judge, frame = _judge(), VARIANTS[variant]
    leaked = [
        (p.question, p.answer[:30], f.overall)
        for p in _pairs(DISTRACTORS, "off")
        if (f := analyze_answer(p.question, frame(p.answer), kind=_KIND[p.shape], judge=judge))
        .overall > 40 or not f.summary.startswith(f"This doesn't answer '{p.question}'")
    ]  # fmt: skip
    assert not leaked


@pytest.mark.xfail(strict=True, reason="a discourse 'Yeah,' reads as a yes to a yes/no "
                   "logistics question: the directness rubric, not the judge")  # fmt: skip
def test_a_discourse_yeah_is_not_a_yes() -> None:
    question = "Are you available to travel for work occasionally?"
    story = next(d for d in DISTRACTORS if d.startswith("I volunteer"))
    feedback = analyze_answer(question, "Okay. Yeah, so basically, " + story,
                              kind=QuestionKind.LOGISTICS, judge=_judge())  # fmt: skip
    assert feedback.overall <= 40
