"""Story and question vectors for retrieval, computed once per text and model.

A vector is keyed by the model's id and the sha256 of the exact text it was made
from, so an index built for the next live session reuses every vector whose
story has not changed, and an edited story gets a fresh one. The keys are kept in
a process-wide cache and, through `VectorStore`, in the database (computed when a
story is saved, `stories.library`), so no session start embeds a whole library.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Mapping, Sequence
from typing import Protocol

import numpy as np

from intervoo.embed import TextEmbedder, Vectors, normalize_rows

__all__ = ["VectorCache", "VectorStore", "Vectors", "normalize_rows", "without_direction"]

# Texts whose vectors the process keeps (a 500-story library with 20 questions each).
CACHE_SIZE = 1 << 15


def text_key(model_id: str, kind: str, text: str) -> str:
    """`kind` is "passage" or "query": the model embeds the two differently."""
    digest = hashlib.sha256(f"{kind}\0{text}".encode()).hexdigest()
    return f"{model_id}:{digest}"


class VectorStore(Protocol):
    """Persistent vectors by key (the database's `story_vectors` table)."""

    def load(self, keys: Sequence[str]) -> Mapping[str, Vectors]: ...

    def save(self, vectors: Mapping[str, Vectors]) -> None: ...


class VectorCache:
    """Vectors for texts, from memory, then `store`, then the model (and kept)."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self._size = size
        self._vectors: dict[str, Vectors] = {}
        self._lock = threading.Lock()

    def passages(
        self, embedder: TextEmbedder, texts: Sequence[str], store: VectorStore | None = None
    ) -> Vectors:
        return self._get(embedder, "passage", texts, store)

    def queries(
        self, embedder: TextEmbedder, texts: Sequence[str], store: VectorStore | None = None
    ) -> Vectors:
        return self._get(embedder, "query", texts, store)

    def _get(
        self, embedder: TextEmbedder, kind: str, texts: Sequence[str], store: VectorStore | None
    ) -> Vectors:
        if not texts:
            return np.zeros((0, embedder.dims), dtype=np.float32)
        keys = [text_key(embedder.model_id, kind, text) for text in texts]
        with self._lock:
            found = {k: self._vectors[k] for k in keys if k in self._vectors}
        missing = [k for k in dict.fromkeys(keys) if k not in found]
        if missing and store is not None:
            found.update(store.load(missing))
            missing = [k for k in missing if k not in found]
        if missing:
            by_key = dict(zip(keys, texts, strict=True))
            todo = [by_key[k] for k in missing]
            embed = embedder.embed_queries if kind == "query" else embedder.embed_passages
            fresh = dict(zip(missing, embed(todo), strict=True))
            found.update(fresh)
            if store is not None:
                store.save(fresh)
        self._keep(found)
        return np.stack([found[k] for k in keys])

    def preload(self, vectors: Mapping[str, Vectors]) -> None:
        """Vectors computed elsewhere (a store read in bulk, a test fixture) by key."""
        self._keep(vectors)

    def _keep(self, vectors: Mapping[str, Vectors]) -> None:
        with self._lock:
            self._vectors.update(vectors)
            if len(self._vectors) > self._size:  # drop the oldest half, rarely
                for key in list(self._vectors)[: len(self._vectors) // 2]:
                    del self._vectors[key]


VECTORS = VectorCache()


def without_direction(vectors: Vectors, direction: Vectors) -> Vectors:
    """Each row with its component along the unit `direction` removed, renormalized."""
    return normalize_rows(vectors - np.outer(vectors @ direction, direction))
