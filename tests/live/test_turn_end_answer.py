"""The answer shown when the interviewer's turn is over on a quick decode of their words
(`ends_turn`, from the speech pipeline), before the final's fuller decode is back: the final
keeps it when it says the same question, and replaces it otherwise (issue 23)."""

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest

from intervoo.config import LLMProvider, Settings
from intervoo.events import QuestionEvent, SuggestionDone, TranscriptEvent
from intervoo.live.session import LiveSession
from intervoo.llm.client import LLMClient, create_client
from intervoo.questions import QuestionDetector, classify
from tests.copilot.candidate import candidate
from tests.live.helpers import Recorder, said
from tests.support.llm_server import LLMServer, answer

OUTAGE_Q = "Tell me about a time you handled a production outage under pressure?"
SALARY_Q = "What are your salary expectations for this role?"


def turn_over(text: str) -> TranscriptEvent:
    """The pipeline's word that the turn is over on `text` (a partial of the whole turn)."""
    return TranscriptEvent(said(text).channel, text, final=False, start=0, end=1000, ends_turn=True)


def session_with(record: Recorder, llm: LLMClient | None = None) -> LiveSession:
    return LiveSession(
        candidate(), emit=record, detector=QuestionDetector(), classify=classify, llm=llm
    )


def confirmed(record: Recorder) -> list[QuestionEvent]:
    return [e for e in record.events if isinstance(e, QuestionEvent) and not e.speculative]


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:
        yield client


async def test_the_answer_is_shown_when_the_turn_ends_and_the_same_final_keeps_it() -> None:
    record = Recorder()
    session = session_with(record)
    session.on_transcript(said(OUTAGE_Q, final=False))
    session.on_transcript(turn_over(OUTAGE_Q))
    done = await record.wait_for(lambda e: isinstance(e, SuggestionDone))
    assert [q.text for q in confirmed(record)] == [OUTAGE_Q]
    assert not any(isinstance(e, TranscriptEvent) and e.final for e in record.events)
    fuller = OUTAGE_Q.rstrip("?") + "."
    session.on_transcript(said(fuller, final=True))  # the fuller decode of the same audio
    await asyncio.sleep(0.2)
    await session.aclose()
    assert {q.id for q in confirmed(record)} == {done.question_id}  # not asked again
    assert confirmed(record)[-1].text == fuller  # the card shows the final's words
    assert [q.text for q in session.record.questions] == [fuller]
    assert isinstance(done, SuggestionDone) and done.note is None
    assert len(record.of("suggestion.done")) == 1


async def test_a_final_that_asks_something_else_replaces_the_answer_shown() -> None:
    record = Recorder()
    session = session_with(record)
    session.on_transcript(said(OUTAGE_Q, final=False))
    session.on_transcript(turn_over(OUTAGE_Q))
    await record.wait_for(lambda e: isinstance(e, SuggestionDone))
    session.on_transcript(said(SALARY_Q, final=True))
    second = await record.wait_for(
        lambda e: isinstance(e, SuggestionDone) and e.question_id != confirmed(record)[0].id
    )
    await session.aclose()
    assert [q.text for q in confirmed(record)] == [OUTAGE_Q, SALARY_Q]
    assert isinstance(second, SuggestionDone)


async def test_the_turn_ending_on_words_the_held_answer_is_not_for_shows_nothing() -> None:
    """Only the held answer for these very words may be shown before the final."""
    record = Recorder()
    session = session_with(record)
    session.on_transcript(said(OUTAGE_Q, final=False))
    session.on_transcript(turn_over("Tell me about a time you handled a"))
    await asyncio.sleep(0.3)
    assert confirmed(record) == []
    assert record.of("suggestion.delta") == []
    await session.aclose()


async def test_with_an_llm_the_request_goes_out_at_the_turn_end_and_the_final_sends_none(
    http: httpx.AsyncClient,
) -> None:
    async with LLMServer(answer(["At Northwind", " I led the fix."])) as server:
        settings = Settings(
            llm_provider=LLMProvider.OPENAI,
            llm_base_url=server.openai_base_url,
            llm_model="test-model",
        )
        llm = create_client(settings, http)
        record = Recorder()
        session = session_with(record, llm)
        session.on_transcript(said(OUTAGE_Q, final=False))
        session.on_transcript(turn_over(OUTAGE_Q))
        await record.wait_for(lambda e: isinstance(e, SuggestionDone))
        assert len(server.exchanges) == 1
        session.on_transcript(said(OUTAGE_Q, final=True))
        await asyncio.sleep(0.3)
        await session.aclose()
    assert len(server.exchanges) == 1
    assert len(confirmed(record)) == 1
    assert "I led the fix." in record.text_of(confirmed(record)[0].id)


async def test_a_turn_that_ends_while_a_refresh_is_on_its_way_is_shown_once_it_is_back(
    http: httpx.AsyncClient,
) -> None:
    """With an LLM a partial whose words differ restarts the held answer after embedding
    them (a refresh, tens of ms); the turn's end that comes meanwhile waits for it."""
    mistake = "Tell me about a time you shipped a job that double-billed customers?"
    async with LLMServer(answer(["At Northwind", " I led the fix."])) as server:
        settings = Settings(
            llm_provider=LLMProvider.OPENAI,
            llm_base_url=server.openai_base_url,
            llm_model="test-model",
        )
        record = Recorder()
        session = session_with(record, create_client(settings, http))
        session.on_transcript(said(mistake, final=False))  # the detector's first guess
        session.on_transcript(said(OUTAGE_Q, final=False))  # other words: a refresh
        session.on_transcript(turn_over(OUTAGE_Q))
        done = await record.wait_for(lambda e: isinstance(e, SuggestionDone))
        assert not any(isinstance(e, TranscriptEvent) and e.final for e in record.events)
        session.on_transcript(said(OUTAGE_Q, final=True))
        await asyncio.sleep(0.3)
        await session.aclose()
    assert {q.id for q in confirmed(record)} == {done.question_id}
    assert confirmed(record)[0].text == OUTAGE_Q
    assert len(server.exchanges) == 1
