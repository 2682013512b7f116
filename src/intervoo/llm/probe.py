"""One tiny real request to the configured model: what `llm test` and `doctor` report."""

from __future__ import annotations

import time
from dataclasses import dataclass

import httpx

from intervoo.config import Settings
from intervoo.llm.client import LLMClient, create_client
from intervoo.llm.errors import LLMConfigError
from intervoo.llm.http import llm_http
from intervoo.llm.messages import Message

PROBE_MESSAGES: list[Message] = [
    {"role": "system", "content": "You are a connectivity check. Answer in one short sentence."},
    {"role": "user", "content": "Say that you are ready."},
]


@dataclass(frozen=True)
class Measurement:
    provider: str
    endpoint: str
    model: str
    ttft_ms: float | None  # None when the model sent no text at all
    tokens: int
    tokens_reported: bool  # False: counted from stream chunks, about one token each
    tokens_per_s: float | None  # decode speed after the first token
    total_ms: float


def require_client(settings: Settings, http: httpx.AsyncClient) -> LLMClient:
    """The configured client, or LLMConfigError saying how to configure one."""
    client = create_client(settings, http)
    if client is None:
        raise LLMConfigError(
            "no LLM is configured (INTERVOO_LLM_PROVIDER=none); set it to openai or anthropic"
            " with INTERVOO_LLM_MODEL (and INTERVOO_LLM_BASE_URL / INTERVOO_LLM_API_KEY)"
        )
    return client


async def measure(settings: Settings, *, max_tokens: int = 32) -> Measurement:
    """Stream the probe prompt to the end; raises LLMError subclasses with clear messages."""
    async with llm_http(settings) as http:
        client = require_client(settings, http)
        started = time.perf_counter()
        first_at: float | None = None
        async with client.stream(PROBE_MESSAGES, max_tokens=max_tokens, temperature=0.0) as stream:
            async for _delta in stream:
                first_at = first_at or time.perf_counter()
        done_at = time.perf_counter()
    reported = stream.output_tokens is not None
    tokens = stream.output_tokens if stream.output_tokens is not None else stream.deltas
    rate = None
    if first_at is not None and tokens > 1 and done_at > first_at:
        rate = (tokens - 1) / (done_at - first_at)
    return Measurement(
        provider=client.provider,
        endpoint=client.endpoint,
        model=client.model,
        ttft_ms=stream.ttft_ms,
        tokens=tokens,
        tokens_reported=reported,
        tokens_per_s=rate,
        total_ms=(done_at - started) * 1000.0,
    )
