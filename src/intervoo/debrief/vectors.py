"""The debrief's vectors: one cache per session, so that what the candidate said is embedded
once (most of it while the interview goes on, `prep.DebriefPrep`) and never kept after it.

Speech-derived vectors live only in this session's cache, never in the process-wide story
cache or the database.
"""

from __future__ import annotations

from collections.abc import Sequence

from intervoo.embed import TextEmbedder, Vectors
from intervoo.stories.embeddings import VectorCache

SESSION_VECTORS = 1 << 13  # a long interview's sentences, points and answers


class SessionVectors:
    """A `TextEmbedder` answering from the session's cache first (what the relevance judge
    and the debrief read), the model for what is not there yet."""

    def __init__(self, embedder: TextEmbedder) -> None:
        self._embedder = embedder
        self._cache = VectorCache(SESSION_VECTORS)

    @property
    def model(self) -> TextEmbedder:
        """The model itself (for the library's vectors, cached process-wide by text)."""
        return self._embedder

    @property
    def model_id(self) -> str:
        return self._embedder.model_id

    @property
    def dims(self) -> int:
        return self._embedder.dims

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        return self._cache.queries(self._embedder, list(texts))

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        return self._cache.passages(self._embedder, list(texts))
