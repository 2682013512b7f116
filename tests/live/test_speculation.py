"""Speculative answers: started on a partial, refreshed as the words grow, released at the final
that confirms them, and otherwise cancelled without a single event reaching the client."""

import asyncio
import logging
from collections.abc import AsyncIterator

import httpx
import pytest

from intervoo.config import LLMProvider, Settings
from intervoo.events import SuggestionDone
from intervoo.live.session import LiveSession
from intervoo.llm.client import LLMClient, create_client
from tests.copilot.candidate import candidate
from tests.live.helpers import Recorder, ScriptedDetector, classify_by_words, said
from tests.support.llm_server import (
    Exchange,
    LLMServer,
    Reply,
    ReplyFactory,
    answer,
    openai_events,
    stream_reply,
)

EARLY = "Tell me about a time you?"  # an early partial: no story matches these words yet
OUTAGE_Q = "Tell me about a time you handled a production outage under pressure?"
MISTAKE_Q = "Tell me about a time you shipped a job that double-billed customers?"
MOTIVATION_Q = "Why do you want to work at Amazon?"
PIECES = ["At Northwind checkout timed out,", " so I moved payments to a queue."]


class Requests:
    """A reply factory that counts the requests it answers, so a test can wait for the n-th."""

    def __init__(self, reply: Reply | ReplyFactory) -> None:
        self._reply = reply
        self.count = 0
        self._arrived = asyncio.Event()

    def __call__(self, exchange: Exchange) -> Reply:
        self.count += 1
        self._arrived.set()
        return self._reply if isinstance(self._reply, Reply) else self._reply(exchange)

    async def wait(self, count: int, timeout_s: float = 2.0) -> None:
        async with asyncio.timeout(timeout_s):
            while self.count < count:
                self._arrived.clear()
                await self._arrived.wait()


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:
        yield client


def llm_for(server: LLMServer, http: httpx.AsyncClient) -> LLMClient:
    settings = Settings(
        llm_provider=LLMProvider.OPENAI, llm_base_url=server.openai_base_url, llm_model="test-model"
    )
    client = create_client(settings, http)
    assert client is not None
    return client


def session_with(record: Recorder, llm: LLMClient | None) -> LiveSession:
    return LiveSession(
        candidate(), emit=record, detector=ScriptedDetector(), classify=classify_by_words, llm=llm
    )


def suggestion_events(record: Recorder, question_id: str) -> list[object]:
    return record.of("suggestion.delta", question_id) + record.of("suggestion.done", question_id)


async def test_a_later_partial_refreshes_an_early_speculation_and_the_final_reuses_it(
    http: httpx.AsyncClient,
) -> None:
    requests = Requests(answer(PIECES, first_delay=0.05))
    async with LLMServer(requests) as server:
        record = Recorder()
        session = session_with(record, llm_for(server, http))
        session.on_transcript(said(MISTAKE_Q, final=False, start=0))  # misheard: another story
        session.on_transcript(said(MISTAKE_Q, final=False, start=0))  # kept: its request goes
        await requests.wait(1)
        session.on_transcript(said(OUTAGE_Q, final=False, start=0))
        session.on_transcript(said(OUTAGE_Q, final=False, start=0))  # kept: the refresh sends
        await requests.wait(2)
        await asyncio.sleep(0.2)  # the refreshed answer arrives, into the held buffer
        assert suggestion_events(record, "q0") == []
        session.on_transcript(said(OUTAGE_Q, final=True, start=0))
        done = await record.wait_for(lambda e: isinstance(e, SuggestionDone))
        await session.aclose()
    prompts = [exchange.json()["messages"][1]["content"] for exchange in server.exchanges]
    assert len(prompts) == 2 and MISTAKE_Q in prompts[0] and OUTAGE_Q in prompts[1]
    assert isinstance(done, SuggestionDone) and done.text.endswith("".join(PIECES))
    assert done.ttft_ms is not None and done.ttft_ms < 50  # shown the moment it was confirmed
    assert [entry.question_id for entry in session.ledger.entries] == ["q0", "q0"]


async def test_a_partial_that_keeps_the_same_story_does_not_restart_the_llm(
    http: httpx.AsyncClient,
) -> None:
    async with LLMServer(answer(PIECES)) as server:
        record = Recorder()
        session = session_with(record, llm_for(server, http))
        session.on_transcript(said(OUTAGE_Q, final=False, start=0))
        session.on_transcript(said(f"{OUTAGE_Q[:-1]} at work?", final=False, start=0))
        session.on_transcript(said(f"{OUTAGE_Q[:-1]} at work?", final=True, start=0))
        await record.wait_for(lambda e: isinstance(e, SuggestionDone))
        await session.aclose()
    assert len(server.exchanges) == 1


