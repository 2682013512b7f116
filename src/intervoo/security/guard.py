"""The security state of one app: who a request is, and the limits that apply to them.

Built once per app by `install_security` and kept at `app.state.security`.
Routes (auth) and the middleware share it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal, cast

from fastapi import FastAPI, Request
from starlette.requests import HTTPConnection
from starlette.types import Scope

from intervoo.config import Mode, Settings
from intervoo.security.config import SecuritySettings
from intervoo.security.limits import Limits
from intervoo.security.origin import OriginPolicy
from intervoo.security.passwords import HashPool
from intervoo.security.session_store import session_is_live
from intervoo.security.sessions import SESSION_COOKIE, SessionSigner
from intervoo.security.token import token_matches
from intervoo.store import LOCAL_USER_ID, Database

# A browser WebSocket cannot send Authorization: the page offers the token as a subprotocol.
WS_PROTOCOL = "intervoo"
WS_TOKEN_PREFIX = "intervoo.token."
PRINCIPAL_KEY = "intervoo.principal"

# Who a request is from (None: nobody): the web app's one seam, `app.state.identify`.
Identify = Callable[[Request], str | None]


@dataclass(frozen=True)
class Principal:
    """An authenticated request: whose it is and how it proved it."""

    user_id: str
    via: Literal["bearer", "cookie"]
    session_id: str | None = None


@dataclass
class Guard:
    app: FastAPI
    settings: Settings
    security: SecuritySettings
    policy: OriginPolicy
    limits: Limits
    local_token: str | None = None
    signer: SessionSigner | None = None
    hash_pool: HashPool | None = None

    @property
    def server_mode(self) -> bool:
        return self.settings.mode is Mode.SERVER

    async def authenticate(
        self, headers: Mapping[str, str], cookies: Mapping[str, str]
    ) -> Principal | None:
        bearer = _bearer(headers.get("authorization"))
        if self.server_mode:
            if bearer is not None:
                return await self._session(bearer, "bearer")
            return await self._session(cookies.get(SESSION_COOKIE), "cookie")
        if self.local_token is None:
            return None
        # Header only, never a cookie: browsers send a 127.0.0.1 cookie to every port, so
        # any other local server would receive it. The page reads the token from its HTML.
        ok = bearer is not None and token_matches(self.local_token, bearer)
        return Principal(LOCAL_USER_ID, "bearer") if ok else None

    async def _session(
        self, token: str | None, via: Literal["bearer", "cookie"]
    ) -> Principal | None:
        if self.signer is None or not token:
            return None
        now = time.time()
        # The signature first: a forged token costs no database round trip.
        claims = self.signer.verify(token, now)
        if claims is None:
            return None
        db = getattr(self.app.state, "db", None)
        if not isinstance(db, Database):
            return None
        # Logged out, or ended by a password change, on any process; or the account is gone.
        if not await asyncio.to_thread(session_is_live, db, claims, now):
            return None
        return Principal(claims.user_id, via, claims.session_id)


def _bearer(value: str | None) -> str | None:
    if not value:
        return None
    scheme, _, credential = value.partition(" ")
    return credential.strip() if scheme.lower() == "bearer" and credential.strip() else None


def websocket_bearer(subprotocols: list[str]) -> str | None:
    """The token a browser page offered as the subprotocol `intervoo.token.<token>`."""
    for offered in subprotocols:
        if offered.startswith(WS_TOKEN_PREFIX):
            return offered[len(WS_TOKEN_PREFIX) :] or None
    return None


def identified(scope: Scope, guard: Guard) -> bool:
    """Whether the identity seam (`app.state.identify`) names a user for this request.

    The seam, not the middleware, decides who a request is: tests and deployments
    may replace it, and the gate follows whatever it says.
    """
    identify = getattr(guard.app.state, "identify", None)
    if identify is None:
        return False
    # A WebSocket's scope is not an HTTP request's, but the seam reads only headers and scope.
    connection = Request(scope) if scope["type"] == "http" else HTTPConnection(scope)
    return bool(identify(cast(Request, connection)))
