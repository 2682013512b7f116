"""Each of the company's values with the candidate's own item that shows it best.

It depends on the library and the company only, never on a question, so it is worked
out once per session (`CandidateContext.value_evidence`): every "why us" question of a
session gets the same pairs, and the LLM prompt holds them in the cached session prefix
rather than in each question's part.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from intervoo.companies.model import CompanyValue
from intervoo.copilot.evidence import Evidence, Highlight, value_text
from intervoo.stories.model import Story
from intervoo.stories.text import content_stems

# "Why us": this many of the company's values, each with its evidence.
PAIRED_VALUES = 3
# A story tells a resume line when it holds this share of the line's ideas: a story seeded
# from the line (the importer makes one of each), or the same work told at length.
TOLD_SHARE = 0.8


@dataclass(frozen=True)
class ValueEvidence:
    """One of the company's values and the candidate's own item that shows it."""

    value: CompanyValue
    story: Story | None = None
    highlight: Highlight | None = None


def paired_values(
    values: Sequence[CompanyValue], stories: Sequence[Story], evidence: Evidence
) -> tuple[ValueEvidence, ...]:
    """Each value with the story or highlight closest to it in meaning, each item used once
    (the values, stories and highlights were embedded with the context: no model call)."""
    pairs: list[ValueEvidence] = []
    used: set[str] = set()
    highlights = evidence.highlights
    same = _same_work(stories, highlights)
    for value in values[:PAIRED_VALUES]:
        vector = evidence.question_vector(value_text(value))
        scored: list[tuple[float, str, ValueEvidence]] = []
        story_cosines = evidence.passage_cosines(vector, [s.text for s in stories])
        for story, cosine in zip(stories, _or_zeros(story_cosines, stories), strict=True):
            scored.append((cosine, story.id, ValueEvidence(value, story=story)))
        for highlight, cosine in zip(
            highlights, _or_zeros(evidence.cosines(vector), highlights), strict=True
        ):
            scored.append((cosine, highlight.key, ValueEvidence(value, highlight=highlight)))
        free = [item for item in scored if item[1] not in used]
        if vector is None or not free:
            pairs.append(ValueEvidence(value))
            continue
        _, key, pair = max(free, key=lambda item: item[0])
        used |= {key, *same.get(key, ())}
        pairs.append(pair)
    return tuple(pairs)


def _same_work(stories: Sequence[Story], highlights: Sequence[Highlight]) -> dict[str, set[str]]:
    """For each story id and highlight key, the other form of the same work: a story and
    the resume line it tells are one item, so two values never get the same deed twice
    ("Customer Obsession — … nightly reporting", "Ownership — … nightly reporting")."""
    same: dict[str, set[str]] = {}
    told = [set(content_stems(f"{s.title} {s.text}")) for s in stories]
    for highlight in highlights:
        line = set(content_stems(highlight.text))
        for story, ideas in zip(stories, told, strict=True):
            if line and len(line & ideas) >= TOLD_SHARE * len(line):
                same.setdefault(story.id, set()).add(highlight.key)
                same.setdefault(highlight.key, set()).add(story.id)
    return same


def _or_zeros(cosines: list[float] | None, items: Sequence[object]) -> list[float]:
    return cosines if cosines is not None else [0.0] * len(items)