async def test_a_speculation_the_final_does_not_confirm_is_cancelled_and_never_shown(
    http: httpx.AsyncClient,
) -> None:
    requests = Requests(stream_reply(openai_events(["Hidden words"])[:2], end="stall"))
    async with LLMServer(requests) as server:
        record = Recorder()
        session = session_with(record, llm_for(server, http))
        session.on_transcript(said(OUTAGE_Q, final=False, start=0))
        session.on_transcript(said(f"{OUTAGE_Q[:-1]} at work?", final=False, start=0))
        await requests.wait(1)
        session.on_transcript(said("Thanks, let us move on.", final=True, start=0))
        left = await server.wait_disconnect()
        await session.finish()
        await session.aclose()
    assert left.client_left
    assert [q.speculative for q in record.of("question")] == [True]  # type: ignore[attr-defined]
    assert suggestion_events(record, "q0") == [] and record.of("timing") == []


async def test_a_speculation_leaves_the_visible_answer_running_until_it_is_confirmed(
    http: httpx.AsyncClient,
) -> None:
    requests = Requests(stream_reply(openai_events(["First words"])[:2], end="stall"))
    async with LLMServer(requests) as server:
        record = Recorder()
        session = session_with(record, llm_for(server, http))
        session.on_transcript(said(OUTAGE_Q, start=0))
        await record.wait_for(lambda e: e.type == "suggestion.delta")
        session.on_transcript(said("And why do you want to work here?", final=False, start=9000))
        session.on_transcript(said("And why do you want to work here?", final=False, start=9000))
        await requests.wait(2)
        assert record.of("suggestion.done") == []  # the visible answer was not cut
        session.on_transcript(said("And why", final=True, start=9000))
        await server.wait_disconnect()  # the unconfirmed speculation's stream
        assert record.of("suggestion.done") == []
        await session.aclose()
    assert suggestion_events(record, "q9000") == []


async def test_a_refreshed_speculation_serves_a_final_the_detector_gave_a_new_id(
    http: httpx.AsyncClient,
) -> None:
    misheard = "How would you deny the right place?"
    rate_limiter = "How would you design a rate limiter for a public API?"
    requests = Requests(answer(PIECES, first_delay=0.1))
    async with LLMServer(requests) as server:
        record = Recorder()
        session = session_with(record, llm_for(server, http))
        session.on_transcript(said(misheard, final=False, start=0))
        session.on_transcript(said(misheard, final=False, start=0))
        await requests.wait(1)
        session.on_transcript(said(rate_limiter, final=False, start=0))
        session.on_transcript(said(rate_limiter, final=False, start=0))
        await requests.wait(2)
        await asyncio.sleep(0.25)
        session.on_transcript(said(rate_limiter, final=True, start=100))  # a new id: q100
        done = await record.wait_for(lambda e: isinstance(e, SuggestionDone))
        await session.aclose()
    assert len(server.exchanges) == 2 and server.exchanges[0].client_left
    assert suggestion_events(record, "q0") == []
    assert isinstance(done, SuggestionDone) and done.question_id == "q100"
    assert record.text_of("q100") == done.text and done.text.endswith("".join(PIECES))
    assert done.ttft_ms is not None and done.ttft_ms < 50


async def test_a_question_costs_at_most_two_llm_requests_however_its_partials_change(
    http: httpx.AsyncClient,
) -> None:
    """Each partial below would change the answer's story; only one restart is paid for. The
    final then names yet another story: rather than a third request, or the offline composer,
    it gets the LLM's answer to the words the last request was sent for."""
    partials = [
        MISTAKE_Q,
        OUTAGE_Q,
        "Tell me about a time you argued with a colleague over the carrier API?",
        "Tell me about a time a reconciliation job double-billed customers?",
    ]
    requests = Requests(answer(PIECES, first_delay=0.05))
    async with LLMServer(requests) as server:
        record = Recorder()
        session = session_with(record, llm_for(server, http))
        session.on_transcript(said(partials[0], final=False, start=0))  # kept by no partial
        for sent, text in enumerate(partials[1:3], start=1):
            session.on_transcript(said(text, final=False, start=0))
            session.on_transcript(said(text, final=False, start=0))  # kept: it sends
            await requests.wait(sent)  # a busy machine: each refresh decides before the next
        session.on_transcript(said(partials[3], final=False, start=0))
        await asyncio.sleep(0.3)  # this one finds no request left
        session.on_transcript(said(partials[-1], final=True, start=0))
        done = await record.wait_for(lambda e: isinstance(e, SuggestionDone))
        await session.aclose()
    assert len(server.exchanges) == 2
    assert len(session.ledger.entries) == 2  # every request is in the ledger
    # The first guess was never sent (no later words kept it); its two refreshes were.
    prompts = [exchange.json()["messages"][1]["content"] for exchange in server.exchanges]
    assert OUTAGE_Q in prompts[0] and partials[2] in prompts[1]
    assert isinstance(done, SuggestionDone) and done.note is None
    assert done.text == record.text_of("q0") and done.text.endswith("".join(PIECES))


