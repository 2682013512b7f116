"""The client against a real HTTP server on 127.0.0.1: text, timing, retries, cancellation."""

from __future__ import annotations

import asyncio
import time
from typing import Literal

import httpx
import pytest
from pydantic import SecretStr

from intervoo.config import LLMProvider, Settings
from intervoo.llm import (
    LLMAuthError,
    LLMClient,
    LLMConfigError,
    LLMConnectionError,
    LLMError,
    LLMModelNotFound,
    LLMRateLimited,
    LLMServerError,
    LLMStreamError,
    LLMTimeout,
    Message,
    RetryPolicy,
    create_client,
)
from tests.support.llm_server import (
    LLMServer,
    Reply,
    Send,
    answer,
    anthropic_events,
    json_error,
    openai_events,
    sse,
    stream_reply,
)

Provider = Literal["openai", "anthropic"]
PROVIDERS: list[Provider] = ["openai", "anthropic"]
QUESTION: list[Message] = [
    {"role": "system", "content": "Answer as the candidate."},
    {"role": "user", "content": "Tell me about a hard migration."},
]
FAST_RETRY = RetryPolicy(max_attempts=3, base_delay_s=0.01, max_delay_s=0.5)
KEY = "sk-test-0123456789abcdef"


def make_client(
    server: LLMServer,
    http: httpx.AsyncClient,
    provider: Provider = "openai",
    *,
    first_token_s: float = 5.0,
    idle_s: float = 5.0,
    retry: RetryPolicy = FAST_RETRY,
) -> LLMClient:
    base = server.openai_base_url if provider == "openai" else server.anthropic_base_url
    settings = Settings(
        llm_provider=LLMProvider(provider),
        llm_base_url=base,
        llm_model="test-model",
        llm_api_key=SecretStr(KEY),
        llm_timeout_first_token_s=first_token_s,
        llm_timeout_idle_s=idle_s,
    )
    client = create_client(settings, http, retry=retry)
    assert client is not None
    return client


def events_for(provider: Provider, pieces: list[str]) -> list[bytes]:
    return openai_events(pieces) if provider == "openai" else anthropic_events(pieces)


async def collect(client: LLMClient) -> list[str]:
    async with client.stream(QUESTION) as stream:
        return [delta async for delta in stream]


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_streams_exact_text_in_order_and_measures_ttft(
    llm_server: LLMServer, http: httpx.AsyncClient, provider: Provider
) -> None:
    pieces = ["I ", "led ", "the ", "migration", "."]
    llm_server.enqueue(stream_reply(events_for(provider, pieces), first_delay=0.1, between=0.01))
    client = make_client(llm_server, http, provider)
    async with client.stream(QUESTION, max_tokens=64, temperature=0.1) as stream:
        deltas = [delta async for delta in stream]
    assert deltas == pieces
    assert stream.ttft_ms is not None and stream.ttft_ms >= 100.0  # never before the first token
    assert stream.output_tokens == len(pieces)
    assert stream.stop_reason in ("stop", "end_turn")
    [exchange] = llm_server.exchanges
    assert exchange.method == "POST"
    assert exchange.json()["max_tokens"] == 64
    assert exchange.json()["stream"] is True
    assert exchange.finished and not exchange.client_left


async def test_sends_the_key_only_in_the_providers_header(
    llm_server: LLMServer, http: httpx.AsyncClient
) -> None:
    llm_server.enqueue(stream_reply(openai_events(["a"])), stream_reply(anthropic_events(["b"])))
    assert await collect(make_client(llm_server, http, "openai")) == ["a"]
    assert await collect(make_client(llm_server, http, "anthropic")) == ["b"]
    openai, anthropic = llm_server.exchanges
    assert openai.path == "/v1/chat/completions"
    assert openai.headers["authorization"] == f"Bearer {KEY}"
    assert anthropic.path == "/v1/messages"
    assert anthropic.headers["x-api-key"] == KEY
    assert "authorization" not in anthropic.headers


