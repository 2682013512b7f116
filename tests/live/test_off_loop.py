"""The live path embeds nothing on the event loop: a question's vector (tens of ms with the
bundled model) is computed in a worker thread, for the composer and for an LLM's speculation."""

import threading
from collections.abc import Sequence

import pytest

from intervoo.copilot.context import build_candidate_context
from intervoo.embed import TextEmbedder, Vectors, default_embedder
from intervoo.events import SuggestionDone
from intervoo.live.session import LiveSession
from intervoo.stories.retrieval import StoryIndex
from tests.copilot.candidate import RESUME, STORIES, TARGET
from tests.live.helpers import Recorder, ScriptedDetector, classify_by_words, said


class ThreadRecordingEmbedder:
    """The bundled model, noting the thread of every question it embeds."""

    def __init__(self, model: TextEmbedder) -> None:
        self._model = model
        self.query_threads: list[threading.Thread] = []

    @property
    def model_id(self) -> str:
        return self._model.model_id

    @property
    def dims(self) -> int:
        return self._model.dims

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        self.query_threads.append(threading.current_thread())
        return self._model.embed_queries(texts)

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        return self._model.embed_passages(texts)


@pytest.fixture
def embedder() -> ThreadRecordingEmbedder:
    model = default_embedder()
    if model is None:
        pytest.skip("the bundled retrieval model is not installed")
    return ThreadRecordingEmbedder(model)


async def test_a_question_is_embedded_off_the_event_loop(
    embedder: ThreadRecordingEmbedder,
) -> None:
    index = StoryIndex(STORIES, resume=RESUME, embedder=embedder)
    ctx = build_candidate_context(
        RESUME, STORIES, TARGET, user_id="u-test", index=index, embedder=embedder
    )
    embedder.query_threads.clear()  # what building the index and the context embedded
    record = Recorder()
    session = LiveSession(ctx, emit=record, detector=ScriptedDetector(), classify=classify_by_words)
    # Words no earlier test embedded, so the process-wide vector cache cannot answer them.
    session.on_transcript(said("Tell me about a checkout outage you fixed off the loop?", start=0))
    done = await record.wait_for(lambda e: isinstance(e, SuggestionDone))
    await session.aclose()
    assert isinstance(done, SuggestionDone)
    assert any(source.startswith("story: ") for source in done.sources)  # a story was matched
    assert embedder.query_threads, "the question was never embedded"
    assert threading.main_thread() not in embedder.query_threads
