"""Which competencies a question asks about, and which a story shows.

Both sides are read through the same concept lexicon, so "tell me about a
disagreement with your manager" (disagree + superior) lands on conflict and
influence, and a story where "I pushed back on my VP" lands there too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from intervoo.stories.lexicon import COMPETENCY_CONCEPTS
from intervoo.stories.model import Competency, Story
from intervoo.stories.text import concepts_in

# Questions name a competency once ("a time you failed"); one mention is enough.
# Stories are longer and mention many things in passing: ask for a stronger signal
# unless the author tagged the competency themselves.
_STORY_MIN_WEIGHT = 2.0

# Concepts that shift the meaning of another: disagreeing with someone senior is
# about influence as much as conflict; with a peer it is mostly conflict.
_BOOSTS: dict[str, dict[Competency, float]] = {
    "superior": {Competency.INFLUENCE: 0.6},
    "peer": {Competency.CONFLICT: 0.4, Competency.TEAMWORK: 0.2},
    "hiring": {Competency.LEADERSHIP: 0.3},
}


def competency_weights(text: str) -> dict[Competency, float]:
    """A weight per competency the text signals (concept mentions, with boosts)."""
    return weights_of_concepts(concepts_in(text))


def weights_of_concepts(concepts: Iterable[str]) -> dict[Competency, float]:
    """`competency_weights` of a text whose `concepts_in` are already known."""
    counts = Counter(concepts)
    weights: dict[Competency, float] = {}
    for competency, concepts in COMPETENCY_CONCEPTS.items():
        hits = sum(counts[c] for c in concepts)
        if hits:
            weights[competency] = float(hits)
    for concept, boosts in _BOOSTS.items():
        if counts[concept]:
            for competency, boost in boosts.items():
                if competency in weights:
                    weights[competency] += boost
    return weights


def _ranked(weights: dict[Competency, float], minimum: float) -> list[Competency]:
    kept = [(w, c) for c, w in weights.items() if w >= minimum]
    order = list(Competency)
    kept.sort(key=lambda wc: (-wc[0], order.index(wc[1])))
    return [c for _, c in kept]


def competencies_for_question(text: str) -> list[Competency]:
    """The competencies a question probes, strongest first (empty when none is clear)."""
    return _ranked(competency_weights(text), minimum=1.0)


def competencies_shown(weights: dict[Competency, float]) -> list[Competency]:
    """What a story's text (its `competency_weights`) clearly shows, strongest first."""
    return _ranked(weights, minimum=_STORY_MIN_WEIGHT)


def competencies_for_story(story: Story) -> list[Competency]:
    """The story's own tags first, then what its text clearly shows, strongest first."""
    detected = competencies_shown(competency_weights(story.text))
    return list(dict.fromkeys([*story.competencies, *detected]))


def tags_beyond_text(story: Story, weights: dict[Competency, float]) -> list[Competency]:
    """The story's tags its text (`weights`) would not have given it: the author's own.
    A saved story's tags hold what the text shows too (`competencies_for_story`), and a
    tag counted again on top of the text would count its words twice."""
    shown = set(competencies_shown(weights))
    return [tag for tag in story.competencies if tag not in shown]
