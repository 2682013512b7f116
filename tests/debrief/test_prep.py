"""The prep embeds the interview's words while it goes on: at Stop the build embeds nothing."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from intervoo.copilot.context import build_candidate_context
from intervoo.debrief.build import build_debrief
from intervoo.debrief.prep import DebriefPrep
from intervoo.debrief.vectors import SessionVectors
from intervoo.embed import TextEmbedder, Vectors, default_embedder
from intervoo.events import (
    Channel,
    Event,
    QuestionEvent,
    QuestionKind,
    SuggestionDone,
    TranscriptEvent,
)
from intervoo.live.record import SessionRecord
from tests.copilot.candidate import RESUME, STORIES, TARGET
from tests.debrief.sessions import interview


class Counting:
    """The bundled model, counting the texts it is asked to embed."""

    def __init__(self, model: TextEmbedder) -> None:
        self.model = model
        self.texts = 0
        self.model_id, self.dims = model.model_id, model.dims

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        self.texts += len(texts)
        return self.model.embed_queries(texts)

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        self.texts += len(texts)
        return self.model.embed_passages(texts)


async def test_after_the_prep_the_debrief_embeds_nothing_more() -> None:
    model = default_embedder()
    assert model is not None
    ctx = build_candidate_context(RESUME, STORIES, TARGET)
    counting = Counting(model)
    record = SessionRecord()
    prep = DebriefPrep(record, SessionVectors(counting), tick_s=0.01, values=ctx.values)
    prep.start()
    for event in _events(interview()):  # the interview happens while the prep runs
        record.observe(event)
        await asyncio.sleep(0.02)
    await prep.finish()
    prepared = counting.texts
    assert prepared > 0
    debrief = build_debrief(record, ctx, session_id="s", vectors=prep.vectors)
    assert counting.texts == prepared  # everything the build compares was ready
    assert debrief.new_stories and debrief.stories_told


def _events(record: SessionRecord) -> list[Event]:
    """The record's content back as the events that made it, in their order."""
    out: list[Event] = []
    for question in record.questions:
        kind = QuestionKind(question.kind)
        out.append(QuestionEvent(question.id, question.text, kind, 0.9, False, t=question.t))
        suggested = record.suggestions[question.id]
        out.append(SuggestionDone(question.id, suggested.text, suggested.sources))
        out += [
            TranscriptEvent(Channel.CANDIDATE, s.text, True, s.start, s.end, t=s.t)
            for s in record.candidate
            if record.answers(s) == question.id
        ]
    return out
