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
from intervoo.practice.feedback import OFF_TOPIC_CAP, analyze_answer
from intervoo.practice.relevance import RelevanceJudge, answer_content
from intervoo.practice.rubrics import asks_yes_or_no, logistics_scores

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
from relevance_pairs import Pair, heldout_pairs, pairs  # noqa: E402

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


def _yes_no_questions() -> list[str]:
    """The yes/no logistics questions of both labelled sets (eight)."""
    every = heldout_pairs() + pairs()
    return sorted(
        {p.question for p in every if p.shape == "logistics" and asks_yes_or_no(p.question)}
    )


DISCOURSE = ("Okay. Yeah, so basically, ", "Yeah, so, ", "Yes, so, um, ", "Sure, well, ")


@pytest.mark.parametrize("preamble", DISCOURSE)
def test_a_discourse_yeah_is_not_a_yes(preamble: str) -> None:
    """A "Yeah, so," before a story that answers nothing asked is a discourse marker, not
    a yes: every held-out polished distractor behind it, given to each yes/no logistics
    question, scores <= 40 and is told it does not answer."""
    polar = _yes_no_questions()
    leaked = [
        (question, story[:30], f.overall)
        for question in polar
        for story in sorted(DISTRACTORS)
        if (f := analyze_answer(question, preamble + story, kind=QuestionKind.LOGISTICS,
                                judge=_judge())).overall > OFF_TOPIC_CAP
        or not f.summary.startswith(f"This doesn't answer '{question}'")
    ]  # fmt: skip
    assert not leaked


@pytest.mark.parametrize(
    "reply", ["Yes.", "Yes, I am.", "No, I don't.", "Yeah, so, that works for me.",
              "Yes, absolutely, happy to.", "Sure, no problem."],
)  # fmt: skip
def test_a_direct_reply_to_a_yes_no_question_is_an_answer(reply: str) -> None:
    """The rubric still reads a stance that replies as given, however short."""
    polar = _yes_no_questions()
    for question in polar:
        directness = logistics_scores(reply, len(reply.split()), question)[0]
        assert directness.score >= 60, (question, directness)


@pytest.mark.parametrize(
    "said", ["Yeah, so, I volunteer at an animal shelter every Saturday.",
             "Okay. Yeah, so basically, I taught myself to bake sourdough last year.",
             "When I joined, I could see the rota was on paper, so I moved it online."],
)  # fmt: skip
def test_a_stance_before_or_inside_a_story_is_not_a_reply(said: str) -> None:
    for question in _yes_no_questions():
        directness = logistics_scores(said, len(said.split()), question)[0]
        assert "never says what was asked" in directness.summary, (question, directness)
