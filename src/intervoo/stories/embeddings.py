"""Story and question vectors for retrieval, computed once per text and model.

A vector is keyed by the model's id and the sha256 of the exact text it was made
from, so an index built for the next live session reuses every vector whose
story has not changed, and an edited story gets a fresh one. The keys are kept in
a process-wide cache and, through `VectorStore`, in the database (the
`story_vectors` table): the first index built after an edit embeds what changed and
stores it, so no later session start, in any process, embeds the library again.
"""

from __future__ import annotations

import hashlib
import threading
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from intervoo.embed import TextEmbedder, Vectors, normalize_rows

__all__ = [
    "ShippedVectors", "StoredVectors", "VectorCache", "VectorStore", "Vectors", "normalize_rows",
    "ship_vectors", "without_direction",
]  # fmt: skip

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


class StoredVectors:
    """A `VectorStore` over the vectors a database held at session start (read in one
    query); `fresh` collects the ones computed since, for the caller to write back."""

    def __init__(self, stored: Mapping[str, Vectors]) -> None:
        self._stored = dict(stored)
        self.fresh: dict[str, Vectors] = {}

    def load(self, keys: Sequence[str]) -> Mapping[str, Vectors]:
        return {key: self._stored[key] for key in keys if key in self._stored}

    def save(self, vectors: Mapping[str, Vectors]) -> None:
        self.fresh.update(vectors)
        self._stored.update(vectors)


class ShippedVectors:
    """A read-only `VectorStore` over an .npz the package ships (`keys`, `vectors`): the
    vectors of fixed texts, computed once at build time so no process embeds them at
    start. A key names the model and the text, so after either changes the file simply
    misses and the cache computes them, as without it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._vectors: dict[str, Vectors] | None = None

    def load(self, keys: Sequence[str]) -> Mapping[str, Vectors]:
        if self._vectors is None:
            self._vectors = self._read()
        return {key: self._vectors[key] for key in keys if key in self._vectors}

    def save(self, vectors: Mapping[str, Vectors]) -> None:
        """Nothing: the file is rebuilt by its build script, never at run time."""

    def _read(self) -> dict[str, Vectors]:
        try:
            with np.load(self.path) as data:
                keys, vectors = data["keys"], data["vectors"].astype(np.float32)
        except (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile):
            return {}  # absent or damaged: computed as if never shipped
        return {str(key): vector for key, vector in zip(keys, vectors, strict=True)}


def ship_vectors(path: Path, embedder: TextEmbedder, kind: str, texts: Sequence[str]) -> None:
    """Write the .npz `ShippedVectors` reads (by the build script; `kind` as in text_key)."""
    embed = embedder.embed_queries if kind == "query" else embedder.embed_passages
    keys = [text_key(embedder.model_id, kind, text) for text in texts]
    np.savez_compressed(path, keys=np.array(keys), vectors=embed(list(texts)))


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
        unique = list(dict.fromkeys(keys))
        unsaved: dict[str, Vectors] = {}
        if store is not None:
            # A stored vector of another shape (a damaged row) is simply computed again;
            # one this process computed before, without the store, is stored now.
            stored = store.load(unique)
            valid = {k: v for k, v in stored.items() if v.shape == (embedder.dims,)}
            unsaved = {k: v for k, v in found.items() if k not in valid}
            found.update(valid)
        if missing := [k for k in unique if k not in found]:
            by_key = dict(zip(keys, texts, strict=True))
            embed = embedder.embed_queries if kind == "query" else embedder.embed_passages
            fresh = dict(zip(missing, embed([by_key[k] for k in missing]), strict=True))
            found.update(fresh)
            unsaved.update(fresh)
        if store is not None and unsaved:
            store.save(unsaved)
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
