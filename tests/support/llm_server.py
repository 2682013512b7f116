"""A real HTTP/1.1 server on 127.0.0.1 that replays LLM event streams, scripted per test.

Each request is answered by a `Reply`: a status, headers and a script of steps (send bytes,
pause, stall until the client leaves, drop the connection). Replies come from a queue
(`enqueue`), then from the default given at construction (a `Reply`, or a function of the
request). Every request is recorded as an `Exchange`, which also says whether the client
left before the reply ended: that is how tests see that cancellation reached the server.

    async with LLMServer(answer(["Hel", "lo"], first_delay=0.3)) as server:
        settings = Settings(llm_provider="openai", llm_base_url=server.openai_base_url, ...)

`answer(...)` speaks OpenAI or Anthropic format depending on the request path. For sync
tests (a CLI run, Starlette's TestClient), `ThreadedLLMServer` runs the same server on its
own thread and loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any, Literal, Self


@dataclass(frozen=True)
class Send:
    data: bytes  # written as one chunk of the body


@dataclass(frozen=True)
class Pause:
    seconds: float  # cut short if the client leaves


@dataclass(frozen=True)
class Stall:
    """Send nothing more and hold the connection open until the client leaves."""


@dataclass(frozen=True)
class Drop:
    """Abort the connection mid-body, as a crashing proxy would."""


Step = Send | Pause | Stall | Drop


@dataclass(frozen=True)
class Reply:
    status: int = 200
    headers: tuple[tuple[str, str], ...] = (("content-type", "text/event-stream"),)
    steps: tuple[Step, ...] = ()


@dataclass
class Exchange:
    """One request and what became of its reply."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    connection: int  # serial number of the TCP connection: equal numbers mean keep-alive reuse
    received_at: float = field(default_factory=time.perf_counter)
    first_data_at: float | None = None  # when the first body chunk was written
    finished: bool = False  # the whole reply was sent
    client_left: bool = False  # the client closed the connection before the reply ended

    def json(self) -> Any:
        return json.loads(self.body)


ReplyFactory = Callable[[Exchange], Reply]