async def test_keep_alive_connection_is_reused_between_streams(
    llm_server: LLMServer, http: httpx.AsyncClient
) -> None:
    llm_server.enqueue(*(stream_reply(openai_events(["x", "y"])) for _ in range(3)))
    client = make_client(llm_server, http)
    for _ in range(3):
        assert await collect(client) == ["x", "y"]
    assert len({e.connection for e in llm_server.exchanges}) == 1


async def test_429_then_200_retries_and_succeeds(
    llm_server: LLMServer, http: httpx.AsyncClient
) -> None:
    llm_server.enqueue(
        json_error(429, "slow down", kind="rate_limit_error", retry_after=0.2),
        stream_reply(openai_events(["ok"])),
    )
    started = time.perf_counter()
    async with make_client(llm_server, http).stream(QUESTION) as stream:
        assert [d async for d in stream] == ["ok"]
    assert stream.attempts == 2
    assert time.perf_counter() - started >= 0.2  # Retry-After was honoured
    assert len(llm_server.exchanges) == 2


async def test_server_errors_are_retried_within_a_bounded_budget(
    llm_server: LLMServer, http: httpx.AsyncClient
) -> None:
    llm_server.enqueue(*(json_error(503, "upstream busy") for _ in range(5)))
    with pytest.raises(LLMServerError, match=r"HTTP 503.*upstream busy") as caught:
        await collect(make_client(llm_server, http))
    assert caught.value.retryable
    assert len(llm_server.exchanges) == FAST_RETRY.max_attempts


async def test_retry_after_longer_than_the_cap_is_not_waited_for(
    llm_server: LLMServer, http: httpx.AsyncClient
) -> None:
    llm_server.enqueue(json_error(429, "come back later", retry_after=60))
    with pytest.raises(LLMRateLimited) as caught:
        await collect(make_client(llm_server, http))
    assert caught.value.retry_after_s == 60
    assert len(llm_server.exchanges) == 1


@pytest.mark.parametrize(
    ("status", "kind", "expected", "hint"),
    [
        (401, "authentication_error", LLMAuthError, "INTERVOO_LLM_API_KEY"),
        (404, "not_found_error", LLMModelNotFound, "INTERVOO_LLM_MODEL"),
        (400, "invalid_request_error", LLMError, "rejected the request"),
    ],
)
async def test_client_errors_are_typed_clear_and_never_retried(
    llm_server: LLMServer,
    http: httpx.AsyncClient,
    status: int,
    kind: str,
    expected: type[LLMError],
    hint: str,
) -> None:
    llm_server.enqueue(json_error(status, "nope", kind=kind))
    with pytest.raises(expected, match=hint) as caught:
        await collect(make_client(llm_server, http))
    assert not caught.value.retryable
    assert len(llm_server.exchanges) == 1


async def test_a_key_echoed_by_the_server_is_redacted(
    llm_server: LLMServer, http: httpx.AsyncClient
) -> None:
    llm_server.enqueue(json_error(401, f"Incorrect API key provided: {KEY}"))
    with pytest.raises(LLMAuthError) as caught:
        await collect(make_client(llm_server, http))
    assert KEY not in str(caught.value)
    assert "****" in str(caught.value)


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_drop_before_first_token_is_retried(
    llm_server: LLMServer, http: httpx.AsyncClient, provider: Provider
) -> None:
    head = events_for(provider, ["never"])[:1]
    llm_server.enqueue(
        stream_reply(head, end="drop"), stream_reply(events_for(provider, ["after", " drop"]))
    )
    assert await collect(make_client(llm_server, http, provider)) == ["after", " drop"]
    assert len(llm_server.exchanges) == 2


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_drop_after_first_token_raises_after_the_text_and_is_not_retried(
    llm_server: LLMServer, http: httpx.AsyncClient, provider: Provider
) -> None:
    events = events_for(provider, ["one", " two", " three"])
    first_two_deltas = 3 if provider == "openai" else 5
    llm_server.enqueue(stream_reply(events[:first_two_deltas], end="drop"))
    received: list[str] = []
    with pytest.raises(LLMStreamError, match="dropped the connection mid-stream") as caught:
        async with make_client(llm_server, http, provider).stream(QUESTION) as stream:
            async for delta in stream:
                received.append(delta)
    assert received == ["one", " two"]
    assert caught.value.retryable
    assert len(llm_server.exchanges) == 1


