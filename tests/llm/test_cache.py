"""Issue 31: the prompt-cache figures each provider sends are read off the real wire.

OpenAI sends `usage.prompt_tokens_details.cached_tokens` in the last chunk (asked for
with `stream_options.include_usage`), llama.cpp's server its `timings` (`cache_n`
reused, `prompt_n` read now), Anthropic `cache_read_input_tokens` and
`cache_creation_input_tokens` in `message_start`; Anthropic requests put a cache
breakpoint after the system prompt, which holds the session prefix.
"""

from __future__ import annotations

import httpx
import pytest

from intervoo.config import LLMProvider, Settings
from intervoo.llm import LLMClient, Message, create_client
from intervoo.llm.protocols import PromptUsage
from tests.support.llm_server import (
    ANTHROPIC_PREAMBLE,
    OPENAI_PREAMBLE,
    LLMServer,
    anthropic_events,
    openai_events,
    stream_reply,
)

PREFIX: list[Message] = [
    {"role": "system", "content": "Instructions and the candidate's dossier."},
    {"role": "user", "content": "QUESTION: Why us?"},
]


@pytest.fixture
async def http() -> httpx.AsyncClient:  # type: ignore[misc]
    async with httpx.AsyncClient() as client:
        yield client


def _client(server: LLMServer, http: httpx.AsyncClient, provider: LLMProvider) -> LLMClient:
    base = server.openai_base_url if provider is LLMProvider.OPENAI else server.url
    settings = Settings(llm_provider=provider, llm_base_url=base, llm_model="m")
    client = create_client(settings, http)
    assert client is not None
    return client


async def _usage(client: LLMClient) -> PromptUsage | None:
    async with client.stream(PREFIX, max_tokens=20) as stream:
        text = "".join([piece async for piece in stream])
    assert text == "Because."
    return stream.usage


async def test_openai_cached_tokens_are_read_from_the_usage_chunk(http: httpx.AsyncClient) -> None:
    events = openai_events(["Because."], cached_tokens=8)
    async with LLMServer(stream_reply(events, preamble=OPENAI_PREAMBLE)) as server:
        usage = await _usage(_client(server, http, LLMProvider.OPENAI))
        body = server.exchanges[0].json()
    assert body["stream_options"] == {"include_usage": True}
    assert usage == PromptUsage(prompt_tokens=9, cached_tokens=8)


async def test_llama_cpp_timings_say_how_much_of_the_prompt_was_reused(
    http: httpx.AsyncClient,
) -> None:
    timings = {"cache_n": 1600, "prompt_n": 14, "prompt_ms": 120.5, "predicted_n": 1}
    events = openai_events(["Because."], timings=timings)
    async with LLMServer(stream_reply(events, preamble=OPENAI_PREAMBLE)) as server:
        usage = await _usage(_client(server, http, LLMProvider.OPENAI))
    assert usage == PromptUsage(prompt_tokens=1614, cached_tokens=1600, prompt_ms=120.5)


async def test_a_server_that_reports_no_cache_gives_the_prompt_size_alone(
    http: httpx.AsyncClient,
) -> None:
    async with LLMServer(stream_reply(openai_events(["Because."]))) as server:
        usage = await _usage(_client(server, http, LLMProvider.OPENAI))
    assert usage == PromptUsage(prompt_tokens=9, cached_tokens=None)


async def test_anthropic_requests_carry_the_breakpoint_and_report_cache_reads(
    http: httpx.AsyncClient,
) -> None:
    cache = {"cache_read_input_tokens": 1500, "cache_creation_input_tokens": 0}
    events = anthropic_events(["Because."], cache=cache)
    async with LLMServer(stream_reply(events, preamble=ANTHROPIC_PREAMBLE)) as server:
        usage = await _usage(_client(server, http, LLMProvider.ANTHROPIC))
        body = server.exchanges[0].json()
    assert body["system"] == [
        {"type": "text", "text": PREFIX[0]["content"], "cache_control": {"type": "ephemeral"}}
    ]
    assert body["messages"] == [{"role": "user", "content": "QUESTION: Why us?"}]
    assert usage == PromptUsage(prompt_tokens=1509, cached_tokens=1500, written_tokens=0)


async def test_anthropic_first_request_reports_what_it_wrote_to_the_cache(
    http: httpx.AsyncClient,
) -> None:
    cache = {"cache_creation_input_tokens": 1500}
    async with LLMServer(stream_reply(anthropic_events(["Because."], cache=cache))) as server:
        usage = await _usage(_client(server, http, LLMProvider.ANTHROPIC))
    assert usage == PromptUsage(prompt_tokens=1509, cached_tokens=None, written_tokens=1500)
