"""The scripted test server keeps the promises other packages' tests rely on."""

from __future__ import annotations

import logging
import time

import httpx
import pytest
from pydantic import SecretStr

from intervoo.config import LLMProvider, Settings
from intervoo.llm import RetryPolicy, create_client
from tests.support.llm_server import (
    LLMServer,
    ThreadedLLMServer,
    answer,
    json_error,
    openai_events,
    stream_reply,
)


def test_threaded_server_first_token_delay_and_disconnect_report() -> None:
    # What a sync test (TestClient, CLI) gets: a first token 300 ms after the request, and a
    # report when the client hangs up mid-reply.
    with ThreadedLLMServer(answer(["Hi", " there"], first_delay=0.3, between=5.0)) as server:
        started = time.perf_counter()
        with httpx.Client() as http:
            body = {"model": "m", "messages": [], "stream": True}
            with http.stream("POST", f"{server.openai_base_url}/chat/completions", json=body) as r:
                for line in r.iter_lines():
                    if '"content":"Hi"' in line:
                        break
        waited = time.perf_counter() - started
        exchange = server.wait_disconnect(within_s=2.0)
    assert 0.3 <= waited < 4.0  # the second token is 5 s away: upper bound far from noise
    assert exchange.client_left and not exchange.finished
    assert exchange.first_data_at is not None


def test_threaded_wait_disconnect_times_out_when_nobody_leaves() -> None:
    with ThreadedLLMServer(answer(["done"])) as server:
        httpx.post(f"{server.url}/v1/chat/completions", json={}).raise_for_status()
        with pytest.raises(TimeoutError):
            server.wait_disconnect(within_s=0.1)


async def test_unscripted_request_is_a_clear_500() -> None:
    async with LLMServer() as server, httpx.AsyncClient() as http:
        response = await http.post(f"{server.url}/v1/messages", json={})
    assert response.status_code == 500
    assert "no scripted reply" in response.text


async def test_logs_carry_ids_and_sizes_never_key_or_text(caplog: pytest.LogCaptureFixture) -> None:
    key, secret_text = "sk-log-check-123456789", "my salary was 123k"
    async with LLMServer() as server, httpx.AsyncClient() as http:
        server.enqueue(json_error(503, "busy"), stream_reply(openai_events([secret_text])))
        settings = Settings(
            llm_provider=LLMProvider.OPENAI,
            llm_base_url=server.openai_base_url,
            llm_model="m",
            llm_api_key=SecretStr(key),
        )
        client = create_client(settings, http, retry=RetryPolicy(base_delay_s=0.01))
        assert client is not None
        with caplog.at_level(logging.DEBUG, logger="intervoo.llm"):
            async with client.stream([{"role": "user", "content": secret_text}]) as stream:
                assert [d async for d in stream] == [secret_text]
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "llm retry" in logged  # the retry was logged...
    assert key not in logged and secret_text not in logged  # ...without key or content
