"""The bundled static MiniLM embedder: shipped data, meaning, edge cases, speed."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import numpy as np
import pytest

from intervoo.stories.embeddings import EmbedderUnavailable
from intervoo.stories.model import Story
from intervoo.stories.retrieval import StoryIndex
from intervoo.stories.static_embed import (
    TABLE_PATH,
    TOKENIZER_PATH,
    StaticEmbedder,
    bundled_embedder,
)


@pytest.fixture(scope="module")
def embedder() -> StaticEmbedder:
    loaded = bundled_embedder()
    assert loaded is not None, "the static embedding data must ship with the package"
    return loaded


def test_bundled_embedder_is_loaded_once(embedder: StaticEmbedder) -> None:
    assert bundled_embedder() is embedder


def test_rows_are_unit_length_with_the_tables_dimensions(embedder: StaticEmbedder) -> None:
    vectors = embedder.embed(["Tell me about a conflict.", "I fixed the build."])
    assert vectors.shape == (2, embedder.dims) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_a_paraphrase_is_closer_than_an_unrelated_sentence(embedder: StaticEmbedder) -> None:
    question, paraphrase, unrelated = embedder.embed([
        "Tell me about a disagreement with your manager.",
        "I argued with my boss about the release date.",
        "We cut our cloud costs by forty percent.",
    ])  # fmt: skip
    assert question @ paraphrase > question @ unrelated + 0.1


@pytest.mark.parametrize(
    ("word", "near", "far"),
    [("doctor", "physician", "garden"), ("mistake", "error", "holiday"),
     ("pupils", "students", "invoice")],
)  # fmt: skip
def test_synonyms_the_lexicon_never_listed_are_near(
    embedder: StaticEmbedder, word: str, near: str, far: str
) -> None:
    w, n, f = embedder.embed([word, near, far])
    assert w @ n > w @ f + 0.2


def test_empty_inputs_give_zero_rows(embedder: StaticEmbedder) -> None:
    assert embedder.embed([]).shape == (0, embedder.dims)
    assert not embedder.embed([""]).any()


def test_missing_files_are_reported_not_fetched(tmp_path: Path) -> None:
    with pytest.raises(EmbedderUnavailable, match="missing"):
        StaticEmbedder.from_files(tmp_path / "none.npy", TOKENIZER_PATH)


def test_a_table_that_does_not_fit_the_tokenizer_is_refused(tmp_path: Path) -> None:
    small = tmp_path / "small.npy"
    np.save(small, np.zeros((10, 8), dtype=np.float16))
    with pytest.raises(ValueError, match="does not fit"):
        StaticEmbedder.from_files(small, TOKENIZER_PATH)


def test_the_shipped_table_is_small_and_licensed() -> None:
    assert TABLE_PATH.stat().st_size < 17 * 2**20
    notice = (TABLE_PATH.parent / "STATIC_MINILM_NOTICE.txt").read_text()
    assert "Apache License, Version 2.0" in notice and "all-MiniLM-L6-v2" in notice


def test_embedding_a_question_costs_well_under_a_millisecond(embedder: StaticEmbedder) -> None:
    question = ["Tell me about a time you had to win over a skeptical stakeholder."]
    embedder.embed(question)
    timings = []
    for _ in range(200):
        start = time.perf_counter()
        embedder.embed(question)
        timings.append(time.perf_counter() - start)
    assert statistics.median(timings) < 0.5e-3


def test_the_index_finds_a_story_by_meaning_alone() -> None:
    stories = [Story(title="Restored an old automobile"), Story(title="Pruned the garden hedge")]
    question = "Have you ever fixed up a vehicle?"  # no word or lexicon concept shared
    assert StoryIndex(stories, embedder=None).match(question, min_score=0.0) == []
    best = StoryIndex(stories).match(question, min_score=0.0)[0]
    assert best.story is stories[0]
    assert "close in meaning" in best.why
