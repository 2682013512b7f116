"""The WebSocket half of the security middleware (`/ws/live`).

Refused before the handshake completes (the client sees HTTP 403): a foreign
Host or Origin, a local install's missing token, a user at their live-session
limit. After it: messages over the size limit close the socket (1009), and in
server mode an audio (binary) frame closes it (1003) without reaching the app,
so no user's audio is ever processed by a shared server.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable

from starlette.datastructures import Headers
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from intervoo.security.guard import (
    PRINCIPAL_KEY,
    Guard,
    Principal,
    identified,
    websocket_bearer,
)
from intervoo.security.session_store import session_is_live
from intervoo.security.sessions import SessionClaims
from intervoo.store import Database

CLOSE_POLICY = 1008
CLOSE_UNSUPPORTED = 1003
CLOSE_TOO_BIG = 1009
AUDIO_REFUSED = "this server takes no audio: transcribe on your device and send transcript frames"
SIGNED_OUT_EVENT = json.dumps(
    {
        "type": "error",
        "code": "auth.signed_out",
        "message": "this session was signed out (logout or password change): sign in again",
        "t": 0,
    }
)
SESSION_RECHECK_S = 1.0  # at most one session lookup a second per socket
log = logging.getLogger(__name__)


def _session_check(guard: Guard, principal: Principal | None) -> Callable[[], Awaitable[bool]]:
    """Whether the socket's server-mode session is still live, looked up at most once a second
    (a frame that arrives within the second of a logout may still be answered)."""
    checked_at = time.monotonic()

    async def live() -> bool:
        nonlocal checked_at
        db = getattr(guard.app.state, "db", None)
        if principal is None or principal.session_id is None or not isinstance(db, Database):
            return True  # a local install: the token cannot be revoked
        if time.monotonic() - checked_at < SESSION_RECHECK_S:
            return True
        checked_at = time.monotonic()
        claims = SessionClaims(principal.user_id, principal.session_id, float("inf"))
        return await asyncio.to_thread(session_is_live, db, claims, time.time())

    return live


async def refuse(receive: Receive, send: Send, reason: str) -> None:
    message = await receive()  # the handshake's websocket.connect
    if message["type"] == "websocket.connect":
        await send({"type": "websocket.close", "code": CLOSE_POLICY, "reason": reason})


async def guard_websocket(
    app: ASGIApp, guard: Guard, scope: Scope, receive: Receive, send: Send
) -> None:
    headers = Headers(scope=scope)
    path = scope["path"]
    if not guard.policy.host_allowed(headers.get("host")):
        log.info("refused websocket host path=%s", path)
        await refuse(receive, send, "unknown Host header")
        return
    origin = headers.get("origin")
    if origin is not None and not guard.policy.origin_allowed(origin, headers.get("host")):
        log.info("refused websocket origin path=%s", path)
        await refuse(receive, send, "foreign origin")
        return
    auth: dict[str, str] = dict(headers)
    offered = websocket_bearer(list(scope.get("subprotocols") or []))
    if offered is not None and "authorization" not in auth:
        auth["authorization"] = f"Bearer {offered}"
    principal = await guard.authenticate(auth, cookie_parser(headers.get("cookie", "")))
    scope[PRINCIPAL_KEY] = principal
    if not identified(scope, guard):
        await refuse(receive, send, "sign in first")
        return
    counted = principal.user_id if principal and guard.server_mode else None
    if counted is None:
        await app(scope, *_size_and_audio_guard(guard, receive, send, principal))
        return
    live = guard.limits.live_sessions
    lease = await live.try_open(counted)
    if lease is None:
        log.info("refused live session user=%s (at limit)", counted)
        await refuse(receive, send, "too many live sessions open for this account")
        return
    try:
        await app(scope, *_size_and_audio_guard(guard, receive, send, principal))
    finally:
        await live.close(counted, lease)


def _size_and_audio_guard(
    guard: Guard, receive: Receive, send: Send, principal: Principal | None
) -> tuple[Receive, Send]:
    closed = False
    still_signed_in = _session_check(guard, principal)

    async def close(code: int, reason: str) -> Message:
        nonlocal closed
        closed = True
        await send({"type": "websocket.close", "code": code, "reason": reason})
        return {"type": "websocket.disconnect", "code": code}

    async def guarded_receive() -> Message:
        message = await receive()
        if message["type"] != "websocket.receive":
            return message
        data = message.get("bytes")
        size = len(data) if data is not None else len((message.get("text") or "").encode())
        if size > guard.security.max_ws_message_bytes:
            return await close(CLOSE_TOO_BIG, "message too big")
        if data is not None and guard.server_mode:
            return await close(CLOSE_UNSUPPORTED, AUDIO_REFUSED)
        if not await still_signed_in():  # logged out or password changed since the handshake
            await send({"type": "websocket.send", "text": SIGNED_OUT_EVENT})
            return await close(CLOSE_POLICY, "signed out")
        return message

    async def guarded_send(message: Message) -> None:
        if not closed:  # after our close, the app's last sends go nowhere
            await send(message)

    return guarded_receive, guarded_send
