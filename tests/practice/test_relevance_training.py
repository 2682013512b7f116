"""The shipped relevance calibration and reference set are what tools/train_relevance.py
makes from the labelled pairs, embedding answers as the judge does at run time
(`answer_content`): a change to the judge's inputs that is not retrained fails here."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from intervoo.embed import default_embedder
from intervoo.practice.reference import Reference, load_reference
from intervoo.practice.relevance import bundled_calibrations

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
from train_relevance import train  # noqa: E402


def same_rows(built: np.ndarray, stored: np.ndarray) -> bool:
    x, y = built.astype(float), stored.astype(float)
    cosine = (x * y).sum(axis=1) / (np.linalg.norm(x, axis=1) * np.linalg.norm(y, axis=1))
    return x.shape == y.shape and bool(cosine.min() > 0.9995)


def probabilities(features: np.ndarray, weights: object, bias: float) -> np.ndarray:
    return 1 / (1 + np.exp(-(features @ np.asarray(weights, dtype=float) + bias)))


def test_the_shipped_judge_is_the_training_tools_output() -> None:
    model = default_embedder()
    assert model is not None, "the bundled retrieval model must load"
    entry, name, raw, report, features = train(model)
    shipped = bundled_calibrations()[model.model_id]
    assert shipped.reference == name
    assert list(shipped.features) == entry["features"]
    # Judged by what the judge says, not by its weights: another CPU's kernels (AVX-512 or
    # not) and thread counts move the embeddings in their last bits, and nearly collinear
    # features let that move single weights by ~1% (cosine 64.6 here, 65.1 on another
    # machine) while every pair's probability moves by under 0.01. An input change left
    # untrained moves them far more.
    shipped_p = probabilities(features, shipped.weights, shipped.bias)
    trained_p = probabilities(features, entry["weights"], entry["bias"])
    assert np.abs(shipped_p - trained_p).max() < 0.02
    assert abs(shipped.off_below - entry["off_below"]) < 0.01
    assert abs(shipped.unclear_below - entry["unclear_below"]) < 0.01
    built, stored = Reference.from_bytes(raw), load_reference(name)
    assert np.array_equal(built.answer_ids, stored.answer_ids)
    assert np.array_equal(built.question_ids, stored.question_ids)
    # The same vectors up to those kernels (the model is 4-bit quantized: single values move
    # by up to ~2e-3 from one CPU to another, every row's cosine stays above 0.9999).
    assert same_rows(built.answers, stored.answers)
    assert same_rows(built.questions, stored.questions)
    assert report["answers_trimmed_to_content"] > 0  # the content, not the raw answers


def test_the_reference_holds_answer_content_not_raw_answers() -> None:
    """A reference answer with framing ("Sure. So, ... That's it.") is stored as its
    content's vector: the run-time answer it is compared with is embedded that way."""
    from relevance_pairs import pairs

    from intervoo.practice.reference import text_id
    from intervoo.practice.relevance import answer_content

    model = default_embedder()
    assert model is not None
    stored = load_reference(bundled_calibrations()[model.model_id].reference)
    trimmed = next(
        p for p in pairs() if p.label == "on" and not p.heldout
        and " ".join(answer_content(p.question, p.answer).split()) != " ".join(p.answer.split())
    )  # fmt: skip
    row = int(np.flatnonzero(stored.answer_ids == text_id(trimmed.answer))[0])
    content = model.embed_passages([answer_content(trimmed.question, trimmed.answer)])[0]
    raw = model.embed_passages([trimmed.answer])[0]
    assert stored.answers[row] @ content > stored.answers[row] @ raw
