"""Loading the labeled story/question sets and measuring retrieval accuracy on them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from intervoo.stories.model import Story
from intervoo.stories.retrieval import StoryIndex

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class LabeledSet:
    stories: list[Story]
    questions: list[tuple[str, str]]  # (question, id of the story that answers it)


@dataclass(frozen=True)
class Accuracy:
    top1: float
    top3: float
    misses: list[tuple[str, str, list[str]]]  # question, expected, got (top 3)


def load_set(name: str, *, llm_questions: bool = False) -> LabeledSet:
    """`llm_questions`: give each story the questions an LLM wrote for it from the story
    alone (`NAME_llm_questions.json`, see data/README.md), as the library does when an
    LLM is configured."""
    stories = json.loads((DATA_DIR / f"{name}_stories.json").read_text(encoding="utf-8"))
    questions = json.loads((DATA_DIR / f"{name}_questions.json").read_text(encoding="utf-8"))
    if llm_questions:
        written = json.loads((DATA_DIR / f"{name}_llm_questions.json").read_text("utf-8"))
        stories = [{**story, "questions": written[story["id"]]} for story in stories]
    return LabeledSet(
        stories=[Story.model_validate(s) for s in stories],
        questions=[(q["question"], q["story"]) for q in questions],
    )


def measure(index: StoryIndex, questions: list[tuple[str, str]]) -> Accuracy:
    hits1 = hits3 = 0
    misses = []
    for question, expected in questions:
        got = [m.story.id for m in index.match(question, top=3)]
        hits1 += got[:1] == [expected]
        hits3 += expected in got
        if got[:1] != [expected]:
            misses.append((question, expected, got))
    n = len(questions)
    return Accuracy(top1=hits1 / n, top3=hits3 / n, misses=misses)
