"""A light ASGI app that `intervoo serve` binds at once while the real app is built.

Importing the real app (FastAPI, SQLAlchemy, every route and domain) and migrating the
database take seconds. The shell answers GET /healthz from the first moment
(`"app": "starting"`); every other request waits until the real app is ready and is then
served by it, so no client sees an error for coming early. If the build fails, waiting
requests get 503 and `on_failure` is told why (serve then stops with that one line).

This module imports nothing heavy: it is what runs before the heavy imports.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

log = logging.getLogger(__name__)


class StartupRefused(Exception):
    """The app must not start; the message is the one line that says why."""


class StartingShell:
    """Serves `build()`'s app (built in a thread, its lifespan run) once ready."""

    def __init__(
        self, version: str, build: Callable[[], ASGIApp], on_failure: Callable[[str], None]
    ) -> None:
        self._version = version
        self._build = build
        self._on_failure = on_failure
        self._app: ASGIApp | None = None
        self._settled = asyncio.Event()
        self._lifespan: _InnerLifespan | None = None
        self._starting: asyncio.Task[None] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._run_lifespan(scope, receive, send)
            return
        starting = not self._settled.is_set()
        if starting and scope["type"] == "http" and scope["path"] == "/healthz":
            await _json(send, 200, {"status": "ok", "version": self._version, "app": "starting"})
            return
        await self._settled.wait()
        if self._app is not None:
            await self._app(scope, receive, send)
        elif scope["type"] == "http":
            await _json(send, 503, {"detail": "the server failed to start"})
        else:  # a WebSocket: refused before it is accepted
            await send({"type": "websocket.close", "code": 1011})

    async def _run_lifespan(self, scope: Scope, receive: Receive, send: Send) -> None:
        await receive()  # lifespan.startup: answered at once, the real app follows
        self._starting = asyncio.create_task(self._start(scope))
        await send({"type": "lifespan.startup.complete"})
        await receive()  # lifespan.shutdown
        self._starting.cancel()
        await asyncio.gather(self._starting, return_exceptions=True)
        if self._lifespan is not None:
            await self._lifespan.shutdown()
        await send({"type": "lifespan.shutdown.complete"})

    async def _start(self, scope: Scope) -> None:
        try:
            app = await asyncio.to_thread(self._build)
            lifespan = _InnerLifespan(app, scope)
            await lifespan.startup()
            self._lifespan, self._app = lifespan, app
        except StartupRefused as refused:
            self._on_failure(str(refused))
        except Exception as exc:  # anything else is a bug: its traceback goes to the log
            log.exception("the app failed to start")
            self._on_failure(f"the app failed to start: {exc}")
        finally:
            self._settled.set()


class _InnerLifespan:
    """Runs the real app's lifespan protocol, as a server would."""

    def __init__(self, app: ASGIApp, scope: Scope) -> None:
        self._to_app: asyncio.Queue[Message] = asyncio.Queue()
        self._from_app: asyncio.Queue[Message] = asyncio.Queue()
        self._task: asyncio.Future[None] = asyncio.ensure_future(
            app(scope, self._to_app.get, self._from_app.put)
        )

    async def startup(self) -> None:
        try:
            await self._exchange("lifespan.startup")
        except StartupRefused:
            await asyncio.gather(self._task, return_exceptions=True)  # it re-raises: ended
            raise

    async def shutdown(self) -> None:
        await self._exchange("lifespan.shutdown")
        await self._task

    async def _exchange(self, event: str) -> None:
        await self._to_app.put({"type": event})
        reply = await self._from_app.get()
        if reply["type"] != f"{event}.complete":
            # Starlette's message is the traceback: logged whole, its last line said.
            message = str(reply.get("message") or f"{event} failed").strip()
            log.error("%s failed: %s", event, message)
            raise StartupRefused(message.splitlines()[-1])


async def _json(send: Send, status: int, body: dict[str, str]) -> None:
    payload = json.dumps(body).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(payload))]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})
