"""The labeled sets are what the issue asks for, and the held-out one is really apart."""

from __future__ import annotations

import re

import pytest

from intervoo.events import QuestionKind
from intervoo.questions.text import normalize
from tests.questions.labeled import load


def test_sets_are_large_and_half_non_questions() -> None:
    items = load("dev") + load("heldout")
    assert len(items) >= 400
    non_questions = sum(not item.is_question for item in items)
    assert 0.45 <= non_questions / len(items) <= 0.6


@pytest.mark.parametrize("name", ["dev", "heldout"])
def test_every_kind_is_represented(name: str) -> None:
    kinds = {item.kind for item in load(name) if item.kind}
    assert kinds == set(QuestionKind)


@pytest.mark.parametrize("name", ["dev", "heldout"])
def test_written_both_as_asr_and_as_typed_text(name: str) -> None:
    texts = [item.text for item in load(name)]
    asr_style = [t for t in texts if t == t.lower() and not re.search(r"[.?!,]", t)]
    punctuated = [t for t in texts if re.search(r"[.?!]$", t)]
    assert len(asr_style) >= len(texts) / 2
    assert len(punctuated) >= 20


def test_held_out_shares_no_utterance_with_the_tuning_set() -> None:
    def key(text: str) -> str:
        return normalize(text).joined()

    dev = {key(item.text) for item in load("dev")}
    overlap = [item.text for item in load("heldout") if key(item.text) in dev]
    assert overlap == []
