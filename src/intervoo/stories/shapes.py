"""The shape of a story, read from its own text: what kind of question it can answer.

A setback question must never get a pure success story, so each story is labelled
offline when it is saved (stored in `stories.shape`, migration 0009): failure/learning,
conflict, leadership, customer, technical, or success. The label comes from the
competencies the story shows (the author's own tags first, then the interview
lexicon's concepts, which read "we launched six weeks late" as a setback without
sharing a word with the question), its title counting twice: a title says in few
words what a story is. A setback is also one the situation puts me in (`_fits`):
failure words in a problem that befell others and that I fixed make a problem solved
(bench/story_shapes.py: 43 -> 46 of 48 hand labels right about setback / disagreement /
neither; migration 0010 clears the labels stored before). `copilot.shapes` adds what
the questions a story is known to answer say, read by the session's retrieval model.
"""

from __future__ import annotations

import re
from enum import StrEnum

from intervoo.stories.competencies import competency_weights, tags_beyond_text
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
# The candidate in the situation: a setback story is one I am in from its first line...
_MINE = re.compile(r"\b(?:I|[Mm]y|me|I'd|I've|I'm)\b")
# ... as the subject of a sentence or of a clause joined by ", and" / ", but": within its
# first words ("In my second year I ran…", "…, and I approved pouring…"), not a side
# remark ("a teammate wanted to fix failed bookings, which I believed…").
SUBJECT_WORDS = 6
_CLAUSE = re.compile(r"(?<=[.!?;])\s+|,\s+(?:and|but|so)\s+")
# The other shapes, from the competencies that make them; the strongest wins.
_THEMES: dict[Competency, Shape] = {
    Competency.LEADERSHIP: Shape.LEADERSHIP,
    Competency.MENTORING: Shape.LEADERSHIP,
    Competency.CUSTOMER: Shape.CUSTOMER,
    Competency.TECHNICAL: Shape.TECHNICAL,
}


def text_shape(story: Story) -> Shape:
    """The label from the story's title, text and tags alone: no model, so the store
    computes it on every save."""
    from_text = competency_weights(story.text)
    own_tags = tags_beyond_text(story, from_text)
    weights = dict(from_text)
    for competency, weight in competency_weights(story.title).items():
        weights[competency] = weights.get(competency, 0.0) + weight
    for tagged in own_tags:
        weights[tagged] = weights.get(tagged, 0.0) + MIN_WEIGHT
    for competency, shape, least in (
        (Competency.FAILURE, Shape.FAILURE, SETBACK_WEIGHT),
        (Competency.CONFLICT, Shape.CONFLICT, MIN_WEIGHT),
    ):
        if weights.get(competency, 0.0) >= least and _fits(story, shape, own_tags):
            return shape
    themes = {c: w for c, w in weights.items() if c in _THEMES and w >= MIN_WEIGHT}
    if not themes:
        return Shape.SUCCESS
    return _THEMES[max(themes, key=lambda c: themes[c])]


def _fits(story: Story, shape: Shape, own_tags: list[Competency]) -> bool:
    """A setback is mine: its situation puts me in it, as a subject ("I promised…", "my
    change…"). One that befell others ("researchers kept abandoning uploads", "our
    pipelines broke silently") and that I then fixed is a problem solved, whatever its
    words of failure; the author's own tag says it is a setback all the same."""
    if shape is not Shape.FAILURE or Competency.FAILURE in own_tags:
        return True
    clauses = _CLAUSE.split(story.situation or story.text)
    return any(_MINE.search(" ".join(c.split()[:SUBJECT_WORDS])) for c in clauses)


def stored_shape(story: Story) -> Shape | None:
    """The label saved with the story, if it has one (a story not saved yet has none)."""
    try:
        return Shape(story.shape) if story.shape else None
    except ValueError:
        return None
