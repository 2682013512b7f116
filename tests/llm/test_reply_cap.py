"""An endpoint that ignores max_tokens is cut at a sane length, not streamed for megabytes.

A real server on 127.0.0.1 pushes 20 MB in each provider's event format, as fast as
the socket takes it.
"""

from __future__ import annotations

import httpx
import pytest

from intervoo.config import LLMProvider, Settings
from intervoo.llm import LLMStreamError, Message, create_client
from intervoo.llm.stream import CHARS_PER_TOKEN_CAP
from tests.support.llm_server import (
    LLMServer,
    Reply,
    Send,
    anthropic_events,
    openai_events,
    stream_reply,
)

TWENTY_MB = 20 * 1024 * 1024
PIECE = "blah " * 200  # 1,000 characters a delta
MAX_TOKENS = 320
MESSAGES: list[Message] = [{"role": "user", "content": "Tell me about yourself."}]


def _client(provider: LLMProvider, server: LLMServer, http: httpx.AsyncClient):  # type: ignore[no-untyped-def]
    base = (
        server.anthropic_base_url if provider is LLMProvider.ANTHROPIC else server.openai_base_url
    )
    settings = Settings(llm_provider=provider, llm_base_url=base, llm_model="m")
    return create_client(settings, http)


def _flood(provider: LLMProvider) -> Reply:
    pieces = [PIECE] * (TWENTY_MB // len(PIECE))
    events = (
        anthropic_events(pieces) if provider is LLMProvider.ANTHROPIC else openai_events(pieces)
    )
    return stream_reply(events)


@pytest.mark.parametrize("provider", [LLMProvider.OPENAI, LLMProvider.ANTHROPIC])
async def test_a_reply_past_max_tokens_is_cut_and_the_connection_closed(
    provider: LLMProvider, http: httpx.AsyncClient
) -> None:
    async with LLMServer(_flood(provider)) as server:
        client = _client(provider, server, http)
        async with client.stream(MESSAGES, max_tokens=MAX_TOKENS) as stream:
            text = "".join([delta async for delta in stream])
        exchange = await server.wait_disconnect()
    assert stream.truncated
    assert len(text) == MAX_TOKENS * CHARS_PER_TOKEN_CAP
    assert exchange.client_left and not exchange.finished


async def test_a_reply_within_the_cap_is_not_marked_cut(http: httpx.AsyncClient) -> None:
    async with LLMServer(stream_reply(openai_events(["short ", "answer"]))) as server:
        client = _client(LLMProvider.OPENAI, server, http)
        async with client.stream(MESSAGES, max_tokens=MAX_TOKENS) as stream:
            assert "".join([d async for d in stream]) == "short answer"
    assert not stream.truncated


async def test_one_twenty_megabyte_event_is_a_clear_error_not_a_buffer(
    http: httpx.AsyncClient,
) -> None:
    head = b'data: {"choices":[{"index":0,"delta":{"content":"'
    flood = Reply(steps=(Send(head), *[Send(b"a" * 65536)] * (TWENTY_MB // 65536)))
    async with LLMServer(flood) as server:
        client = _client(LLMProvider.OPENAI, server, http)
        with pytest.raises(LLMStreamError, match="broken stream: an event line passed"):
            async with client.stream(MESSAGES, max_tokens=MAX_TOKENS) as stream:
                async for _ in stream:
                    pass
