"""The optional dense-embedding hook for story retrieval.

By default `StoryIndex` uses the static MiniLM table shipped in the package
(`static_embed.StaticEmbedder`, no PyTorch). When a full local sentence-embedding
model is on disk and `sentence-transformers` is installed, `load_local_embedder(path)`
wraps it; anything that satisfies `Embedder` (one L2-normalized vector per text) can
be passed to `StoryIndex`. Nothing is downloaded: a missing model is reported, never
fetched.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

log = logging.getLogger(__name__)

Vectors = npt.NDArray[np.float32]


class Embedder(Protocol):
    def embed(self, texts: Sequence[str]) -> Vectors:
        """One unit-length row per text, shape (len(texts), dim)."""
        ...


class EmbedderUnavailable(RuntimeError):
    """A local embedding model was asked for but cannot be loaded (the reason says why)."""


def normalize_rows(vectors: npt.NDArray[Any]) -> Vectors:
    matrix = np.asarray(vectors, dtype=np.float32)
    if matrix.ndim != 2:
        raise ValueError(f"embeddings must be a 2-D array, got shape {matrix.shape}")
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.where(norms == 0, 1.0, norms)).astype(np.float32)


class SentenceTransformerEmbedder:
    """Adapter for a sentence-transformers model loaded from a local directory."""

    def __init__(self, model: Any) -> None:
        self._model = model

    def embed(self, texts: Sequence[str]) -> Vectors:
        return normalize_rows(self._model.encode(list(texts), convert_to_numpy=True))


def load_local_embedder(path: str | Path) -> SentenceTransformerEmbedder:
    """Load a sentence-embedding model from a local directory (never from the network)."""
    model_dir = Path(path).expanduser()
    if not model_dir.is_dir():
        raise EmbedderUnavailable(f"no embedding model directory at {model_dir}")
    try:
        module = importlib.import_module("sentence_transformers")
    except ImportError as exc:
        raise EmbedderUnavailable(
            "dense story matching needs the 'sentence-transformers' package"
        ) from exc
    model = module.SentenceTransformer(str(model_dir), local_files_only=True)
    log.info("story embeddings: loaded local model from %s", model_dir)
    return SentenceTransformerEmbedder(model)
