"""Does a practice draft keep the question its answer was told for?

A kept question weighs heavily in live matching (the copilot finds the story when it
is asked that way again), so a wrong one misleads it: a search-migration answer told
for "What do you know about Amazon?" must not be told for questions about Amazon.
The answer has passed the relevance judge already (`practice.relevance`, in the
feedback; an off-topic answer is not drafted). The draft keeps the question when,
besides, its kind is one a story answers (not motivation, closing, logistics) and
story retrieval's words, concepts and competencies fit the draft to it. Pure.
"""

from __future__ import annotations

from intervoo.events import QuestionKind
from intervoo.stories.model import Story
from intervoo.stories.retrieval import StoryIndex

_STORYLESS_KINDS = frozenset(
    {QuestionKind.MOTIVATION, QuestionKind.CLOSING, QuestionKind.LOGISTICS}
)


def answers_question(question: str, draft: Story, kind: QuestionKind | None = None) -> bool:
    if kind in _STORYLESS_KINDS or not question.strip():
        return False
    return bool(StoryIndex([draft], embedder=None).match(question, kind=kind))
