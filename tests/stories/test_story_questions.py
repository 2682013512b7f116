"""A story's questions: cleaned, bounded, editable, and kept when retellings merge."""

from __future__ import annotations

import pytest

from intervoo.stories.library import StoryInputError, apply_edit, story_from_input
from intervoo.stories.merge import merge_stories
from intervoo.stories.model import MAX_QUESTION_CHARS, MAX_QUESTIONS, Story

STAR = {"title": "Cut cloud costs", "situation": "S.", "task": "T.", "action": "A.", "result": "R."}


def test_questions_are_collapsed_deduplicated_and_blank_ones_dropped() -> None:
    story = Story(title="t", questions=["  How do you  cut costs? ", "how do you cut costs?", " "])
    assert story.questions == ["How do you cut costs?"]


def test_too_many_or_too_long_questions_are_refused_with_a_clear_error() -> None:
    with pytest.raises(StoryInputError, match=f"at most {MAX_QUESTIONS}"):
        story_from_input(
            {**STAR, "questions": [f"Question {i}?" for i in range(MAX_QUESTIONS + 1)]}
        )
    with pytest.raises(StoryInputError, match=f"at most {MAX_QUESTION_CHARS}"):
        story_from_input({**STAR, "questions": ["x" * (MAX_QUESTION_CHARS + 1)]})
    with pytest.raises(StoryInputError, match="questions"):
        story_from_input({**STAR, "questions": "Tell me about a time?"})


def test_questions_can_be_given_and_edited() -> None:
    story = story_from_input({**STAR, "questions": ["How have you saved money?"]})
    edited = apply_edit(story, {"questions": ["Tell me about a budget you cut."]})
    assert edited.questions == ["Tell me about a budget you cut."]


def test_a_merged_retelling_keeps_both_stories_questions_once_within_the_bound() -> None:
    old = Story(title="t", questions=["A?", "B?"])
    new = Story(title="t", questions=["b?", "C?", *[f"Q{i}?" for i in range(MAX_QUESTIONS - 2)]])
    merged = merge_stories(old, new)
    assert merged.questions[:3] == ["A?", "B?", "C?"]
    assert len(merged.questions) == MAX_QUESTIONS


def test_an_edit_cannot_empty_the_title_and_errors_read_plainly() -> None:
    story = story_from_input(STAR)
    with pytest.raises(StoryInputError, match="title must not be empty"):
        apply_edit(story, {"title": "   "})
    with pytest.raises(StoryInputError) as caught:
        apply_edit(story, {"questions": ["x" * (MAX_QUESTION_CHARS + 1)]})
    assert (
        str(caught.value)
        == f"questions: a question is 301 characters, at most {MAX_QUESTION_CHARS}"
    )
