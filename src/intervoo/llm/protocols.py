"""The two wire protocols: how to ask for a stream, and what each event means. Pure.

OpenAI-compatible `POST {base}/chat/completions` covers OpenAI, Ollama, llama.cpp server,
vLLM, LM Studio, Groq, OpenRouter and Together; Anthropic is `POST {base}/v1/messages`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlsplit

from intervoo.llm.errors import LLMConfigError, LLMStreamError, error_for_event
from intervoo.llm.messages import Message, RequestOptions
from intervoo.llm.sse import SSEEvent

ANTHROPIC_VERSION = "2023-06-01"
DEFAULT_BASE_URLS = {
    "openai": "https://api.openai.com/v1",
    "anthropic": "https://api.anthropic.com",
}


@dataclass(frozen=True, slots=True)
class PromptUsage:
    """How much of the prompt the provider read from its cache, as it reports it:
    OpenAI `usage.prompt_tokens_details.cached_tokens`, Anthropic `cache_read_input_tokens`
    (and `cache_creation_input_tokens`, what this request wrote), llama.cpp `timings`."""

    prompt_tokens: int
    cached_tokens: int | None = None  # None: the provider says nothing about its cache
    written_tokens: int | None = None
    prompt_ms: float | None = None  # llama.cpp: time spent reading the uncached part

    def to_dict(self) -> dict[str, Any]:
        fields = {
            "prompt_tokens": self.prompt_tokens,
            "cached_tokens": self.cached_tokens,
            "written_tokens": self.written_tokens,
            "prompt_ms": self.prompt_ms,
        }
        return {k: v for k, v in fields.items() if v is not None}


@dataclass(frozen=True, slots=True)
class StreamUpdate:
    """What one event adds: text, the model's stop reason, its token count, the prompt's
    cache figures, or the end."""

    text: str = ""
    done: bool = False
    stop_reason: str | None = None
    output_tokens: int | None = None
    usage: PromptUsage | None = None


NOTHING = StreamUpdate()
DONE = StreamUpdate(done=True)


@dataclass(frozen=True, slots=True)
class RequestSpec:
    url: str
    headers: dict[str, str]
    body: dict[str, Any]


class WireProtocol(Protocol):
    name: str
    model: str
    endpoint: str  # the base URL as safe to show: no credentials, no query

    def build(
        self, messages: list[Message], options: RequestOptions, api_key: str | None
    ) -> RequestSpec: ...

    def parse(self, event: SSEEvent) -> StreamUpdate: ...


def safe_endpoint(base_url: str) -> str:
    """The base URL without user info or query string, or LLMConfigError if it is not one."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise LLMConfigError(
            f"INTERVOO_LLM_BASE_URL must be an http(s) URL such as "
            f"{DEFAULT_BASE_URLS['openai']}, got {parts.scheme or 'no scheme'}://…"
        )
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname}{port}{parts.path}".rstrip("/")


