"""S/T/A/R labels and metrics on answers the labeler was never tuned on (see data/README.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from intervoo.practice.extract import extract_story
from intervoo.practice.star import label_sentences

DATA = Path(__file__).parent / "data"
HELDOUT: list[dict[str, Any]] = json.loads((DATA / "star_heldout.json").read_text())


def _answer(item: dict[str, Any]) -> str:
    return " ".join(text for text, _ in item["sentences"])


def _agreement(items: list[dict[str, Any]]) -> float:
    agree = total = 0
    for item in items:
        text = _answer(item)
        labeled = label_sentences(text)
        offset = 0
        for sentence, human in item["sentences"]:
            start = text.index(sentence, offset)
            offset = start + len(sentence)
            predicted = next(s.part for s in labeled if s.start <= start < s.end)
            agree += predicted.value == human
            total += 1
    return agree / total


def test_sentence_labels_agree_with_the_human_split_on_80_percent() -> None:
    assert _agreement(HELDOUT) >= 0.80


def test_the_dev_set_is_a_different_set() -> None:
    dev = json.loads((DATA / "star_dev.json").read_text())
    assert not {_answer(i) for i in dev} & {_answer(i) for i in HELDOUT}


@pytest.mark.parametrize("index", range(len(HELDOUT)))
def test_extracted_story_has_exactly_the_metrics(index: int) -> None:
    item = HELDOUT[index]
    story = extract_story(_answer(item))
    assert story is not None
    found = {(m.value, m.unit) for m in story.metrics}
    assert found == {(float(value), unit) for value, unit in item["metrics"]}
