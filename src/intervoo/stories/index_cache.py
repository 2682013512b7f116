"""Story indexes kept across live sessions and match requests in this process.

Building an index analyses every story and question (about 0.3 s for 500 stories
with 20 questions each, with their vectors already computed); a live session or a
`suggest` request over an unchanged library gets the index built last time. The key
is a digest of every story as stored (less its usage counts) and the resume's
highlights, so any edit builds a fresh one.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence

from intervoo.resume.schema import Resume
from intervoo.stories.embeddings import VectorStore
from intervoo.stories.model import Story
from intervoo.stories.retrieval import StoryIndex

# What telling a story changes, and no match reads: a session's usage keeps the index.
_USAGE = {"times_used", "last_used_at", "updated_at", "created_at"}
# Libraries kept: one per recently active user on a server; one is enough locally.
KEPT = 16

_lock = threading.Lock()
_kept: OrderedDict[str, StoryIndex] = OrderedDict()


def library_key(stories: Sequence[Story], resume: Resume | None) -> str:
    digest = hashlib.sha256()
    for story in stories:
        digest.update(story.model_dump_json(exclude=_USAGE).encode())
    if resume is not None:
        for work in resume.work:
            digest.update(f"\0{work.id}\0{work.name}\0{work.position}".encode())
            for highlight in work.highlights:
                digest.update(f"\0{highlight}".encode())
    return digest.hexdigest()


def story_index(
    stories: Sequence[Story], *, resume: Resume | None = None, vectors: VectorStore | None = None
) -> StoryIndex:
    """The index for this library, built once while it stays unchanged; `vectors`: where
    its stored vectors are read (and those computed for the build are kept)."""
    key = library_key(stories, resume)
    with _lock:
        if (found := _kept.get(key)) is not None:
            _kept.move_to_end(key)
            return found
    index = StoryIndex(stories, resume=resume, vectors=vectors)
    with _lock:
        _kept[key] = index
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return index
