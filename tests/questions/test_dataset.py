"""The labeled sets are what the issue asks for, and the held-out one is really apart."""

from __future__ import annotations

import re

import pytest

from intervoo.events import QuestionKind
from intervoo.questions.text import normalize
from tests.questions.labeled import load, load_partials


def test_sets_are_large_and_half_non_questions() -> None:
    items = load("dev") + load("heldout")
    assert len(items) >= 400
    non_questions = sum(not item.is_question for item in items)
    assert 0.45 <= non_questions / len(items) <= 0.6


def test_second_held_out_set_is_large_and_half_non_questions() -> None:
    items = load("heldout2")
    assert len(items) >= 200
    non_questions = sum(not item.is_question for item in items)
    assert 0.45 <= non_questions / len(items) <= 0.6


@pytest.mark.parametrize("name", ["dev", "heldout", "heldout2"])
def test_every_kind_is_represented(name: str) -> None:
    kinds = {item.kind for item in load(name) if item.kind}
    assert kinds == set(QuestionKind)


@pytest.mark.parametrize("name", ["dev", "heldout", "heldout2"])
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


def test_second_held_out_set_is_apart_from_all_tuning_data() -> None:
    tuning = {_key(item.text) for item in load("dev") + load("heldout")}
    held_out = [item.text for item in load("heldout2")]
    partials = [text for text in load_partials("heldout2_partials")]
    assert [text for text in held_out + partials if _key(text) in tuning] == []
    assert [text for text in partials if _key(text) in {_key(t) for t in held_out}] == []
    assert len(partials) >= 60


def _key(text: str) -> str:
    return normalize(text).joined()
