"""Stories in what the candidate said: the library's ones they told, and new ones, drafted
with practice's extraction, that the library does not hold yet.

A telling is a library story when the two are close in meaning (passage vectors) and
their facts agree (`stories.merge`: the same job, numbers that contain each other, a name
in common): another story of the same kind of work at the same company sits close in
meaning too, and its numbers tell it apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from intervoo.debrief.answers import Answered
from intervoo.debrief.model import StoryDraft, StoryTold
from intervoo.embed import TextEmbedder
from intervoo.events import QuestionKind
from intervoo.practice.extract import MIN_STORY_WORDS, extract_story
from intervoo.practice.kept_question import answers_question
from intervoo.resume.schema import Resume
from intervoo.stories.embeddings import VECTORS
from intervoo.stories.merge import facts_conflict, story_facts
from intervoo.stories.model import Story, StorySource

# Passage cosines of the bundled e5 model: a retelling sits near 0.94, another story of
# the same kind of work near 0.91, an unrelated one near 0.83 (tests/debrief/).
TOLD_AT = 0.88


@dataclass(frozen=True, slots=True)
class Found:
    told: list[StoryTold]
    drafts: list[StoryDraft]


@dataclass(frozen=True, slots=True)
class _Telling:
    item: Answered
    draft: Story | None  # what practice's extraction makes of it (None: no story in it)


def find_stories(
    answered: Sequence[Answered],
    library: Sequence[Story],
    *,
    vectors: TextEmbedder | None,
    library_embedder: TextEmbedder | None,
    resume: Resume | None,
    off_topic: frozenset[str] = frozenset(),
) -> Found:
    """`off_topic`: ids of questions the answer did not answer; practice drafts no story
    from such an answer, and neither does the debrief."""
    tellings = [
        _Telling(a, extract_story(a.said, resume=resume))
        for a in answered
        if len(a.said.split()) >= MIN_STORY_WORDS
    ]
    told: dict[str, StoryTold] = {}
    drafts: list[StoryDraft] = []
    for telling, story in zip(tellings, _told(tellings, library, vectors, library_embedder),
                              strict=True):  # fmt: skip
        qid = telling.item.question.id
        if story is not None:
            entry = told.setdefault(story.id, StoryTold(story_id=story.id, title=story.title))
            entry.question_ids.append(qid)
        elif telling.draft is not None and qid not in off_topic:
            drafts.append(_offered(telling.item, telling.draft))
    return Found(list(told.values()), drafts)


def _told(
    tellings: Sequence[_Telling],
    library: Sequence[Story],
    vectors: TextEmbedder | None,
    library_embedder: TextEmbedder | None,
) -> list[Story | None]:
    if not tellings or not library or vectors is None or library_embedder is None:
        return [None] * len(tellings)
    # The library's vectors are the ones its index made at session start (cached).
    stories = VECTORS.passages(library_embedder, [s.text for s in library])
    closeness = vectors.embed_passages([t.item.said for t in tellings]) @ stories.T
    facts = [story_facts(s) for s in library]
    found: list[Story | None] = []
    for row, telling in enumerate(tellings):
        said = story_facts(telling.draft or Story(title="told live", action=telling.item.said))
        near = [int(i) for i in np.argsort(-closeness[row]) if closeness[row, i] >= TOLD_AT]
        found.append(next((library[i] for i in near if not facts_conflict(said, facts[i])), None))
    return found


def _offered(item: Answered, story: Story) -> StoryDraft:
    kind = _kind(item.question.kind)
    if answers_question(item.question.text, story, kind):  # else it would mislead matching
        story = story.model_copy(update={"questions": [item.question.text]})
    # Told in an interview, not typed: the library's "practice" source is the nearest.
    story = story.model_copy(update={"source": StorySource.PRACTICE})
    return StoryDraft(
        question_id=item.question.id, story=story, numbers=[m.text for m in story.metrics]
    )


def _kind(value: str) -> QuestionKind:
    try:
        return QuestionKind(value)
    except ValueError:
        return QuestionKind.BEHAVIORAL
