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
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request

from intervoo.config import Mode, Settings
from intervoo.security.config import SecurityConfigError, SecuritySettings, check_server_settings
from intervoo.security.guard import PRINCIPAL_KEY, Guard, Identify, Principal
from intervoo.security.limits import LiveSessionLimit, LLMSpendMeter, MeteredLedgerRegistry
from intervoo.security.middleware import SecurityMiddleware
from intervoo.security.origin import OriginPolicy
from intervoo.security.passwords import HashPool
from intervoo.security.ratelimit import SlidingWindowLimiter
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
        live_limit=LiveSessionLimit(security.live_sessions_per_user),
        llm_meter=LLMSpendMeter(security.llm_chars_per_user_per_day),
        login_by_ip=SlidingWindowLimiter(security.login_attempts_per_ip, security.login_window_s),
        login_failures=SlidingWindowLimiter(
            security.login_failures_per_account, security.login_window_s
        ),
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
        app.state.live_ledgers = MeteredLedgerRegistry(guard.llm_meter)
    app.add_middleware(SecurityMiddleware, guard=guard)
    _wrap_lifespan(app, guard)
    return guard


def _wrap_lifespan(app: FastAPI, guard: Guard) -> None:
    original = app.router.lifespan_context

    @asynccontextmanager
    async def secured(app_: FastAPI) -> AsyncIterator[Any]:
        async with original(app_) as state:
            await asyncio.to_thread(fill_llm_key_from_keyring, guard.settings)
            if guard.server_mode:
                guard.hash_pool = HashPool(guard.security.password_hash_workers)
            else:
                data_dir = guard.settings.data_dir
                guard.local_token = await asyncio.to_thread(load_or_create_token, data_dir)
                app_.state.identify = authenticated_only(app_.state.identify)
            masking = _mask_secrets_in_logs(guard)
            try:
                yield state
            finally:
                for handler in logging.getLogger().handlers:
                    handler.removeFilter(masking)
                if guard.hash_pool is not None:
                    guard.hash_pool.close()
                    guard.hash_pool = None

    app.router.lifespan_context = secured


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
