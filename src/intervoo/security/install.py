"""`install_security(app, settings)`, called once by the app factory. It adds the
security middleware (Host allow-list, Origin/CSRF checks, the local token or
server sessions, size limits, security headers), replaces the identity seam
(`app.state.identify`) so only authenticated requests have a user, and in
server mode refuses SQLite and meters per-user live sessions and LLM spend.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request

from intervoo.config import Mode, Settings
from intervoo.security.config import SecurityConfigError, SecuritySettings, check_server_settings
from intervoo.security.guard import PRINCIPAL_KEY, Guard, Identify, Principal
from intervoo.security.instances import running_instance
from intervoo.security.limits_home import open_limits
from intervoo.security.middleware import SecurityMiddleware
from intervoo.security.origin import OriginPolicy
from intervoo.security.passwords import HashPool
from intervoo.security.secrets import (
    SecretMaskingFilter,
    fill_llm_key_from_keyring,
    resolve_secret,
)
from intervoo.security.sessions import SessionSigner
from intervoo.security.token import load_or_create_token

__all__ = [
    "Guard",
    "Principal",
    "SecurityConfigError",
    "SecuritySettings",
    "install_security",
    "principal_of",
]


def principal_of(request: Request) -> Principal | None:
    """Who the security middleware authenticated this request as (None: nobody)."""
    principal = request.scope.get(PRINCIPAL_KEY)
    return principal if isinstance(principal, Principal) else None


def session_identity(request: Request) -> str | None:
    """Server mode's identity seam: the signed-in account, or nobody."""
    principal = principal_of(request)
    return principal.user_id if principal else None


def authenticated_only(inner: Identify) -> Identify:
    """A local install's identity seam: the local user, but only for requests with the token."""

    def identify(request: Request) -> str | None:
        return inner(request) if principal_of(request) is not None else None

    return identify


def build_guard(app: FastAPI, settings: Settings, security: SecuritySettings) -> Guard:
    guard = Guard(
        app=app,
        settings=settings,
        security=security,
        policy=OriginPolicy.build(settings.host, security.allowed_hosts, security.allowed_origins),
        limits=open_limits(settings, security),
    )
    if security.secret_key is not None:
        guard.signer = SessionSigner(security.secret_key, security.session_ttl_s)
    return guard


def install_security(
    app: FastAPI, settings: Settings, security: SecuritySettings | None = None
) -> Guard:
    """Secure `app`; raises SecurityConfigError for a server that must not start."""
    security = security or SecuritySettings()
    if settings.mode is Mode.SERVER:
        security.secret_key = resolve_secret("secret_key", security.secret_key)
    check_server_settings(settings, security)
    guard = build_guard(app, settings, security)
    app.state.security = guard
    if guard.server_mode:
        app.state.identify = session_identity
    app.add_middleware(SecurityMiddleware, guard=guard)
    _wrap_lifespan(app, guard)
    return guard


def _wrap_lifespan(app: FastAPI, guard: Guard) -> None:
    original = app.router.lifespan_context

    @asynccontextmanager
    async def secured(app_: FastAPI) -> AsyncIterator[Any]:
        async with AsyncExitStack() as stack:
            await guard.limits.start()  # Redis first: a server refuses to start half-limited
            stack.push_async_callback(guard.limits.stop)
            state = await stack.enter_async_context(original(app_))
            await asyncio.to_thread(fill_llm_key_from_keyring, guard.settings)
            if guard.server_mode:
                await stack.enter_async_context(_server_instance(app_, guard))
            else:
                data_dir = guard.settings.data_dir
                guard.local_token = await asyncio.to_thread(load_or_create_token, data_dir)
                app_.state.identify = authenticated_only(app_.state.identify)
            stack.callback(_unmask, _mask_secrets_in_logs(guard))
            yield state

    app.router.lifespan_context = secured


@asynccontextmanager
async def _server_instance(app: FastAPI, guard: Guard) -> AsyncIterator[None]:
    """Recorded among the instances (same secret key as theirs), with a password hash pool."""
    assert guard.security.secret_key is not None  # check_server_settings made sure
    key = guard.security.secret_key.get_secret_value()
    shared = guard.limits.redis is not None
    async with running_instance(app.state.db, key, shared_limits=shared):
        guard.hash_pool = HashPool(guard.security.password_hash_workers)
        try:
            yield
        finally:
            guard.hash_pool.close()
            guard.hash_pool = None


def _unmask(masking: SecretMaskingFilter) -> None:
    for handler in logging.getLogger().handlers:
        handler.removeFilter(masking)


def _mask_secrets_in_logs(guard: Guard) -> SecretMaskingFilter:
    """Every handler of the root logger masks this app's secrets (and bearer-shaped text)."""
    masking = SecretMaskingFilter()
    for secret in (guard.settings.llm_api_key, guard.security.secret_key):
        if secret is not None:
            masking.add(secret.get_secret_value())
    if guard.local_token:
        masking.add(guard.local_token)
    for handler in logging.getLogger().handlers:
        handler.addFilter(masking)
    return masking
