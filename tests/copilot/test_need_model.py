"""The learned need head: it ships for the bundled model, reads needs the nearest
examples misread, and stands aside, leaving the examples to decide, when its file is
damaged or belongs to another embedding model."""

from __future__ import annotations

from pathlib import Path

import pytest

from intervoo.copilot.need_model import MODEL_PATH, load_need_model
from intervoo.copilot.needs import KIND_PRIOR, LEARNED_TIE_MARGIN, Need, NeedReader
from intervoo.embed import TextEmbedder, default_embedder
from intervoo.questions.classify import classify

# Written for this test: in neither the head's training data nor the answer bench.
QUESTIONS = {
    "How did you settle it when a designer and you disagreed about a release?": Need.CONFLICT,
    "Tell me about the time a teammate and you could not agree on an estimate.": Need.CONFLICT,
    "How have you made a slow report load faster?": Need.EXPERIENCE,
    "Describe a time you brought a tricky vendor onboarding over the line.": Need.EXPERIENCE,
    "What is a memory leak?": Need.CONCEPT,
    "Which mistake taught you the most?": Need.SETBACK,
    "Walk me through the jobs you've had so far.": Need.PROFILE,
    "How would you architect a ticket booking site for a big concert?": Need.DESIGN,
}


@pytest.fixture(scope="module")
def embedder() -> TextEmbedder:
    found = default_embedder()
    if found is None:
        pytest.skip("the bundled retrieval model is not installed")
    return found


def _needs(reader: NeedReader, embedder: TextEmbedder) -> dict[str, Need]:
    texts = list(QUESTIONS)
    vectors = embedder.embed_queries(texts)
    return {
        text: reader.need(text, classify(text).kind, vector)
        for text, vector in zip(texts, vectors, strict=True)
    }


def test_the_head_reads_the_need_of_questions_it_never_saw(embedder: TextEmbedder) -> None:
    reader = NeedReader(embedder)
    text = next(iter(QUESTIONS))
    _, margin = reader.reading(text, classify(text).kind, embedder.embed_queries([text])[0])
    assert margin == LEARNED_TIE_MARGIN  # the shipped head is in use, and sure
    read = _needs(reader, embedder)
    wrong = {text: need for text, need in read.items() if need is not QUESTIONS[text]}
    assert not wrong


def test_the_head_reads_more_of_them_right_than_the_nearest_examples(
    embedder: TextEmbedder,
) -> None:
    learned = _needs(NeedReader(embedder), embedder)
    examples = _needs(NeedReader(embedder, learned=False), embedder)
    right = [sum(read[t] is need for t, need in QUESTIONS.items()) for read in (learned, examples)]
    assert right[0] > right[1]


def test_a_damaged_or_foreign_head_is_not_used(tmp_path: Path, embedder: TextEmbedder) -> None:
    assert load_need_model(embedder.model_id) is not None
    assert load_need_model("another/model") is None  # trained on other vectors
    damaged = tmp_path / "need_model.npz"
    damaged.write_bytes(MODEL_PATH.read_bytes()[:-10])
    assert load_need_model(embedder.model_id, damaged) is None
    assert load_need_model(embedder.model_id, tmp_path / "absent.npz") is None


@pytest.mark.parametrize("learned", [False, True], ids=["no head", "head unsure"])
def test_without_a_sure_head_the_examples_decide_with_their_own_margin(
    embedder: TextEmbedder, learned: bool
) -> None:
    """A partial like no training question leaves the head unsure: the examples read it as
    the story it begins, as they do when there is no head."""
    text = "Tell me about a time you?"
    vector = embedder.embed_queries([text])[0]
    ranked, margin = NeedReader(embedder, learned=learned).reading(
        text, classify(text).kind, vector
    )
    assert margin == KIND_PRIOR and ranked[0][0] is Need.EXPERIENCE
