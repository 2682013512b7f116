"""The committed vectors are what the bundled model gives for those texts today."""

from __future__ import annotations

import numpy as np
import pytest

from intervoo.embed import default_embedder
from intervoo.embed.e5 import E5Embedder
from intervoo.stories.embeddings import VectorCache, text_key
from tests.stories.vector_cache import CACHE_PATH, labeled_texts


def test_cached_vectors_match_the_model_for_a_sample_of_texts() -> None:
    embedder = default_embedder()
    assert isinstance(embedder, E5Embedder)
    passages, queries = labeled_texts()
    with np.load(CACHE_PATH, allow_pickle=False) as data:
        cached = dict(zip((str(k) for k in data["keys"]), data["vectors"], strict=True))
    for kind, texts in (("passage", passages[::40]), ("query", queries[::400])):
        fresh = VectorCache().passages if kind == "passage" else VectorCache().queries
        vectors = fresh(embedder, texts)
        for text, vector in zip(texts, vectors, strict=True):
            stored = cached[text_key(embedder.model_id, kind, text)].astype(np.float32)
            assert float(stored @ vector) == pytest.approx(1.0, abs=2e-3), text
