"""Issue 31, on the wire: a live session warms the LLM's prompt cache with its prefix, sends
that prefix byte for byte with every question, and reads the cache figures back.

The server is a real HTTP server on 127.0.0.1 that speaks each provider's format and
behaves like a caching one: a request whose system prompt is the one it read last is
answered with that prompt counted as cached (OpenAI's `cached_tokens`, Anthropic's
`cache_read_input_tokens`), any other as written to the cache.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from itertools import pairwise
from os.path import commonprefix
from typing import Any

import httpx
import pytest

from intervoo.config import LLMProvider, Settings
from intervoo.copilot.answer import HOLDING_LINE
from intervoo.copilot.budget import estimate_tokens
from intervoo.copilot.context import CandidateContext, build_candidate_context
from intervoo.events import StatusEvent, SuggestionDone, TimingEvent
from intervoo.live.session import LiveSession
from intervoo.live.warm import WARM_ID
from intervoo.llm.client import create_client
from intervoo.questions import classify
from intervoo.resume.parse import parse_file
from intervoo.stories.model import Story
from tests.copilot.answers_check import DATA, load_cases, load_hendriks, stripe_target
from tests.copilot.candidate import STORIES, candidate
from tests.live.helpers import Recorder, ScriptedDetector, classify_by_words
from tests.support.llm_server import (
    ANTHROPIC_PREAMBLE,
    OPENAI_PREAMBLE,
    Exchange,
    LLMServer,
    Reply,
    anthropic_events,
    openai_events,
    stream_reply,
)

QUESTIONS = [
    "Tell me about a time you handled a production outage under pressure?",
    "Why do you want to work here?",
    "Tell me about a time you disagreed with your manager?",
]
PIECES = ["- I kept calm and fixed it.\n"]


def system_of(exchange: Exchange) -> str:
    body = exchange.json()
    if exchange.path.endswith("/messages"):
        (block,) = body["system"]
        assert block["cache_control"] == {"type": "ephemeral"}  # the breakpoint, every time
        return str(block["text"])
    return str(body["messages"][0]["content"])


class CachingServer:
    """Counts a prompt's system part as cached when it is the one read last (~4 chars a token)."""

    def __init__(self) -> None:
        self.last: str | None = None

    def __call__(self, exchange: Exchange) -> Reply:
        system = system_of(exchange)
        tokens = len(system) // 4
        hit = system == self.last
        self.last = system
        pieces = ["-"] if exchange.json()["max_tokens"] == 1 else PIECES  # a warm-up's one token
        if exchange.path.endswith("/messages"):
            key = "cache_read_input_tokens" if hit else "cache_creation_input_tokens"
            events = anthropic_events(pieces, cache={key: tokens})
            return stream_reply(events, preamble=ANTHROPIC_PREAMBLE)
        size = tokens + len(exchange.json()["messages"][-1]["content"]) // 4
        events = openai_events(pieces, cached_tokens=tokens if hit else 0, prompt_tokens=size)
        return stream_reply(events, preamble=OPENAI_PREAMBLE)


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:
        yield client


def prompt_of(exchange: Exchange) -> str:
    """The prompt as a server reads it, turn after turn, system first (what a chat template
    turns into tokens, and what a server's cache matches from the start)."""
    body = exchange.json()
    turns = [(m["role"], m["content"]) for m in body["messages"]]
    if exchange.path.endswith("/messages"):
        turns.insert(0, ("system", system_of(exchange)))
    return "".join(f"<{role}>\n{content}\n" for role, content in turns)


def _session(  # type: ignore[no-untyped-def]
    server: LLMServer,
    http: httpx.AsyncClient,
    provider: LLMProvider,
    record: Recorder,
    ctx: CandidateContext | None = None,
):
    base = server.openai_base_url if provider is LLMProvider.OPENAI else server.anthropic_base_url
    settings = Settings(llm_provider=provider, llm_base_url=base, llm_model="test-model")
    return LiveSession(
        ctx or candidate(),
        emit=record,
        detector=ScriptedDetector(),
        classify=classify_by_words if ctx is None else classify,
        llm=create_client(settings, http),
        llm_budget_s=5.0,
    )


async def _warmed(record: Recorder, count: int) -> list[StatusEvent]:
    def enough(_: Any) -> bool:
        return len(_warms(record)) >= count

    await record.wait_for(enough)
    return _warms(record)


def _warms(record: Recorder) -> list[StatusEvent]:
    return [e for e in record.events if isinstance(e, StatusEvent) and e.state == "prefix_warmed"]