class LLMServer:
    """The scriptable server, running on the current event loop. Use `async with`."""

    def __init__(self, reply: Reply | ReplyFactory | None = None) -> None:
        self._default = reply
        self._queue: deque[Reply] = deque()
        self.exchanges: list[Exchange] = []
        self._server: asyncio.Server | None = None
        self._handlers: set[asyncio.Task[None]] = set()
        self._writers: set[asyncio.StreamWriter] = set()
        self._connections = itertools.count(1)
        self._someone_left = asyncio.Event()
        self.listeners: list[Callable[[Exchange], None]] = []
        self.port = 0

    async def __aenter__(self) -> Self:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        # Hanging up ends every handler through its normal path (a read sees EOF); cancelling
        # them instead makes Python 3.11's stream callback log a spurious CancelledError.
        for writer in self._writers:
            writer.transport.abort()
        handlers = list(self._handlers)
        if handlers:
            _done, stuck = await asyncio.wait(handlers, timeout=2.0)
            for task in stuck:
                task.cancel()
            await asyncio.gather(*stuck, return_exceptions=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def openai_base_url(self) -> str:
        return f"{self.url}/v1"

    @property
    def anthropic_base_url(self) -> str:
        return self.url

    def enqueue(self, *replies: Reply) -> None:
        """Answer the next requests with these replies, in order, before the default."""
        self._queue.extend(replies)

    async def wait_disconnect(self, within_s: float = 2.0) -> Exchange:
        """The first exchange whose client left mid-reply, waiting up to `within_s` for one."""
        async with asyncio.timeout(within_s):
            await self._someone_left.wait()
        return next(e for e in self.exchanges if e.client_left)

    def _reply_for(self, exchange: Exchange) -> Reply:
        if self._queue:
            return self._queue.popleft()
        if isinstance(self._default, Reply):
            return self._default
        if self._default is not None:
            return self._default(exchange)
        return json_error(500, f"the test server has no scripted reply for {exchange.path}")

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._handlers.add(task)
        self._writers.add(writer)
        connection = next(self._connections)
        prefix: bytes | None = b""
        try:
            while prefix is not None:
                exchange = await _read_request(reader, prefix, connection)
                if exchange is None:
                    return
                self.exchanges.append(exchange)
                prefix = await self._answer(exchange, reader, writer)
        except (ConnectionError, asyncio.IncompleteReadError):
            return
        finally:
            self._handlers.discard(task)
            self._writers.discard(writer)
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()

    async def _answer(
        self, exchange: Exchange, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> bytes | None:
        """Play the reply. Returns the first byte of a next request, b"" or None (close)."""
        reply = self._reply_for(exchange)
        writer.write(_head(reply))
        # The client sends nothing while it reads a reply, so a read that ends means it left
        # (or, after the reply, that its next request is starting).
        watcher = asyncio.create_task(reader.read(1))
        try:
            dropped = await self._play(reply.steps, exchange, writer, watcher)
        except ConnectionError:
            dropped = False
        if dropped:
            watcher.cancel()
            await asyncio.gather(watcher, return_exceptions=True)
            return None
        return await self._settle(exchange, watcher)

    async def _play(
        self,
        steps: Sequence[Step],
        exchange: Exchange,
        writer: asyncio.StreamWriter,
        watcher: asyncio.Task[bytes],
    ) -> bool:
        """Run the steps; True when the script dropped the connection."""
        for step in steps:
            if watcher.done():
                return False
            if isinstance(step, Send):
                writer.write(b"%x\r\n%s\r\n" % (len(step.data), step.data))
                await writer.drain()
                if exchange.first_data_at is None:
                    exchange.first_data_at = time.perf_counter()
            elif isinstance(step, Pause):
                await asyncio.wait({watcher}, timeout=step.seconds)
            elif isinstance(step, Stall):
                await asyncio.wait({watcher})
            else:
                writer.transport.abort()
                return True
        if not watcher.done():
            writer.write(b"0\r\n\r\n")
            await writer.drain()
            exchange.finished = True
        return False

    async def _settle(self, exchange: Exchange, watcher: asyncio.Task[bytes]) -> bytes | None:
        if not watcher.done():
            watcher.cancel()
            await asyncio.gather(watcher, return_exceptions=True)
            return b""
        first_byte = b"" if watcher.exception() is not None else watcher.result()
        if first_byte:
            return first_byte
        if not exchange.finished:
            exchange.client_left = True
            self._someone_left.set()
            for listener in self.listeners:
                listener(exchange)
        return None


async def _read_request(
    reader: asyncio.StreamReader, prefix: bytes, connection: int
) -> Exchange | None:
    try:
        head = prefix + await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError:
        return None  # the client closed an idle keep-alive connection
    request_line, *header_lines = head.decode("latin-1").split("\r\n")
    method, path, _version = request_line.split(" ", 2)
    headers = {}
    for line in header_lines:
        if line:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
    body = await reader.readexactly(int(headers.get("content-length", "0")))
    return Exchange(method, path, headers, body, connection)


def _head(reply: Reply) -> bytes:
    reason = HTTPStatus(reply.status).phrase
    lines = [f"HTTP/1.1 {reply.status} {reason}", "transfer-encoding: chunked"]
    lines += [f"{name}: {value}" for name, value in reply.headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


class ThreadedLLMServer:
    """`LLMServer` on its own thread and event loop, for synchronous tests. Use `with`."""

    def __init__(self, reply: Reply | ReplyFactory | None = None) -> None:
        self._reply = reply
        self._ready = threading.Event()
        self._left = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="llm-test-server", daemon=True)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._server: LLMServer | None = None
        self._error: BaseException | None = None

    def __enter__(self) -> Self:
        self._thread.start()
        if not self._ready.wait(10.0) or self._server is None:
            raise RuntimeError(f"the test LLM server did not start: {self._error!r}")
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(10.0)

    def _run(self) -> None:
        try:
            asyncio.run(self._serve())
        except BaseException as exc:  # reported by __enter__, which the test is waiting in
            self._error = exc
            self._ready.set()

    async def _serve(self) -> None:
        self._loop, self._stop = asyncio.get_running_loop(), asyncio.Event()
        async with LLMServer(self._reply) as server:
            server.listeners.append(self._notify)
            self._server = server
            self._ready.set()
            await self._stop.wait()

    def _notify(self, _exchange: Exchange) -> None:
        with self._left:
            self._left.notify_all()

    @property
    def server(self) -> LLMServer:
        assert self._server is not None, "use the server inside `with`"
        return self._server

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def openai_base_url(self) -> str:
        return self.server.openai_base_url

    @property
    def anthropic_base_url(self) -> str:
        return self.server.anthropic_base_url

    @property
    def exchanges(self) -> list[Exchange]:
        return list(self.server.exchanges)

    def enqueue(self, *replies: Reply) -> None:
        loop = self._loop
        assert loop is not None
        loop.call_soon_threadsafe(self.server.enqueue, *replies)

    def wait_disconnect(self, within_s: float = 2.0) -> Exchange:
        def left() -> list[Exchange]:
            return [e for e in self.server.exchanges if e.client_left]

        with self._left:
            if not self._left.wait_for(lambda: bool(left()), within_s):
                raise TimeoutError(f"no client left mid-reply within {within_s}s")
        return left()[0]


def sse(data: str | dict[str, Any], event: str | None = None) -> bytes:
    """One server-sent event, LF line endings, as providers send them. Builders follow."""
    text = data if isinstance(data, str) else json.dumps(data, separators=(",", ":"))
    head = f"event: {event}\n" if event else ""
    return (head + "".join(f"data: {line}\n" for line in text.split("\n")) + "\n").encode()


def openai_events(
    pieces: Sequence[str],
    *,
    model: str = "test-model",
    cached_tokens: int | None = None,
    timings: dict[str, Any] | None = None,
    prompt_tokens: int = 9,
) -> list[bytes]:
    """What an OpenAI-compatible server streams: a role chunk, text, finish, usage, [DONE].
    `cached_tokens`: OpenAI's prompt_tokens_details; `timings`: llama.cpp's, on the finish."""

    def chunk(delta: dict[str, Any], finish: str | None = None) -> bytes:
        choice = {"index": 0, "delta": delta, "finish_reason": finish}
        return sse(
            {
                "id": "chatcmpl-1",
                "object": "chat.completion.chunk",
                "model": model,
                "choices": [choice],
            }
        )

    events = [chunk({"role": "assistant", "content": ""})]
    events += [chunk({"content": piece}) for piece in pieces]
    finish = chunk({}, "stop")
    if timings is not None:
        body = json.loads(finish.decode().removeprefix("data: "))
        finish = sse({**body, "timings": timings})
    events.append(finish)
    usage: dict[str, Any] = {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": len(pieces),
        "total_tokens": prompt_tokens + len(pieces),
    }
    if cached_tokens is not None:
        usage["prompt_tokens_details"] = {"cached_tokens": cached_tokens}
    events.append(sse({"id": "chatcmpl-1", "choices": [], "usage": usage}))
    events.append(sse("[DONE]"))
    return events


def anthropic_events(
    pieces: Sequence[str], *, model: str = "test-model", cache: dict[str, int] | None = None
) -> list[bytes]:
    """What Anthropic's Messages API streams, ping included; `cache`: the input usage's
    cache_read_input_tokens / cache_creation_input_tokens."""
    message = {
        "id": "msg_1",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": [],
        "usage": {"input_tokens": 9, "output_tokens": 1, **(cache or {})},
    }
    events = [
        sse({"type": "message_start", "message": message}, "message_start"),
        sse(
            {
                "type": "content_block_start",
                "index": 0,
                "content_block": {"type": "text", "text": ""},
            },
            "content_block_start",
        ),
        sse({"type": "ping"}, "ping"),
    ]
    for piece in pieces:
        delta = {
            "type": "content_block_delta",
            "index": 0,
            "delta": {"type": "text_delta", "text": piece},
        }
        events.append(sse(delta, "content_block_delta"))
    events += [
        sse({"type": "content_block_stop", "index": 0}, "content_block_stop"),
        sse(
            {
                "type": "message_delta",
                "delta": {"stop_reason": "end_turn"},
                "usage": {"output_tokens": len(pieces)},
            },
            "message_delta",
        ),
        sse({"type": "message_stop"}, "message_stop"),
    ]
    return events


End = Literal["complete", "drop", "stall"]


# Events before the first text: OpenAI's role chunk; Anthropic's message_start,
# content_block_start and ping. Providers send these at once, then the text as it comes.
OPENAI_PREAMBLE = 1
ANTHROPIC_PREAMBLE = 3


def stream_reply(
    events: Sequence[bytes],
    *,
    first_delay: float = 0.0,
    between: float = 0.0,
    end: End = "complete",
    preamble: int = 0,
) -> Reply:
    """Send `events` one chunk each, then end as told.

    The first `preamble` events go out at once; the next one `first_delay` seconds after
    the request, and the rest `between` seconds apart.
    """
    steps: list[Step] = [Send(event) for event in events[:preamble]]
    if first_delay:
        steps.append(Pause(first_delay))
    for index, event in enumerate(events[preamble:]):
        if index and between:
            steps.append(Pause(between))
        steps.append(Send(event))
    if end == "drop":
        steps.append(Drop())
    elif end == "stall":
        steps.append(Stall())
    return Reply(steps=tuple(steps))


def openai_reply(
    pieces: Sequence[str], *, first_delay: float = 0.0, between: float = 0.0, end: End = "complete"
) -> Reply:
    """`pieces` as an OpenAI-compatible stream; the first piece comes `first_delay` s in."""
    events = openai_events(pieces)
    return stream_reply(
        events, first_delay=first_delay, between=between, end=end, preamble=OPENAI_PREAMBLE
    )


def anthropic_reply(
    pieces: Sequence[str], *, first_delay: float = 0.0, between: float = 0.0, end: End = "complete"
) -> Reply:
    """`pieces` as an Anthropic stream; the first piece comes `first_delay` s in."""
    events = anthropic_events(pieces)
    return stream_reply(
        events, first_delay=first_delay, between=between, end=end, preamble=ANTHROPIC_PREAMBLE
    )


def answer(
    pieces: Sequence[str], *, first_delay: float = 0.0, between: float = 0.0
) -> ReplyFactory:
    """A default reply that streams `pieces` in whichever format the request path asks for.

    The first piece of text arrives `first_delay` seconds after the request.
    """

    def reply(exchange: Exchange) -> Reply:
        if exchange.path.endswith("/messages"):
            return anthropic_reply(pieces, first_delay=first_delay, between=between)
        return openai_reply(pieces, first_delay=first_delay, between=between)

    return reply


def json_reply(body: Any, status: int = 200) -> Reply:
    """A plain JSON reply (what `GET /v1/models` answers)."""
    headers = (("content-type", "application/json"),)
    return Reply(status=status, headers=headers, steps=(Send(json.dumps(body).encode()),))


def models_reply(*models: str) -> Reply:
    """An OpenAI `/v1/models` list, as Ollama, llama.cpp, LM Studio and vLLM serve it."""
    return json_reply({"object": "list", "data": [{"id": m, "object": "model"} for m in models]})


def json_error(
    status: int, message: str, *, kind: str = "api_error", retry_after: float | None = None
) -> Reply:
    """An error body as both providers shape it: {"type":"error","error":{"type","message"}}."""
    body = json.dumps({"type": "error", "error": {"type": kind, "message": message}}).encode()
    headers = [("content-type", "application/json")]
    if retry_after is not None:
        headers.append(("retry-after", f"{retry_after:g}"))
    return Reply(status=status, headers=tuple(headers), steps=(Send(body),))
