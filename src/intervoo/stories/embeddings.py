"""The dense-embedding seam of story retrieval.

By default `StoryIndex` uses the static MiniLM table shipped in the package
(`static_embed.StaticEmbedder`, no PyTorch); anything that satisfies `Embedder`
(one L2-normalized vector per text) can be passed to `StoryIndex` instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]


class Embedder(Protocol):
    def embed(self, texts: Sequence[str]) -> Vectors:
        """One unit-length row per text, shape (len(texts), dim)."""
        ...


class EmbedderUnavailable(RuntimeError):
    """An embedding table was asked for but cannot be loaded (the reason says why)."""


def normalize_rows(vectors: npt.NDArray[Any]) -> Vectors:
    matrix = np.asarray(vectors, dtype=np.float32)
    if matrix.ndim != 2:
        raise ValueError(f"embeddings must be a 2-D array, got shape {matrix.shape}")
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.where(norms == 0, 1.0, norms)).astype(np.float32)


def without_direction(vectors: Vectors, direction: Vectors) -> Vectors:
    """Each row with its component along the unit `direction` removed, renormalized."""
    return normalize_rows(vectors - np.outer(vectors @ direction, direction))
