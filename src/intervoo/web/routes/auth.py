"""`/api/auth`: sign in, sign out, change password, and who am I.

Server mode only, apart from `me`. Login is rate limited per client address and
per account before any password is hashed, so a flood of attempts is refused
cheaply and never takes the CPU other users' requests need. A wrong email costs
the same argon2 verification as a wrong password, so timing does not tell which.
Sessions live in the database: logout and password changes hold on every process.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from typing import Any, cast

from fastapi import APIRouter, HTTPException, Request, Response, status
from pydantic import BaseModel, Field

from intervoo.security import Guard, principal_of
from intervoo.security.accounts import (
    AccountError,
    find_login,
    load_account,
    normalize_email,
    set_password_hash,
)
from intervoo.security.middleware import is_https
from intervoo.security.passwords import MAX_PASSWORD_CHARS, PasswordPolicyError
from intervoo.security.session_store import open_session, revoke_session
from intervoo.security.sessions import SESSION_COOKIE
from intervoo.web.deps import get_db

router = APIRouter(prefix="/api/auth", tags=["auth"])
log = logging.getLogger(__name__)

WRONG_LOGIN = "wrong email or password"


class Login(BaseModel):
    email: str = Field(min_length=3, max_length=320)
    password: str = Field(min_length=1, max_length=MAX_PASSWORD_CHARS)


class PasswordChange(BaseModel):
    current_password: str = Field(min_length=1, max_length=MAX_PASSWORD_CHARS)
    new_password: str = Field(min_length=1, max_length=MAX_PASSWORD_CHARS)


def _guard(request: Request) -> Guard:
    return cast(Guard, request.app.state.security)


def _server_guard(request: Request) -> Guard:
    guard = _guard(request)
    if not guard.server_mode or guard.hash_pool is None or guard.signer is None:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, "a local install has no accounts: it uses its API token"
        )
    return guard


def _too_many(wait_s: float) -> HTTPException:
    return HTTPException(
        status.HTTP_429_TOO_MANY_REQUESTS,
        "too many sign-in attempts; try again later",
        headers={"Retry-After": str(max(1, math.ceil(wait_s)))},
    )


@router.post("/login")
async def login(body: Login, request: Request, response: Response) -> dict[str, Any]:
    """Sign in with email and password; sets an HttpOnly session cookie."""
    guard = _server_guard(request)
    assert guard.hash_pool is not None
    try:
        email = normalize_email(body.email)
    except AccountError:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, WRONG_LOGIN) from None
    client = str(request.scope.get("intervoo.client") or "unknown")
    # Failures are counted per email, whether or not it has an account; with Redis, across
    # every instance (`intervoo.security.limits`).
    limits = guard.limits
    wait = max(
        await limits.login_by_ip.take(client), await limits.login_failures.retry_after(email)
    )
    if wait > 0:
        log.info("login rate limited")
        raise _too_many(wait)
    db = get_db(request)
    account = await asyncio.to_thread(find_login, db, email)
    password_hash = account.password_hash if account else None
    if not await guard.hash_pool.verify(password_hash, body.password) or account is None:
        await limits.login_failures.hit(email)
        log.info("login failed user=%s", account.user_id if account else "(no account)")
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, WRONG_LOGIN)
    await limits.login_failures.reset(email)
    await _start_session(request, response, guard, account.user_id)
    log.info("login user=%s", account.user_id)
    return {"user_id": account.user_id, "email": account.email}


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(request: Request, response: Response) -> None:
    """End this session (its cookie is cleared and its token refused from now on)."""
    principal = principal_of(request)
    if principal is not None and principal.session_id is not None:
        revoke_session(get_db(request), principal.user_id, principal.session_id, time.time())
        log.info("logout user=%s", principal.user_id)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")


@router.post("/password")
async def change_password(
    body: PasswordChange, request: Request, response: Response
) -> dict[str, str]:
    """Change your password; every other session of yours ends (this one gets a new cookie)."""
    guard = _server_guard(request)
    assert guard.hash_pool is not None
    principal = principal_of(request)
    if principal is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "sign in first")
    db = get_db(request)
    account = await asyncio.to_thread(load_account, db, principal.user_id)
    if account is None or not await guard.hash_pool.verify(
        account.password_hash, body.current_password
    ):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "the current password is wrong")
    try:
        new_hash = await guard.hash_pool.hash(body.new_password)
    except PasswordPolicyError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from None
    try:
        await asyncio.to_thread(set_password_hash, db, principal.user_id, new_hash, time.time())
    except AccountError:  # the account was deleted while this request ran
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "sign in first") from None
    await _start_session(request, response, guard, principal.user_id)
    return {"status": "changed"}


@router.get("/me")
def me(request: Request) -> dict[str, Any]:
    """Who this request is signed in as, and the server's mode."""
    guard = _guard(request)
    principal = principal_of(request)
    if principal is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, "sign in first", headers={"WWW-Authenticate": "Bearer"}
        )
    return {"mode": guard.settings.mode.value, "user_id": principal.user_id}


async def _start_session(request: Request, response: Response, guard: Guard, user_id: str) -> None:
    assert guard.signer is not None
    token = await asyncio.to_thread(
        open_session, get_db(request), guard.signer, user_id, time.time()
    )
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=guard.signer.ttl_s,
        path="/",
        httponly=True,
        samesite="strict",
        secure=is_https(request.scope, request.headers, guard),
    )