def _load(event: SSEEvent, endpoint: str) -> dict[str, Any]:
    try:
        payload = json.loads(event.data)
    except ValueError:
        raise LLMStreamError(
            f"{endpoint} sent a malformed stream: a {event.event!r} event is not JSON "
            f"({len(event.data)} chars)"
        ) from None
    if not isinstance(payload, dict):
        raise LLMStreamError(f"{endpoint} sent a malformed stream: an event is not a JSON object")
    return payload


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class OpenAIProtocol:
    name = "openai"

    def __init__(self, base_url: str, model: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.endpoint = safe_endpoint(self.base_url)
        self.model = model

    def build(
        self, messages: list[Message], options: RequestOptions, api_key: str | None
    ) -> RequestSpec:
        body: dict[str, Any] = {
            "model": self.model,
            "messages": [{"role": m["role"], "content": m["content"]} for m in messages],
            "stream": True,
            # The last chunk then carries usage: prompt tokens and the cached part.
            "stream_options": {"include_usage": True},
            "max_tokens": options.max_tokens,
            "temperature": options.temperature,
        }
        if options.stop:
            body["stop"] = list(options.stop)
        headers = {"accept": "text/event-stream"}
        if api_key:
            headers["authorization"] = f"Bearer {api_key}"
        return RequestSpec(f"{self.base_url}/chat/completions", headers, body)

    def parse(self, event: SSEEvent) -> StreamUpdate:
        if event.data == "[DONE]":
            return DONE
        payload = _load(event, self.endpoint)
        if "error" in payload:
            raise error_for_event(payload["error"], model=self.model, endpoint=self.endpoint)
        text, stop = "", None
        choices = payload.get("choices")
        if choices and isinstance(choices, list) and isinstance(choices[0], dict):
            choice = choices[0]
            delta = choice.get("delta")
            if isinstance(delta, dict) and isinstance(delta.get("content"), str):
                text = delta["content"]
            stop = choice.get("finish_reason") or None
        usage = payload.get("usage")
        tokens = _int_or_none(usage.get("completion_tokens")) if isinstance(usage, dict) else None
        prompt = _openai_usage(usage, payload.get("timings"))
        if not text and stop is None and tokens is None and prompt is None:
            return NOTHING  # role-only first chunk, empty delta, keep-alive
        return StreamUpdate(text=text, stop_reason=stop, output_tokens=tokens, usage=prompt)


class AnthropicProtocol:
    name = "anthropic"

    def __init__(self, base_url: str, model: str) -> None:
        # People paste ".../v1" from other tools; the path below adds it once.
        self.base_url = base_url.rstrip("/").removesuffix("/v1")
        self.endpoint = safe_endpoint(self.base_url)
        self.model = model

    def build(
        self, messages: list[Message], options: RequestOptions, api_key: str | None
    ) -> RequestSpec:
        system = "\n\n".join(m["content"] for m in messages if m["role"] == "system")
        body: dict[str, Any] = {
            "model": self.model,
            "messages": _alternating_turns(messages),
            "stream": True,
            "max_tokens": options.max_tokens,
            "temperature": options.temperature,
        }
        if system:
            # A cache breakpoint after the system prompt, which holds the session prefix:
            # later requests of the session read it from the cache.
            body["system"] = [
                {"type": "text", "text": system, "cache_control": {"type": "ephemeral"}}
            ]
        if options.stop:
            body["stop_sequences"] = list(options.stop)
        headers = {"accept": "text/event-stream", "anthropic-version": ANTHROPIC_VERSION}
        if api_key:
            headers["x-api-key"] = api_key
        return RequestSpec(f"{self.base_url}/v1/messages", headers, body)

    def parse(self, event: SSEEvent) -> StreamUpdate:
        payload = _load(event, self.endpoint)
        kind = payload.get("type", event.event)
        if kind == "content_block_delta":
            delta = payload.get("delta")
            if isinstance(delta, dict) and delta.get("type") == "text_delta":
                text = delta.get("text")
                return StreamUpdate(text=text) if isinstance(text, str) and text else NOTHING
            return NOTHING  # thinking or tool-input deltas are not answer text
        if kind == "message_delta":
            return _message_delta(payload)
        if kind == "message_stop":
            return DONE
        if kind == "message_start":
            return _message_start(payload)
        if kind == "error":
            raise error_for_event(payload.get("error"), model=self.model, endpoint=self.endpoint)
        if kind == "content_block_start":
            block = payload.get("content_block")
            if isinstance(block, dict) and isinstance(block.get("text"), str) and block["text"]:
                return StreamUpdate(text=block["text"])
        return NOTHING  # message_start, ping, content_block_stop, and future event types


def _message_delta(payload: dict[str, Any]) -> StreamUpdate:
    delta, usage = payload.get("delta"), payload.get("usage")
    stop = delta.get("stop_reason") if isinstance(delta, dict) else None
    tokens = _int_or_none(usage.get("output_tokens")) if isinstance(usage, dict) else None
    return StreamUpdate(stop_reason=stop if isinstance(stop, str) else None, output_tokens=tokens)


def _openai_usage(usage: Any, timings: Any) -> PromptUsage | None:
    """OpenAI's usage (with `prompt_tokens_details.cached_tokens`), or llama.cpp's
    `timings` (`cache_n` tokens reused, `prompt_n` read now), whichever says more."""
    if isinstance(timings, dict):
        cached, read = _int_or_none(timings.get("cache_n")), _int_or_none(timings.get("prompt_n"))
        if read is not None:
            ms = timings.get("prompt_ms")
            return PromptUsage(
                prompt_tokens=read + (cached or 0),
                cached_tokens=cached,
                prompt_ms=float(ms) if isinstance(ms, int | float) else None,
            )
    if not isinstance(usage, dict):
        return None
    prompt = _int_or_none(usage.get("prompt_tokens"))
    if prompt is None:
        return None
    details = usage.get("prompt_tokens_details")
    cached = _int_or_none(details.get("cached_tokens")) if isinstance(details, dict) else None
    return PromptUsage(prompt_tokens=prompt, cached_tokens=cached)


def _message_start(payload: dict[str, Any]) -> StreamUpdate:
    """Anthropic's input usage: uncached input, and what was read from or written to cache."""
    message = payload.get("message")
    usage = message.get("usage") if isinstance(message, dict) else None
    if not isinstance(usage, dict) or _int_or_none(usage.get("input_tokens")) is None:
        return NOTHING
    read = _int_or_none(usage.get("cache_read_input_tokens"))
    written = _int_or_none(usage.get("cache_creation_input_tokens"))
    total = usage["input_tokens"] + (read or 0) + (written or 0)
    cached = read if read is not None or written is not None else None
    return StreamUpdate(usage=PromptUsage(total, cached_tokens=cached, written_tokens=written))


def _alternating_turns(messages: list[Message]) -> list[dict[str, str]]:
    """Anthropic wants user/assistant turns that alternate: merge neighbours of one role."""
    turns: list[dict[str, str]] = []
    for message in messages:
        if message["role"] == "system":
            continue
        if turns and turns[-1]["role"] == message["role"]:
            turns[-1]["content"] += "\n\n" + message["content"]
        else:
            turns.append({"role": message["role"], "content": message["content"]})
    return turns