async def test_clean_eof_without_done_after_finish_reason_is_accepted(
    llm_server: LLMServer, http: httpx.AsyncClient
) -> None:
    without_done = openai_events(["fine"])[:-1]  # some servers never send [DONE]
    llm_server.enqueue(stream_reply(without_done))
    assert await collect(make_client(llm_server, http)) == ["fine"]


async def test_eof_before_the_model_finished_is_a_stream_error(
    llm_server: LLMServer, http: httpx.AsyncClient
) -> None:
    llm_server.enqueue(stream_reply(openai_events(["cut"])[:2]))
    with pytest.raises(LLMStreamError, match="before the model finished"):
        await collect(make_client(llm_server, http, retry=RetryPolicy(max_attempts=1)))


async def test_mid_stream_error_event_comes_after_the_text_before_it(
    llm_server: LLMServer, http: httpx.AsyncClient
) -> None:
    events = anthropic_events(["partial"])[:4]
    error = {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
    llm_server.enqueue(stream_reply([b"".join([*events, sse(error, "error")])]))
    received: list[str] = []
    with pytest.raises(LLMServerError, match="Overloaded"):
        async with make_client(llm_server, http, "anthropic").stream(QUESTION) as stream:
            async for delta in stream:
                received.append(delta)
    assert received == ["partial"]


async def test_json_instead_of_an_event_stream_is_a_clear_error(
    llm_server: LLMServer, http: httpx.AsyncClient
) -> None:
    body = b'{"choices":[{"message":{"content":"not streamed"}}]}'
    llm_server.enqueue(Reply(headers=(("content-type", "application/json"),), steps=(Send(body),)))
    with pytest.raises(LLMStreamError, match="JSON, not an event stream"):
        await collect(make_client(llm_server, http))


async def test_stall_before_first_token_times_out_and_hangs_up(
    llm_server: LLMServer, http: httpx.AsyncClient
) -> None:
    llm_server.enqueue(stream_reply(openai_events(["late"])[:1], end="stall"))
    started = time.perf_counter()
    with pytest.raises(LLMTimeout, match="no first token within 0.3 s"):
        await collect(make_client(llm_server, http, first_token_s=0.3))
    assert time.perf_counter() - started >= 0.3  # the message says which timeout fired
    assert (await llm_server.wait_disconnect()).client_left


async def test_stall_between_tokens_is_an_idle_timeout(
    llm_server: LLMServer, http: httpx.AsyncClient
) -> None:
    llm_server.enqueue(stream_reply(openai_events(["first"])[:2], end="stall"))
    received: list[str] = []
    with pytest.raises(LLMTimeout, match="stalled: no new token for 0.2 s"):
        async with make_client(llm_server, http, idle_s=0.2).stream(QUESTION) as stream:
            async for delta in stream:
                received.append(delta)
    assert received == ["first"]
    await llm_server.wait_disconnect()


async def test_aclose_after_first_token_reaches_the_server(
    llm_server: LLMServer, http: httpx.AsyncClient
) -> None:
    llm_server.enqueue(stream_reply(openai_events(list("abcdef")), between=0.2))
    stream = make_client(llm_server, http).stream(QUESTION)
    assert await anext(stream) == "a"
    await stream.aclose()
    exchange = await llm_server.wait_disconnect(within_s=0.5)
    assert not exchange.finished
    assert [d async for d in stream] == []  # a closed stream yields nothing more


async def test_cancelling_the_consumer_task_reaches_the_server(
    llm_server: LLMServer, http: httpx.AsyncClient
) -> None:
    llm_server.enqueue(stream_reply(openai_events(["a"])[:2], end="stall"))
    first = asyncio.Event()

    async def consume() -> None:
        async with make_client(llm_server, http).stream(QUESTION) as stream:
            async for _ in stream:
                first.set()

    task = asyncio.create_task(consume())
    await first.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await llm_server.wait_disconnect(within_s=0.5)


async def test_aclose_from_another_task_ends_a_pending_read_cleanly(
    llm_server: LLMServer, http: httpx.AsyncClient
) -> None:
    llm_server.enqueue(stream_reply(openai_events(["a"])[:2], end="stall"))
    stream = make_client(llm_server, http).stream(QUESTION)
    assert await anext(stream) == "a"
    reader = asyncio.create_task(anext(stream, "ended"))
    await asyncio.sleep(0.05)  # let the reader block on the stalled socket
    await stream.aclose()
    assert await asyncio.wait_for(reader, 1.0) == "ended"
    await llm_server.wait_disconnect(within_s=0.5)


async def test_aclose_during_a_retry_back_off_sends_no_further_request(
    llm_server: LLMServer, http: httpx.AsyncClient
) -> None:
    llm_server.enqueue(json_error(503, "busy"), stream_reply(openai_events(["late"])))
    slow_retry = RetryPolicy(max_attempts=3, base_delay_s=0.6, max_delay_s=1.0)
    stream = make_client(llm_server, http, retry=slow_retry).stream(QUESTION)
    reader = asyncio.create_task(anext(stream, "ended"))
    await asyncio.sleep(0.2)  # answered 503 at once: the reader is backing off for 0.6 s
    assert len(llm_server.exchanges) == 1
    await stream.aclose()
    assert await asyncio.wait_for(reader, 1.0) == "ended"
    assert len(llm_server.exchanges) == 1


async def test_connection_refused_is_a_retryable_connection_error(
    http: httpx.AsyncClient,
) -> None:
    async with LLMServer() as gone:
        port = gone.port  # closed on exit: nothing listens there any more
    settings = Settings(
        llm_provider=LLMProvider.OPENAI,
        llm_base_url=f"http://127.0.0.1:{port}/v1",
        llm_model="m",
        llm_api_key=SecretStr(KEY),
    )
    client = create_client(settings, http, retry=FAST_RETRY)
    assert client is not None
    with pytest.raises(LLMConnectionError, match=f"127.0.0.1:{port}") as caught:
        async with client.stream(QUESTION) as stream:
            [_ async for _ in stream]
    assert caught.value.retryable
    assert stream.attempts == FAST_RETRY.max_attempts
    assert KEY not in str(caught.value)


async def test_the_server_answers_by_path_for_reusable_defaults(
    http: httpx.AsyncClient,
) -> None:
    async with LLMServer(answer(["hi"], first_delay=0.05)) as server:
        for provider in PROVIDERS:
            assert await collect(make_client(server, http, provider)) == ["hi"]


async def test_create_client_none_when_no_provider(
    settings: Settings, http: httpx.AsyncClient
) -> None:
    assert create_client(settings, http) is None


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"llm_model": None}, "INTERVOO_LLM_MODEL is not set"),
        ({"llm_base_url": "localhost:11434"}, "must be an http"),
    ],
)
async def test_create_client_rejects_settings_that_cannot_work(
    http: httpx.AsyncClient, overrides: dict[str, str | None], message: str
) -> None:
    settings = Settings(**{"llm_provider": "openai", "llm_model": "m", **overrides})
    with pytest.raises(LLMConfigError, match=message):
        create_client(settings, http)


async def test_default_base_urls(http: httpx.AsyncClient) -> None:
    defaults = {"openai": "https://api.openai.com/v1", "anthropic": "https://api.anthropic.com"}
    for provider, url in defaults.items():
        client = create_client(Settings(llm_provider=provider, llm_model="m"), http)
        assert client is not None and client.endpoint == url


async def test_bad_arguments_fail_before_any_request(
    llm_server: LLMServer, http: httpx.AsyncClient
) -> None:
    client = make_client(llm_server, http)
    with pytest.raises(ValueError, match="max_tokens"):
        client.stream(QUESTION, max_tokens=0)
    assert llm_server.exchanges == []
