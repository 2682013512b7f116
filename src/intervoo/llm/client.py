"""The one LLM client: picks the wire protocol from settings and opens streams."""

from __future__ import annotations

from collections.abc import Sequence

import httpx
from pydantic import SecretStr

from intervoo.config import LLMProvider, Settings
from intervoo.llm.errors import LLMConfigError
from intervoo.llm.messages import Message, validate_messages, validate_options
from intervoo.llm.protocols import (
    DEFAULT_BASE_URLS,
    AnthropicProtocol,
    OpenAIProtocol,
    WireProtocol,
)
from intervoo.llm.stream import CHARS_PER_TOKEN_CAP, LLMStream, RetryPolicy, Timeouts


class LLMClient:
    """Streams chat completions from one configured endpoint over a shared httpx client."""

    def __init__(
        self,
        protocol: WireProtocol,
        http: httpx.AsyncClient,
        *,
        api_key: SecretStr | None = None,
        timeouts: Timeouts | None = None,
        retry: RetryPolicy | None = None,
    ) -> None:
        self.protocol = protocol
        self._http = http
        self._api_key = api_key  # SecretStr: even an accidental repr shows no key
        self.timeouts = timeouts or Timeouts()
        self.retry = retry or RetryPolicy()

    @property
    def provider(self) -> str:
        return self.protocol.name

    @property
    def model(self) -> str:
        return self.protocol.model

    @property
    def endpoint(self) -> str:
        return self.protocol.endpoint

    def stream(
        self,
        messages: Sequence[Message],
        *,
        max_tokens: int = 400,
        temperature: float = 0.3,
        stop: Sequence[str] | None = None,
    ) -> LLMStream:
        """A stream of text deltas; the request goes out on the first iteration.

        The reply is cut (`truncated`) once it is far longer than `max_tokens` allows.
        Bad arguments raise ValueError here, before anything is sent.
        """
        checked = validate_messages(messages)
        options = validate_options(max_tokens, temperature, stop)
        key = self._api_key.get_secret_value() if self._api_key else None
        spec = self.protocol.build(checked, options, key)
        return LLMStream(
            self._http,
            self.protocol,
            spec,
            timeouts=self.timeouts,
            retry=self.retry,
            secret=key,
            max_chars=options.max_tokens * CHARS_PER_TOKEN_CAP,
        )

    async def complete(self, messages: Sequence[Message], *, max_tokens: int = 400) -> str:
        """The whole reply as one text, for callers off the hot path that need all of it
        (practice critiques, story questions); the stream is closed however it ends."""
        chunks: list[str] = []
        async with self.stream(messages, max_tokens=max_tokens) as stream:
            async for delta in stream:
                chunks.append(delta)
        return "".join(chunks)


def create_client(
    settings: Settings, http: httpx.AsyncClient, *, retry: RetryPolicy | None = None
) -> LLMClient | None:
    """The client the settings describe; None when the provider is `none`.

    Raises LLMConfigError when the settings cannot work (no model, a base URL that is not
    http(s)); the message names the setting to fix.
    """
    provider = settings.llm_provider
    if provider is LLMProvider.NONE:
        return None
    model = (settings.llm_model or "").strip()
    if not model:
        raise LLMConfigError(
            f"INTERVOO_LLM_MODEL is not set: name the {provider.value} model to use"
        )
    base_url = (settings.llm_base_url or "").strip() or DEFAULT_BASE_URLS[provider.value]
    protocol: WireProtocol
    if provider is LLMProvider.ANTHROPIC:
        protocol = AnthropicProtocol(base_url, model)
    else:
        protocol = OpenAIProtocol(base_url, model)
    timeouts = Timeouts(
        connect_s=settings.llm_timeout_connect_s,
        first_token_s=settings.llm_timeout_first_token_s,
        idle_s=settings.llm_timeout_idle_s,
    )
    key = settings.llm_api_key if settings.llm_api_key else None
    return LLMClient(protocol, http, api_key=key, timeouts=timeouts, retry=retry)
