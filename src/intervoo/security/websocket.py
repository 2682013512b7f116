"""The WebSocket half of the security middleware (`/ws/live`).

Refused before the handshake completes (the client sees HTTP 403): a foreign
Host or Origin, a local install's missing token, a user at their live-session
limit. After it: messages over the size limit close the socket (1009), and in
server mode an audio (binary) frame closes it (1003) without reaching the app,
so no user's audio is ever processed by a shared server.
"""

from __future__ import annotations

import logging

from starlette.datastructures import Headers
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from intervoo.security.guard import PRINCIPAL_KEY, Guard, identified, websocket_bearer

CLOSE_POLICY = 1008
CLOSE_UNSUPPORTED = 1003
CLOSE_TOO_BIG = 1009
AUDIO_REFUSED = "this server takes no audio: transcribe on your device and send transcript frames"
log = logging.getLogger(__name__)


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
    if counted is not None and not guard.live_limit.try_open(counted):
        log.info("refused live session user=%s (at limit)", counted)
        await refuse(receive, send, "too many live sessions open for this account")
        return
    try:
        await app(scope, *_size_and_audio_guard(guard, receive, send))
    finally:
        if counted is not None:
            guard.live_limit.close(counted)


def _size_and_audio_guard(guard: Guard, receive: Receive, send: Send) -> tuple[Receive, Send]:
    closed = False

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
        return message

    async def guarded_send(message: Message) -> None:
        if not closed:  # after our close, the app's last sends go nowhere
            await send(message)

    return guarded_receive, guarded_send