async def test_a_final_with_a_request_left_is_answered_by_a_new_llm_request(
    http: httpx.AsyncClient,
) -> None:
    """A held answer the final does not reuse is replaced by the question's second request."""
    requests = Requests(answer(PIECES, first_delay=0.05))
    async with LLMServer(requests) as server:
        record = Recorder()
        session = session_with(record, llm_for(server, http))
        session.on_transcript(said(MISTAKE_Q, final=False, start=0))
        session.on_transcript(said(MISTAKE_Q, final=False, start=0))
        await requests.wait(1)
        session.on_transcript(said(MOTIVATION_Q, final=True, start=0))  # another kind: not kept
        done = await record.wait_for(lambda e: isinstance(e, SuggestionDone))
        await session.aclose()
    prompts = [exchange.json()["messages"][1]["content"] for exchange in server.exchanges]
    assert len(prompts) == 2 and MISTAKE_Q in prompts[0] and MOTIVATION_Q in prompts[1]
    assert isinstance(done, SuggestionDone) and done.note is None
    assert done.text.endswith("".join(PIECES))


async def test_a_typed_question_gets_the_llm_though_the_speculation_spent_its_requests(
    http: httpx.AsyncClient,
) -> None:
    """The two-request cap is per question: a question asked by hand while the interviewer's
    speculation has spent both of its own is a new question, answered by the LLM."""
    requests = Requests(answer(PIECES, first_delay=0.05))
    async with LLMServer(requests) as server:
        record = Recorder()
        session = session_with(record, llm_for(server, http))
        session.on_transcript(said(MISTAKE_Q, final=False, start=0))
        session.on_transcript(said(MISTAKE_Q, final=False, start=0))
        await requests.wait(1)
        session.on_transcript(said(OUTAGE_Q, final=False, start=0))
        session.on_transcript(said(OUTAGE_Q, final=False, start=0))  # kept: the refresh sends
        await requests.wait(2)
        session.ask(MOTIVATION_Q)
        done = await record.wait_for(lambda e: isinstance(e, SuggestionDone))
        await session.aclose()
    assert len(server.exchanges) == 3
    assert isinstance(done, SuggestionDone) and done.question_id == "ask-1"
    assert done.note is None and done.text.endswith("".join(PIECES))


async def test_a_speculation_stopped_before_its_request_went_out_costs_nothing(
    http: httpx.AsyncClient,
) -> None:
    """Only requests sent count: the first guess is replaced while its material is still being
    gathered, so the two later guesses may each send one."""
    motivation = MOTIVATION_Q
    design = "How would you design a rate limiter for a public API?"
    requests = Requests(answer(PIECES, first_delay=0.05))
    async with LLMServer(requests) as server:
        record = Recorder()
        session = session_with(record, llm_for(server, http))
        session.on_transcript(said(EARLY, final=False, start=0))
        session.on_transcript(said(motivation, final=False, start=0))  # before EARLY's is sent
        session.on_transcript(said(motivation, final=False, start=0))
        await requests.wait(1)
        session.on_transcript(said(design, final=False, start=0))
        session.on_transcript(said(design, final=False, start=0))
        await requests.wait(2)
        await asyncio.sleep(0.2)
        session.on_transcript(said(design, final=True, start=0))
        done = await record.wait_for(lambda e: isinstance(e, SuggestionDone))
        await session.aclose()
    prompts = [exchange.json()["messages"][1]["content"] for exchange in server.exchanges]
    assert len(prompts) == 2 and motivation in prompts[0] and design in prompts[1]
    assert [entry.question_id for entry in session.ledger.entries] == ["q0", "q0"]
    assert isinstance(done, SuggestionDone) and done.note is None
    assert done.text.endswith("".join(PIECES))


