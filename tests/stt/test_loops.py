"""Telling Whisper's decoding loops from speech that repeats itself."""

from __future__ import annotations

import pytest

from intervoo.stt.loops import (
    compression_ratio,
    cut_loop,
    drop_repeated_segments,
    find_repeat,
    is_looping,
)


@pytest.mark.parametrize(
    "text",
    [
        "5 5 5 5 5 5",
        "I'm Abigail Class 1. You can call me Abi. You can call me Abi",
        "the natural resonant frequencies of the room the natural resonant frequencies of the room",
        "Thank you. Thank you. Thank you.",
        "The cabbage juice changes color depending on how acidic, basic alkaline the chemical"
        " is. The cabbage juice changes color depending on how acidic, basic alk",
    ],
)
def test_loops_are_found(text: str) -> None:
    assert is_looping(text)


@pytest.mark.parametrize(
    "text",
    [
        "five five",
        "It was a very very long project.",
        "Tell me about a time you disagreed with your team lead.",
        "I had had enough of it, so I left.",
        "Eight of spades, four of clubs, seven of hearts.",
    ],
)
def test_speech_that_repeats_a_word_is_not_a_loop(text: str) -> None:
    assert not is_looping(text)


def test_whispers_compression_threshold_catches_long_loops() -> None:
    assert compression_ratio("and then we " * 20) > 2.4
    assert compression_ratio("Tell me about a time you disagreed with your team lead.") < 2.4


def test_a_loop_is_cut_to_one_copy() -> None:
    looped = "I'm Abbie. You can call me Abbie. You can call me Abbie"
    assert cut_loop(looped) == "I'm Abbie. You can call me Abbie"
    assert cut_loop("5 5 5 5 5 5") == "5"
    repeat = find_repeat("so so so what")
    assert repeat is not None and (repeat.start, repeat.length, repeat.copies) == (0, 1, 3)


def test_repeated_segments_are_dropped_and_new_ones_kept() -> None:
    segments = ["The room was quiet.", "the room was quiet", "Then it rang.", "The room was quiet."]
    assert drop_repeated_segments(segments) == ["The room was quiet.", "Then it rang."]
