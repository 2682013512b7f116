"""One streaming LLM response: timeouts, retries before the first token, clean cancellation.

The request goes out on the first `__anext__`. Until the first text arrives the whole call
(every attempt and every back-off) shares one first-token deadline; after it, each next
piece of text must come within the idle timeout. Retrying after text was shown would show
it twice, so errors after the first token are raised, never retried.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import AsyncGenerator
from dataclasses import dataclass
from types import TracebackType
from typing import Self, cast

import httpx

from intervoo.llm.errors import (
    LLMConnectionError,
    LLMError,
    LLMRateLimited,
    LLMStreamError,
    LLMTimeout,
    error_detail,
    error_for_status,
    parse_retry_after,
)
from intervoo.llm.protocols import PromptUsage, RequestSpec, WireProtocol
from intervoo.llm.sse import SSEDecoder, SSEEvent, SSEEventTooLarge

logger = logging.getLogger("intervoo.llm")

MAX_ERROR_BODY_BYTES = 64 * 1024
# A reply runs at most a little past max_tokens (a token is ~4 characters of English): one
# from an endpoint that ignores max_tokens is cut at this many characters per token.
CHARS_PER_TOKEN_CAP = 8
# After the model's last event the rest of the body is normally already here; reading it
# lets the keep-alive connection be reused. Waiting longer would delay the end of the answer.
DRAIN_AFTER_DONE_S = 0.05


@dataclass(frozen=True, slots=True)
class Timeouts:
    connect_s: float = 5.0
    first_token_s: float = 10.0
    idle_s: float = 10.0


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Retries happen only before the first token, within the first-token deadline."""

    max_attempts: int = 3
    base_delay_s: float = 0.25
    max_delay_s: float = 2.0  # a longer Retry-After means the answer would come too late


def _more_telling(known: PromptUsage | None, new: PromptUsage) -> PromptUsage:
    """llama.cpp sends `timings` with the cache, then a usage chunk without it: keep the
    figures that say what the cache did."""
    if known is not None and known.cached_tokens is not None and new.cached_tokens is None:
        return known
    return new


