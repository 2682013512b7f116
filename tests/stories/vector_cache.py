"""The retrieval model's vectors for the labeled sets, computed once and committed.

Embedding every labeled story, question and LLM-written question takes minutes on
two cores; tests and the bench load these instead, by the same keys the product
uses (model id + sha256 of the text), so a changed text or model simply misses
the cache and is embedded for real. `test_vector_cache` checks that the model
still gives these vectors. Rebuild after changing a labeled set or the model:

    .venv/bin/python -m tests.stories.vector_cache
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from intervoo.embed import default_embedder
from intervoo.stories.embeddings import VECTORS, text_key
from intervoo.stories.library import prepare
from tests.stories.evaluation import DATA_DIR, load_set

CACHE_PATH = DATA_DIR / "e5_vectors.npz"
SETS = ("dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5")


def load_cache(path: Path = CACHE_PATH) -> int:
    """Put the committed vectors in the process cache; how many there were."""
    if not path.is_file():
        return 0
    with np.load(path, allow_pickle=False) as data:
        keys, vectors = data["keys"], data["vectors"].astype(np.float32)
    VECTORS.preload(dict(zip((str(k) for k in keys), vectors, strict=True)))
    return len(keys)


def labeled_texts() -> tuple[list[str], list[str]]:
    """(passages, queries) every labeled set asks the model for."""
    passages: set[str] = set()
    queries: set[str] = set()
    for name in SETS:
        for written in (False, True):
            labeled = load_set(name, llm_questions=written)
            for story in labeled.stories:
                passages.update({story.text, prepare(story).text})
                queries.update(story.questions)
            queries.update(q for q, _ in labeled.questions)
    return sorted(passages), sorted(queries)


def build(path: Path = CACHE_PATH) -> None:
    embedder = default_embedder()
    if embedder is None:
        raise SystemExit("the retrieval model is not installed")
    passages, queries = labeled_texts()
    keys = [text_key(embedder.model_id, "passage", t) for t in passages]
    keys += [text_key(embedder.model_id, "query", t) for t in queries]
    vectors = np.concatenate([
        VECTORS.passages(embedder, passages), VECTORS.queries(embedder, queries)
    ])  # fmt: skip
    np.savez_compressed(path, keys=np.array(keys), vectors=vectors.astype(np.float16))


if __name__ == "__main__":
    load_cache()
    build()
