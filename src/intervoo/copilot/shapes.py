"""The shape of a story as a session reads it: what kind of question it can answer.

The label is stored with the story when it is saved (`stories.shapes.text_shape`,
from what the story tells). Questions the story is known to answer say it best, read
by the same model that reads a live question's need: one a setback or a conflict
question was asked about is that shape whatever its words are.
"""

from __future__ import annotations

from collections.abc import Collection

from intervoo.copilot.needs import Need
from intervoo.stories.model import Story
from intervoo.stories.shapes import MIN_WEIGHT, SETBACK_WEIGHT, Shape, stored_shape, text_shape

__all__ = ["MIN_WEIGHT", "SETBACK_WEIGHT", "Shape", "story_shape"]


def story_shape(story: Story, asked: Collection[Need] = ()) -> Shape:
    """`asked`: the needs of the interview questions the story is known to answer (the
    practice question that drew it out, ones an LLM wrote): the surest sign of its shape.
    Else the label stored at save time, else the same label read now (a story not saved)."""
    for need, shape in ((Need.SETBACK, Shape.FAILURE), (Need.CONFLICT, Shape.CONFLICT)):
        if need in asked:
            return shape
    return stored_shape(story) or text_shape(story)