async def test_a_guess_without_its_story_yet_sends_nothing_until_words_find_one(
    http: httpx.AsyncClient,
) -> None:
    """ "Tell me about a time you" matches no story: its request waits, and the partial that
    names the story replaces it for free. The question costs one request, shown at once."""
    requests = Requests(answer(PIECES, first_delay=0.05))
    async with LLMServer(requests) as server:
        record = Recorder()
        session = session_with(record, llm_for(server, http))
        session.on_transcript(said(EARLY, final=False, start=0))
        await asyncio.sleep(0.2)
        assert requests.count == 0
        session.on_transcript(said(OUTAGE_Q, final=False, start=0))
        session.on_transcript(said(OUTAGE_Q, final=False, start=0))
        await requests.wait(1)
        await asyncio.sleep(0.2)
        session.on_transcript(said(OUTAGE_Q, final=True, start=0))
        done = await record.wait_for(lambda e: isinstance(e, SuggestionDone))
        await session.aclose()
    assert len(server.exchanges) == 1 and session.ledger.entries[0].question_id == "q0"
    assert OUTAGE_Q in server.exchanges[0].json()["messages"][1]["content"]
    assert isinstance(done, SuggestionDone) and done.text.endswith("".join(PIECES))
    assert done.ttft_ms is not None and done.ttft_ms < 50


async def test_a_waiting_guess_the_final_keeps_sends_its_request_then(
    http: httpx.AsyncClient,
) -> None:
    requests = Requests(answer(PIECES, first_delay=0.05))
    async with LLMServer(requests) as server:
        record = Recorder()
        session = session_with(record, llm_for(server, http))
        session.on_transcript(said(EARLY, final=False, start=0))
        await asyncio.sleep(0.2)
        session.on_transcript(said(EARLY, final=True, start=0))
        done = await record.wait_for(lambda e: isinstance(e, SuggestionDone))
        await session.aclose()
    assert len(server.exchanges) == 1
    assert (
        isinstance(done, SuggestionDone)
        and done.text.endswith("".join(PIECES))
        and done.note is None
    )


async def test_a_refresh_no_later_partial_keeps_sends_nothing_until_the_final(
    http: httpx.AsyncClient,
) -> None:
    """Words still changing are not worth a request each (issue 23): the refresh waits like the
    guess, and the final that keeps it sends the question's one request."""
    requests = Requests(answer(PIECES, first_delay=0.05))
    async with LLMServer(requests) as server:
        record = Recorder()
        session = session_with(record, llm_for(server, http))
        session.on_transcript(said(MISTAKE_Q, final=False, start=0))
        session.on_transcript(said(OUTAGE_Q, final=False, start=0))  # another story: refreshed
        await asyncio.sleep(0.3)
        assert requests.count == 0
        session.on_transcript(said(OUTAGE_Q, final=True, start=0))
        done = await record.wait_for(lambda e: isinstance(e, SuggestionDone))
        await session.aclose()
    assert len(server.exchanges) == 1
    assert OUTAGE_Q in server.exchanges[0].json()["messages"][1]["content"]
    assert isinstance(done, SuggestionDone) and done.note is None
    assert done.text.endswith("".join(PIECES))


async def test_the_composer_answer_follows_the_partials_so_the_final_finds_it_ready(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Offline, a later partial that changes the words re-gathers the held answer's material
    off the critical path: the final that says them shows it (issue 23; before, the final
    embedded its words and chose material on the spot)."""
    caplog.set_level(logging.INFO, logger="intervoo.live.session")
    record = Recorder()
    session = session_with(record, None)
    session.on_transcript(said(MISTAKE_Q, final=False, start=0))  # the detector's first guess
    session.on_transcript(said(OUTAGE_Q, final=False, start=0))
    await asyncio.sleep(0.3)
    session.on_transcript(said(OUTAGE_Q, final=True, start=0))
    done = await record.wait_for(lambda e: isinstance(e, SuggestionDone))
    await session.aclose()
    assert any("answer=held" in r.getMessage() for r in caplog.records)
    assert isinstance(done, SuggestionDone)
    assert "story: Checkout outage during the holiday peak" in done.sources
    assert done.ttft_ms is not None and done.ttft_ms < 5


async def test_the_composer_answer_does_not_follow_a_partial_that_sounds_unfinished(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Offline, only partials that sound finished move the held answer: one trailing off
    ("... you handled a?") is rarely what the final says, and re-gathering on each cost the
    worker threads an embedding per partial (issue 23: six sessions on two cores). A final
    that says those unfinished words is answered afresh, not from a held answer."""
    caplog.set_level(logging.INFO, logger="intervoo.live.session")
    record = Recorder()
    session = session_with(record, None)
    trailing = "Tell me about a time you handled a?"
    session.on_transcript(said(MISTAKE_Q, final=False, start=0))  # the detector's first guess
    session.on_transcript(said(trailing, final=False, start=0))
    await asyncio.sleep(0.3)
    session.on_transcript(said(trailing, final=True, start=0))
    done = await record.wait_for(lambda e: isinstance(e, SuggestionDone))
    await session.aclose()
    assert isinstance(done, SuggestionDone)
    assert any("answer=new" in r.getMessage() for r in caplog.records)
    assert not any("answer=held" in r.getMessage() for r in caplog.records)