@pytest.mark.parametrize("provider", [LLMProvider.OPENAI, LLMProvider.ANTHROPIC])
async def test_the_prefix_is_warmed_sent_unchanged_and_its_cache_hits_reported(
    http: httpx.AsyncClient, provider: LLMProvider
) -> None:
    async with LLMServer(CachingServer()) as server:
        record = Recorder()
        session = _session(server, http, provider, record)
        session.start()
        (warm,) = await _warmed(record, 1)
        for number, text in enumerate(QUESTIONS, 1):
            session.ask(text)
            await record.wait_for(
                lambda e, n=number: isinstance(e, TimingEvent) and e.question_id == f"ask-{n}"
            )
        await session.aclose()
    systems = [system_of(exchange) for exchange in server.exchanges]
    assert len(systems) == 1 + len(QUESTIONS)
    assert len({s.encode() for s in systems}) == 1  # byte-identical: warm-up and questions
    assert all(q not in systems[0] for q in QUESTIONS)  # the questions come after it
    tokens = len(systems[0]) // 4
    assert warm.detail["cached_tokens" if provider is LLMProvider.OPENAI else "written_tokens"] in (
        0,
        tokens,
    )
    timings = [e for e in record.events if isinstance(e, TimingEvent)]
    assert [t.cached_tokens for t in timings] == [tokens] * len(QUESTIONS)
    assert all(t.prompt_tokens and t.prompt_tokens >= tokens for t in timings)
    assert all(t.llm_first_token is not None for t in timings)
    entries = session.ledger.to_dict()["sent_to_llm"]
    assert [e["question_id"] for e in entries] == [WARM_ID, "ask-1", "ask-2", "ask-3"]
    assert [e["cache"]["cached_tokens"] for e in entries[1:]] == [tokens] * len(QUESTIONS)
    done = [e for e in record.events if isinstance(e, SuggestionDone)]
    assert all(d.note is None and d.text.endswith(PIECES[0]) for d in done)


async def test_a_changed_dossier_is_warmed_again_and_an_unchanged_one_is_not(
    http: httpx.AsyncClient,
) -> None:
    async with LLMServer(CachingServer()) as server:
        record = Recorder()
        session = _session(server, http, LLMProvider.OPENAI, record)
        session.start()
        await _warmed(record, 1)
        session.replace_context(candidate())  # the same library: the same prefix
        more = Story(title="Mentored two new hires", action="I paired with them daily.")
        session.replace_context(candidate([*STORIES, more]))  # the user saved a story
        await _warmed(record, 2)
        await session.aclose()
    systems = [system_of(exchange) for exchange in server.exchanges]
    assert len(systems) == 2 and systems[0] != systems[1]
    assert "Mentored two new hires" in systems[1]


# The question part a server reads anew: the question, its shape and the ids to lead with
# (20-35 tokens on these 8). Earlier questions or a story's digest there cost 100-370 tokens
# per question, the composer's opener 20-37 and the value evidence 25: prompt reading a
# laptop CPU does for every question, for nothing the prefix could not hold.
READ_ANEW_MAX_TOKENS = 50
SESSION = 8


@pytest.fixture(scope="module")
def eight_stories() -> CandidateContext:
    """A candidate with eight stories, whose full digests do not all fit the dossier."""
    resume, stories = load_hendriks(parse_file(DATA / "hendriks_resume.json").resume)
    return build_candidate_context(resume, stories, stripe_target())


@pytest.mark.parametrize("provider", [LLMProvider.OPENAI, LLMProvider.ANTHROPIC])
async def test_only_the_question_is_read_anew_for_each_question_of_a_session(
    http: httpx.AsyncClient, provider: LLMProvider, eight_stories: CandidateContext
) -> None:
    """Consecutive requests of a session (the warm-up first) share the whole prefix and the
    start of the question's turn; what follows holds nothing of the dossier and nothing of
    the questions before it, so the server's cache of the last prompt serves the next one."""
    texts = [case.text for case in load_cases()["with_stories"]][:SESSION]
    async with LLMServer(CachingServer()) as server:
        record = Recorder()
        session = _session(server, http, provider, record, eight_stories)
        session.start()
        await _warmed(record, 1)
        for number, text in enumerate(texts, 1):
            session.ask(text)
            await record.wait_for(
                lambda e, n=number: isinstance(e, TimingEvent) and e.question_id == f"ask-{n}"
            )
        await session.aclose()
    prompts = [prompt_of(exchange) for exchange in server.exchanges]
    assert len(prompts) == 1 + len(texts)
    system = system_of(server.exchanges[0])
    dossier = eight_stories.dossier
    held = [line for item, line in dossier.lines.items() if item in dossier.present]
    for number, (before, after) in enumerate(pairwise(prompts)):
        shared = commonprefix([before, after])
        assert shared.startswith(f"<system>\n{system}\n<user>\n")
        anew = after[len(shared) :]
        assert not [line for line in held if line in anew]  # the prefix has them
        assert not [text for text in texts[:number] if text in anew]
        carried = "\n".join(line for line in anew.splitlines() if line.startswith("["))
        assert estimate_tokens(anew) - estimate_tokens(carried) <= READ_ANEW_MAX_TOKENS, anew
        assert HOLDING_LINE not in anew and "VALUE EVIDENCE" not in anew
