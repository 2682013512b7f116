"""A library's index is built once and kept while the library stays the same."""

from __future__ import annotations

from intervoo.stories.index_cache import story_index
from intervoo.stories.model import Story


def _library() -> list[Story]:
    return [
        Story(id="a", title="Moved search to OpenSearch with zero downtime"),
        Story(id="b", title="Built a billing dashboard for finance"),
    ]


def test_an_unchanged_library_gets_the_index_built_last_time() -> None:
    first = story_index(_library())
    assert story_index(_library()) is first
    told = [s.model_copy(update={"times_used": 3}) for s in _library()]
    assert story_index(told) is first  # telling a story is no edit


def test_an_edited_library_gets_a_fresh_index() -> None:
    first = story_index(_library())
    edited = _library()
    edited[1] = edited[1].model_copy(update={"questions": ["How did you help finance?"]})
    fresh = story_index(edited)
    assert fresh is not first
    assert fresh.match("How did you help finance?", top=1)[0].story.id == "b"
