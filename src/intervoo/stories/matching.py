"""The one answer to "what should I tell for this question?", as plain rows for CLI and API.

Stories first; when none fits, the closest resume highlights, each saying so in
its "why". Rows are `{"id", "title", "score", "why"}` (plus `kind`, and for
highlights `work_id`), the shape `intervoo stories match --json` prints.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from intervoo.events import QuestionKind
from intervoo.resume.schema import Resume
from intervoo.stories.embeddings import VectorStore
from intervoo.stories.index_cache import story_index
from intervoo.stories.model import Story
from intervoo.stories.retrieval import StoryIndex


def match_rows(
    index: StoryIndex,
    question: str,
    *,
    top: int = 3,
    kind: QuestionKind | None = None,
    exclude: Collection[str] = (),
) -> list[dict[str, Any]]:
    if not question.strip():
        raise ValueError("the question is empty")
    matches = index.match(question, top=top, kind=kind, exclude=exclude)
    if matches:
        return [
            {
                "id": m.story.id,
                "title": m.story.title,
                "score": m.score,
                "why": m.why,
                "kind": "story",
            }  # fmt: skip
            for m in matches
        ]
    return [
        {
            "id": None,
            "title": h.text,
            "score": h.score,
            "why": h.why,
            "kind": "highlight",
            "work_id": h.work_id,
        }  # fmt: skip
        for h in index.match_highlights(question, top=top)
    ]


def match_or_fallback(
    stories: Iterable[Story],
    question: str,
    *,
    resume: Resume | None = None,
    top: int = 3,
    kind: QuestionKind | None = None,
    exclude: Collection[str] = (),
    vectors: VectorStore | None = None,
) -> list[dict[str, Any]]:
    """Build an index for one question (CLI and API requests) and match; `ValueError` for
    an empty question, before the index is built. `vectors`: the library's stored ones."""
    if not question.strip():
        raise ValueError("the question is empty")
    index = story_index(list(stories), resume=resume, vectors=vectors)
    return match_rows(index, question, top=top, kind=kind, exclude=exclude)
