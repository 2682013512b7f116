"""The shape of a story: what kind of question it can answer.

A setback question must never get a pure success story, so each story is labelled
once, offline, from what it tells: failure/learning, conflict, leadership,
customer, technical, or success. The label comes from the competencies the story
shows (the author's own tags first, then the interview lexicon's concepts, which
read "we launched six weeks late" as a setback without sharing a word with the
question), its title counting twice: a title says in few words what a story is.
Questions the story is known to answer say it best, read by the same model that
reads a live question's need.
"""

from __future__ import annotations

from collections.abc import Collection
from enum import StrEnum

from intervoo.copilot.needs import Need
from intervoo.stories.competencies import competency_weights
from intervoo.stories.model import Competency, Story


class Shape(StrEnum):
    FAILURE = "failure/learning"
    CONFLICT = "conflict"
    LEADERSHIP = "leadership"
    CUSTOMER = "customer"
    TECHNICAL = "technical"
    SUCCESS = "success"


# Concept mentions (title twice) at which a setback or a conflict is what the story is
# about, not a passing word ("against teams with ten times our funding").
MIN_WEIGHT = 3.0
# A setback needs fewer: success stories rarely speak of one at all, and telling a
# success for "your biggest mistake" is the worse error.
SETBACK_WEIGHT = 2.0
# The other shapes, from the competencies that make them; the strongest wins.
_THEMES: dict[Competency, Shape] = {
    Competency.LEADERSHIP: Shape.LEADERSHIP,
    Competency.MENTORING: Shape.LEADERSHIP,
    Competency.CUSTOMER: Shape.CUSTOMER,
    Competency.TECHNICAL: Shape.TECHNICAL,
}


def story_shape(story: Story, asked: Collection[Need] = ()) -> Shape:
    """`asked`: the needs of the interview questions the story is known to answer (the
    practice question that drew it out, ones an LLM wrote): the surest sign of its shape."""
    for need, shape in ((Need.SETBACK, Shape.FAILURE), (Need.CONFLICT, Shape.CONFLICT)):
        if need in asked:
            return shape
    weights = competency_weights(story.text)
    for competency, weight in competency_weights(story.title).items():
        weights[competency] = weights.get(competency, 0.0) + weight
    for tagged in story.competencies:
        weights[tagged] = weights.get(tagged, 0.0) + MIN_WEIGHT
    for competency, shape, least in (
        (Competency.FAILURE, Shape.FAILURE, SETBACK_WEIGHT),
        (Competency.CONFLICT, Shape.CONFLICT, MIN_WEIGHT),
    ):
        if weights.get(competency, 0.0) >= least:
            return shape
    themes = {c: w for c, w in weights.items() if c in _THEMES and w >= MIN_WEIGHT}
    if not themes:
        return Shape.SUCCESS
    return _THEMES[max(themes, key=lambda c: themes[c])]
