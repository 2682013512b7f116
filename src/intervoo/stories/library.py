"""Library operations shared by the CLI and the API: add (merging retellings), import, export.

`add_story` talks to storage through the small `StoryStore` protocol, which
`intervoo.store.StoryRepo` satisfies; everything else here is pure.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from pydantic import ValidationError

from intervoo.stories.competencies import competencies_for_story
from intervoo.stories.merge import DuplicateIndex, merge_stories, story_facts
from intervoo.stories.metrics import extract_metrics
from intervoo.stories.model import STORY_FIELDS, Story, new_story_id

REQUIRED_FIELDS = STORY_FIELDS
# Fields a client may set; the rest (id, times used, timestamps) belong to the library.
EDITABLE_FIELDS = (
    *REQUIRED_FIELDS, "competencies", "questions", "work_ref", "source", "status",
)  # fmt: skip


class StoryInputError(ValueError):
    """A story (or a file of stories) that cannot be accepted; the message says what to fix."""


class StoryStore(Protocol):
    def lock(self) -> None: ...
    def list(self) -> list[Story]: ...
    def add(self, story: Story) -> Story: ...
    def update(self, story: Story) -> Story: ...


@dataclass(frozen=True, slots=True)
class AddResult:
    story: Story
    merged_into: str | None  # the id of the existing story it was merged into, if any


def prepare(story: Story) -> Story:
    """Fill what the library derives: metrics from the text, detected competencies."""
    if not story.title.strip():
        raise StoryInputError("a story needs a title")
    metrics = story.metrics or extract_metrics(story.text)
    return story.model_copy(
        update={"metrics": metrics, "competencies": competencies_for_story(story)}
    )


def add_story(store: StoryStore, story: Story) -> AddResult:
    """Add a story, or merge it into the existing one it retells."""
    return add_each(store, [story])[0]


def add_each(store: StoryStore, stories: Sequence[Story]) -> list[AddResult]:
    """Add each story in turn (a later one may merge into an earlier one).

    The library is locked for the transaction first, so two adds at once cannot both
    miss the other's copy; it is then read once and compared in memory.
    """
    store.lock()
    index = DuplicateIndex(store.list())
    results = []
    for story in stories:
        story = prepare(story)
        facts = story_facts(story)
        duplicate = index.find(story, facts)
        if duplicate is None:
            stored, merged_into = store.add(story), None
            index.put(stored, facts)
        else:
            merged = prepare(merge_stories(duplicate, story))
            stored, merged_into = store.update(merged), duplicate.id
            index.put(stored)
        results.append(AddResult(story=stored, merged_into=merged_into))
    return results


def counts(results: Sequence[AddResult]) -> dict[str, int]:
    """How many of the added stories were new and how many merged into existing ones."""
    merged = sum(1 for result in results if result.merged_into)
    return {"added": len(results) - merged, "merged": merged}


def add_stories(store: StoryStore, stories: Sequence[Story]) -> dict[str, int]:
    """Add each story (merging retellings); how many were new and how many merged."""
    return counts(add_each(store, stories))


def story_from_input(data: Any, *, where: str = "story") -> Story:
    """A new story from client JSON: the STAR fields are required; a fresh id is assigned."""
    if not isinstance(data, dict):
        raise StoryInputError(f"{where}: expected a JSON object, got {type(data).__name__}")
    missing = [f for f in REQUIRED_FIELDS if f not in data]
    if missing:
        raise StoryInputError(f"{where}: missing field(s) {', '.join(missing)}")
    fields = {k: v for k, v in data.items() if k in EDITABLE_FIELDS}
    try:
        story = Story.model_validate({**fields, "id": new_story_id()})
    except ValidationError as exc:
        raise StoryInputError(f"{where}: {_first_error(exc)}") from None
    if not story.title.strip():
        raise StoryInputError(f"{where}: title must not be empty")
    return story


def apply_edit(story: Story, changes: dict[str, Any]) -> Story:
    """The story with the client's changes to editable fields, validated."""
    unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
    if unknown:
        raise StoryInputError(f"cannot edit field(s) {', '.join(unknown)}")
    try:
        edited = Story.model_validate({**story.model_dump(), **changes})
    except ValidationError as exc:
        raise StoryInputError(_first_error(exc)) from None
    if not edited.title.strip():
        raise StoryInputError("title must not be empty")
    return edited.model_copy(update={"metrics": extract_metrics(edited.text)})


def parse_import(raw: str | bytes) -> list[Story]:
    """Stories from an export file: a JSON array of story objects."""
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise StoryInputError(f"not valid JSON: {exc}") from None
    return stories_from_import(data)


def stories_from_import(data: Any) -> list[Story]:
    """Stories from decoded export JSON: an array of story objects."""
    if not isinstance(data, list):
        raise StoryInputError("expected a JSON array of stories")
    return [story_from_input(item, where=f"story {i + 1}") for i, item in enumerate(data)]


def export_stories(stories: Iterable[Story]) -> list[dict[str, Any]]:
    """What `parse_import` reads back: every field, JSON-ready."""
    return [story.model_dump(mode="json") for story in stories]


def story_summary(story: Story) -> dict[str, Any]:
    """The short form lists show."""
    return {
        "id": story.id,
        "title": story.title,
        "status": story.status.value,
        "source": story.source.value,
        "competencies": [c.value for c in story.competencies],
        "times_used": story.times_used,
    }


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    location = ".".join(str(p) for p in error["loc"]) or "story"
    # A validator's own message reads "Value error, <message>": keep only the message.
    return f"{location}: {error['msg'].removeprefix('Value error, ')}"
