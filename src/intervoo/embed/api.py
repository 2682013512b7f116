"""The embedding seam: what any retrieval embedder provides."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]


class TextEmbedder(Protocol):
    """Unit-length vectors for questions (queries) and the texts that answer them."""

    @property
    def model_id(self) -> str:
        """Names the model and its file exactly: stored vectors are keyed by it."""
        ...

    @property
    def dims(self) -> int: ...

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        """One unit-length row per question, shape (len(texts), dims)."""
        ...

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        """One unit-length row per passage (a story, an answer), shape (len(texts), dims)."""
        ...


class EmbedderUnavailable(RuntimeError):
    """The embedding model cannot be loaded (the message says why)."""


def normalize_rows(vectors: npt.NDArray[Any]) -> Vectors:
    matrix = np.asarray(vectors, dtype=np.float32)
    if matrix.ndim != 2:
        raise ValueError(f"embeddings must be a 2-D array, got shape {matrix.shape}")
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.where(norms == 0, 1.0, norms)).astype(np.float32)
