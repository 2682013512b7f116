"""A live answer from an endpoint that ignores max_tokens ends at the cap with a note."""

from __future__ import annotations

import httpx

from intervoo.events import SuggestionDone
from intervoo.live.answer_job import CUT_NOTE, LLM_MAX_TOKENS
from intervoo.llm.stream import CHARS_PER_TOKEN_CAP
from tests.live.helpers import Recorder, said
from tests.live.test_session import OUTAGE_Q, done_for, llm_for, make_session
from tests.support.llm_server import LLMServer, openai_events, stream_reply


async def test_a_twenty_megabyte_answer_is_cut_with_a_clear_note(http: httpx.AsyncClient) -> None:
    piece = "and then " * 100
    flood = stream_reply(openai_events([piece] * (20 * 1024 * 1024 // len(piece))))
    async with LLMServer(flood) as server:
        record = Recorder()
        session = make_session(record, llm=llm_for(server, http))
        session.on_transcript(said(OUTAGE_Q, start=0))
        done = await record.wait_for(done_for("q0"))
        await session.aclose()
        await server.wait_disconnect()
    assert isinstance(done, SuggestionDone)
    assert done.note == CUT_NOTE
    _holding, model_text = done.text.split("\n", 1)  # the holding line came first
    assert len(model_text) == LLM_MAX_TOKENS * CHARS_PER_TOKEN_CAP