class LLMStream:
    """An async iterator of text deltas. Use `async with`, or call `aclose()` when done.

    `ttft_ms` is the time from the request going out to the first text, in milliseconds;
    `usage` the prompt's cache figures, once the provider has sent them (often at the end).
    """

    def __init__(
        self,
        http: httpx.AsyncClient,
        protocol: WireProtocol,
        spec: RequestSpec,
        *,
        timeouts: Timeouts,
        retry: RetryPolicy,
        secret: str | None,
        max_chars: int | None = None,
    ) -> None:
        self._http, self._protocol, self._spec = http, protocol, spec
        self.max_chars = max_chars  # None: as long as the endpoint sends
        self.chars = 0
        self.truncated = False  # cut at max_chars: the endpoint went on past max_tokens
        self._timeouts, self._retry, self._secret = timeouts, retry, secret
        self._response: httpx.Response | None = None
        self._chunks: AsyncGenerator[bytes, None] | None = None
        self._decoder = SSEDecoder()
        self._pending: deque[str] = deque()
        self._failure: LLMError | None = None
        self._finished = False
        self._closed = False
        self._chunk_read_in_flight = False
        self._started_at: float | None = None
        self._first_deadline = 0.0
        self.ttft_ms: float | None = None
        self.attempts = 0
        self.deltas = 0
        self.output_tokens: int | None = None
        self.stop_reason: str | None = None
        self.usage: PromptUsage | None = None

    def __aiter__(self) -> Self:
        return self

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def __anext__(self) -> str:
        if self.truncated and not self._closed:
            await self.aclose()  # the endpoint may still be sending: hang up on it
        if self._closed:
            raise StopAsyncIteration
        if self._pending:  # fast path: several deltas often arrive in one network read
            return self._deliver(self._pending.popleft())
        try:
            text = await self._next_text()
        except BaseException as error:
            if self._closed and isinstance(error, Exception):
                raise StopAsyncIteration from None  # aclose() in another task ended the read
            await self.aclose()  # on errors and cancellation alike, free the connection now
            if isinstance(error, LLMError):
                self._redact(error)
            raise
        if self._closed:  # aclose() in another task while this one connected or backed off
            await self._discard_response()
            raise StopAsyncIteration
        if text is None:
            await self.aclose()
            raise StopAsyncIteration
        return self._deliver(text)

    async def aclose(self) -> None:
        """Close the HTTP response now (the server sees the disconnect). Idempotent."""
        if self._closed:
            return
        self._closed = True
        await self._discard_response()
        logger.debug(
            "llm stream closed provider=%s attempts=%d deltas=%d ttft_ms=%s",
            self._protocol.name,
            self.attempts,
            self.deltas,
            None if self.ttft_ms is None else round(self.ttft_ms, 1),
        )

    def _deliver(self, text: str) -> str:
        if self.ttft_ms is None and self._started_at is not None:
            self.ttft_ms = (time.perf_counter() - self._started_at) * 1000.0
        self.deltas += 1
        if self.max_chars is not None and self.chars + len(text) >= self.max_chars:
            text = text[: self.max_chars - self.chars]
            self.truncated = True
            logger.warning(
                "llm reply cut provider=%s chars=%d", self._protocol.name, self.max_chars
            )
        self.chars += len(text)
        return text

    async def _next_text(self) -> str | None:
        loop = asyncio.get_running_loop()
        if self._started_at is None:
            self._started_at = time.perf_counter()
            self._first_deadline = loop.time() + self._timeouts.first_token_s
        first = self.ttft_ms is None
        deadline = self._first_deadline if first else loop.time() + self._timeouts.idle_s
        try:
            async with asyncio.timeout_at(deadline):
                return await (self._first_text() if first else self._read_text())
        except TimeoutError:
            raise self._timeout_error(first) from None

    def _timeout_error(self, first: bool) -> LLMTimeout:
        where = self._protocol.endpoint
        if first:
            seconds = self._timeouts.first_token_s
            return LLMTimeout(f"{where} sent no first token within {seconds:g} s", retryable=True)
        seconds = self._timeouts.idle_s
        return LLMTimeout(f"{where} stalled: no new token for {seconds:g} s", retryable=True)

    async def _first_text(self) -> str | None:
        while not self._closed:  # a stream closed during a back-off sends no new request
            self.attempts += 1
            try:
                await self._open()
                return await self._read_text()
            except LLMError as error:
                await self._discard_response()
                delay = self._retry_delay(error)
                if delay is None:
                    raise
                logger.warning(
                    "llm retry provider=%s attempt=%d error=%s delay_s=%.2f",
                    self._protocol.name,
                    self.attempts,
                    error.code,
                    delay,
                )
                await asyncio.sleep(delay)
        return None

    def _retry_delay(self, error: LLMError) -> float | None:
        """Seconds to wait before the next attempt, or None when it must not be retried."""
        if not error.retryable or self.attempts >= self._retry.max_attempts:
            return None
        delay: float = self._retry.base_delay_s * 2.0 ** (self.attempts - 1)
        if isinstance(error, LLMRateLimited) and error.retry_after_s is not None:
            delay = error.retry_after_s
        if delay > self._retry.max_delay_s:
            return None
        # Sleeping past the deadline would turn a clear error into a vague timeout.
        if asyncio.get_running_loop().time() + delay >= self._first_deadline:
            return None
        return delay

    async def _open(self) -> None:
        self._decoder = SSEDecoder()
        self._failure = None
        self.stop_reason = self.output_tokens = self.usage = None
        response = await self._send()
        self._response = response
        if response.status_code != 200:
            raise await self._status_error(response)
        if response.headers.get("content-type", "").startswith("application/json"):
            detail = error_detail(await self._read_limited(response))
            raise LLMStreamError(
                f"{self._protocol.endpoint} answered with JSON, not an event stream ({detail})"
            )
        # httpx types it as an iterator; it is an async generator, which we close explicitly.
        self._chunks = cast(AsyncGenerator[bytes, None], response.aiter_bytes())

    async def _send(self) -> httpx.Response:
        spec, connect_s = self._spec, self._timeouts.connect_s
        request = self._http.build_request(
            "POST",
            spec.url,
            json=spec.body,
            headers=spec.headers,
            # Reads are bounded by our own first-token and idle deadlines, not per socket read.
            timeout=httpx.Timeout(connect=connect_s, read=None, write=connect_s, pool=connect_s),
        )
        logger.debug(
            "llm request provider=%s model=%s messages=%d",
            self._protocol.name,
            self._protocol.model,
            len(spec.body.get("messages", ())),
        )
        try:
            return await self._http.send(request, stream=True)
        except httpx.TimeoutException:
            raise LLMTimeout(
                f"could not connect to {self._protocol.endpoint} within {connect_s:g} s",
                retryable=True,
            ) from None
        except httpx.HTTPError as exc:
            raise LLMConnectionError(
                f"could not reach {self._protocol.endpoint}: {exc}", retryable=True
            ) from exc

    async def _status_error(self, response: httpx.Response) -> LLMError:
        body = await self._read_limited(response)
        return error_for_status(
            response.status_code,
            error_detail(body),
            model=self._protocol.model,
            endpoint=self._protocol.endpoint,
            retry_after_s=parse_retry_after(response.headers.get("retry-after")),
        )

    async def _read_limited(self, response: httpx.Response) -> bytes:
        body = bytearray()
        try:
            async for chunk in response.aiter_bytes():
                body += chunk
                if len(body) >= MAX_ERROR_BODY_BYTES:
                    break
        except httpx.HTTPError:
            pass  # a partial error body still says something; the status says the rest
        return bytes(body[:MAX_ERROR_BODY_BYTES])

    async def _read_text(self) -> str | None:
        while True:
            if self._pending:
                return self._pending.popleft()
            if self._failure is not None:
                raise self._failure
            if self._finished:
                await self._drain_and_release()
                return None
            await self._read_chunk()

    async def _read_chunk(self) -> None:
        assert self._chunks is not None, "read before the response was opened"
        self._chunk_read_in_flight = True
        try:
            chunk = await anext(self._chunks, None)
        except httpx.HTTPError as exc:
            raise LLMStreamError(
                f"{self._protocol.endpoint} dropped the connection mid-stream", retryable=True
            ) from exc
        finally:
            self._chunk_read_in_flight = False
        if chunk is None:
            self._apply(self._decoder.finish())
            self._at_end_of_body()
        else:
            try:
                events = self._decoder.feed(chunk)
            except SSEEventTooLarge as exc:
                raise LLMStreamError(
                    f"{self._protocol.endpoint} sent a broken stream: {exc}"
                ) from None
            self._apply(events)

    def _apply(self, events: list[SSEEvent]) -> None:
        parse = self._protocol.parse
        for event in events:
            try:
                update = parse(event)
            except LLMError as error:
                self._failure = error  # raised after the text that came before it
                return
            if update.text:
                self._pending.append(update.text)
            if update.stop_reason is not None:
                self.stop_reason = update.stop_reason
            if update.output_tokens is not None:
                self.output_tokens = update.output_tokens
            if update.usage is not None:
                self.usage = _more_telling(self.usage, update.usage)
            if update.done:
                self._finished = True
                return

    def _at_end_of_body(self) -> None:
        if self._finished or self._failure is not None:
            return
        if self.stop_reason is not None:  # the model finished; the terminator was left out
            self._finished = True
            return
        self._failure = LLMStreamError(
            f"{self._protocol.endpoint} ended the stream before the model finished",
            retryable=True,
        )

    async def _drain_and_release(self) -> None:
        if self._chunks is not None:
            self._chunk_read_in_flight = True
            try:
                async with asyncio.timeout(DRAIN_AFTER_DONE_S):
                    async for _ in self._chunks:
                        pass
            except (TimeoutError, httpx.HTTPError):
                pass  # only costs connection reuse: the response is closed just below
            finally:
                self._chunk_read_in_flight = False
        await self._discard_response()

    async def _discard_response(self) -> None:
        chunks, response = self._chunks, self._response
        self._chunks = self._response = None
        # A generator suspended in another task's read cannot be closed from here; closing
        # the response below ends that read instead.
        if chunks is not None and not self._chunk_read_in_flight:
            await chunks.aclose()
        if response is not None:
            await response.aclose()

    def _redact(self, error: LLMError) -> None:
        """Belt and braces: no message of ours holds the key, but a server's may echo it."""
        if self._secret and self._secret in error.message:
            error.message = error.message.replace(self._secret, "****")
            error.args = (error.message,)
