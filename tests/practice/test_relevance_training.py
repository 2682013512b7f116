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


def test_the_shipped_judge_is_the_training_tools_output() -> None:
    model = default_embedder()
    assert model is not None, "the bundled retrieval model must load"
    entry, name, raw, report = train(model)
    shipped = bundled_calibrations()[model.model_id]
    assert shipped.reference == name
    assert list(shipped.features) == entry["features"]
    # Thread counts move the embeddings in their last bits, and so the fit a little.
    assert np.allclose(shipped.weights, entry["weights"], rtol=1e-4, atol=1e-3)
    assert abs(shipped.bias - entry["bias"]) < 1e-2
    assert abs(shipped.off_below - entry["off_below"]) < 1e-3
    assert abs(shipped.unclear_below - entry["unclear_below"]) < 1e-3
    built, stored = Reference.from_bytes(raw), load_reference(name)
    assert np.array_equal(built.answer_ids, stored.answer_ids)
    assert np.array_equal(built.question_ids, stored.question_ids)
    assert np.allclose(built.answers, stored.answers, atol=2e-3)
    assert np.allclose(built.questions, stored.questions, atol=2e-3)
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
