"""The ASGI middleware every request and WebSocket passes first.

In order: the Host allow-list; who the request is (token, cookie or session);
the Origin check for state-changing requests and WebSockets (CSRF included);
the token gate of a local install; body and message size limits; security
headers on every response. In server mode, audio frames never reach the app.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import HTTPException
from starlette.datastructures import Headers
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from intervoo.security.config import LARGE_BODY_PATHS
from intervoo.security.guard import PRINCIPAL_KEY, Guard, Principal, identified
from intervoo.security.headers import client_address, with_security_headers
from intervoo.security.text import NOT_TEXT_MESSAGE, holds_non_text
from intervoo.security.websocket import guard_websocket

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Everything else needs a user: the local token, or a server-mode session.
PUBLIC_PATHS = frozenset({"/", "/healthz", "/favicon.ico", "/api/auth/login"})
# The browser recognizer's files are public package files, like /static.
PUBLIC_PREFIXES = ("/static/", "/browser-stt/")
log = logging.getLogger(__name__)


class NotTextInJson(HTTPException):
    """A NUL or lone surrogate in JSON text: PostgreSQL refuses NUL, UTF-8 cannot hold a
    lone surrogate; either was a 500 wherever the route first stored or encoded it."""

    def __init__(self) -> None:
        super().__init__(400, NOT_TEXT_MESSAGE)


def has_nul(scope: Scope) -> bool:
    """A NUL byte, raw or %-encoded, in the path or query string."""
    raw = scope.get("raw_path") or scope["path"].encode()
    query = scope.get("query_string", b"")
    return any(b"\x00" in part or b"%00" in part for part in (raw, query))


class BodyTooLarge(HTTPException):
    """The request body went past its limit while being read (an HTTPException, so
    FastAPI's body parsing passes it on as a 413 instead of a generic 400)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is over {limit} bytes")


def is_public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def is_https(scope: Scope, headers: Headers, guard: Guard) -> bool:
    if scope.get("scheme") in ("https", "wss"):
        return True
    peer = (scope.get("client") or (None,))[0]
    trusted = peer in guard.security.trusted_proxies
    return trusted and headers.get("x-forwarded-proto", "").lower() == "https"


def origin_refusal(method: str, headers: Headers, principal: Principal | None, guard: Guard) -> str:
    """Why a state-changing request may not proceed ('' when it may)."""
    if method in SAFE_METHODS:
        return ""
    origin = headers.get("origin")
    host = headers.get("host")
    if origin is not None:
        return "" if guard.policy.origin_allowed(origin, host) else "foreign origin"
    if principal is not None and principal.via == "cookie":
        # CSRF: a cookie-authenticated change must prove it comes from our own page.
        referer = headers.get("referer", "")
        parts = referer.split("/")
        if len(parts) >= 3 and guard.policy.origin_allowed("/".join(parts[:3]), host):
            return ""
        return "missing Origin on a cookie-authenticated request"
    return ""


class SecurityMiddleware:
    def __init__(self, app: ASGIApp, guard: Guard) -> None:
        self.app = app
        self.guard = guard

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await self._http(scope, receive, send)
        elif scope["type"] == "websocket":
            await guard_websocket(self.app, self.guard, scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        guard, headers, path = self.guard, Headers(scope=scope), scope["path"]
        https = is_https(scope, headers, guard)
        if not guard.policy.host_allowed(headers.get("host")):
            log.info("refused host path=%s", path)
            await reject(send, 400, "unknown Host header", https=https)
            return
        principal = await guard.authenticate(headers, cookie_parser(headers.get("cookie", "")))
        refusal = origin_refusal(scope["method"], headers, principal, guard)
        if refusal:
            log.info("refused %s method=%s path=%s", refusal, scope["method"], path)
            await reject(send, 403, f"refused: {refusal}", https=https)
            return
        scope[PRINCIPAL_KEY] = principal
        if not is_public(path) and not identified(scope, guard):
            detail = "sign in first" if guard.server_mode else "missing or wrong API token"
            await reject(send, 401, detail, https=https, bearer=True)
            return
        if has_nul(scope):
            await reject(send, 400, "the URL may not contain NUL characters", https=https)
            return
        limit = body_limit(path, guard)
        declared = headers.get("content-length", "0")
        if not declared.isdigit() or int(declared) > limit:
            await reject(send, 413, f"the request body is over {limit} bytes", https=https)
            return
        scope["intervoo.client"] = client_address(
            (scope.get("client") or (None,))[0],
            headers.get("x-forwarded-for"),
            guard.security.trusted_proxies,
        )
        is_json = headers.get("content-type", "").startswith("application/json")
        await self._serve(scope, receive, send, limit, https, is_json)

    async def _serve(
        self, scope: Scope, receive: Receive, send: Send, limit: int, https: bool, is_json: bool
    ) -> None:
        received = 0
        json_body: list[bytes] = []  # bounded by `limit`; scanned whole once it has all come
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            body = message.get("body", b"")
            received += len(body)
            if received > limit:
                raise BodyTooLarge(limit)
            if is_json and message["type"] == "http.request":
                json_body.append(body)
                if not message.get("more_body", False) and holds_non_text(b"".join(json_body)):
                    raise NotTextInJson()
            return message

        async def secured_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                out = with_security_headers(
                    message.get("headers", []),
                    no_store=scope["path"].startswith("/api/"),
                    hsts=https,
                )
                message = {**message, "headers": out}
            await send(message)

        try:
            await self.app(scope, limited_receive, secured_send)
        except (BodyTooLarge, NotTextInJson) as refused:
            if started:
                raise
            await reject(send, refused.status_code, str(refused.detail), https=https)


def body_limit(path: str, guard: Guard) -> int:
    if path.startswith(LARGE_BODY_PATHS):
        return guard.security.max_large_body_bytes
    return guard.security.max_body_bytes


async def reject(
    send: Send, status: int, detail: str, *, https: bool, bearer: bool = False
) -> None:
    body = json.dumps({"detail": detail}).encode()
    headers: list[tuple[bytes, bytes]] = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    if bearer:
        headers.append((b"www-authenticate", b"Bearer"))
    start: dict[str, Any] = {
        "type": "http.response.start",
        "status": status,
        "headers": with_security_headers(headers, no_store=True, hsts=https),
    }
    await send(start)
    await send({"type": "http.response.body", "body": body})
