"""The example questions' vectors ship with the package, so no session embeds them: the
file covers every example for the bundled model and equals what the model computes now."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from intervoo.copilot.needs import EXAMPLE_TEXTS, SHIPPED
from intervoo.embed import default_embedder
from intervoo.stories.embeddings import ShippedVectors, VectorCache, text_key

REBUILD = "out of date: run tools/build_need_vectors.py"


def test_the_shipped_vectors_cover_every_example_and_match_the_model() -> None:
    embedder = default_embedder()
    if embedder is None:
        pytest.skip("the bundled retrieval model is not installed")
    keys = [text_key(embedder.model_id, "query", text) for text in EXAMPLE_TEXTS]
    shipped = SHIPPED.load(keys)
    assert set(shipped) == set(keys), REBUILD
    sample = EXAMPLE_TEXTS[::9]
    fresh = embedder.embed_queries(sample)
    stored = np.stack([shipped[text_key(embedder.model_id, "query", t)] for t in sample])
    assert np.min(np.sum(fresh * stored, axis=1)) > 0.999, REBUILD


def test_a_cache_with_the_shipped_file_embeds_none_of_its_texts() -> None:
    embedder = default_embedder()
    if embedder is None:
        pytest.skip("the bundled retrieval model is not installed")
    calls: list[int] = []
    real = embedder.embed_queries

    class Counting:
        model_id, dims = embedder.model_id, embedder.dims

        def embed_queries(self, texts: list[str]) -> np.ndarray:
            calls.append(len(texts))
            return real(texts)

        embed_passages = embed_queries

    VectorCache().queries(Counting(), [*EXAMPLE_TEXTS, "What is a closure?"], SHIPPED)  # type: ignore[arg-type]
    assert calls == [1]  # only the text the file does not hold


@pytest.mark.parametrize("content", [b"", b"not an npz file"])
def test_a_missing_or_damaged_file_only_means_computing(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "vectors.npz"
    if content:
        path.write_bytes(content)
    assert ShippedVectors(path).load(["any:key"]) == {}
