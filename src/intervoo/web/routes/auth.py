"""`/api/auth`: sign in, sign out, change password, and who am I.

Server mode only, apart from `me`. Login is rate limited per client address and
per account before any password is hashed, so a flood of attempts is refused
cheaply and never takes the CPU other users' requests need.
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
from intervoo.security.accounts import AccountError, load_account, set_password_hash
from intervoo.security.middleware import is_https
from intervoo.security.passwords import MAX_PASSWORD_CHARS, PasswordPolicyError
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
    assert guard.account_ids is not None and guard.hash_pool is not None
    try:
        user_id = guard.account_ids.for_email(body.email)
    except AccountError:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, WRONG_LOGIN) from None
    client = str(request.scope.get("intervoo.client") or "unknown")
    wait = max(guard.login_by_ip.take(client), guard.login_failures.retry_after(user_id))
    if wait > 0:
        log.info("login rate limited user=%s", user_id)
        raise _too_many(wait)
    account = await asyncio.to_thread(load_account, get_db(request), user_id)
    password_hash = account.password_hash if account else None
    if not await guard.hash_pool.verify(password_hash, body.password) or account is None:
        guard.login_failures.hit(user_id)
        log.info("login failed user=%s", user_id)
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, WRONG_LOGIN)
    guard.login_failures.reset(user_id)
    _set_session(request, response, guard, user_id, account.password_hash or "")
    log.info("login user=%s", user_id)
    return {"user_id": user_id, "email": account.email}


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(request: Request, response: Response) -> None:
    """End this session (its cookie is cleared and its token refused from now on)."""
    guard = _guard(request)
    principal = principal_of(request)
    if principal is not None and principal.session_id is not None:
        guard.revoke(principal.session_id)
        log.info("logout user=%s", principal.user_id)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")


@router.post("/password")
async def change_password(
    body: PasswordChange, request: Request, response: Response
) -> dict[str, str]:
    """Change your password; every other session of yours ends."""
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
    await asyncio.to_thread(set_password_hash, db, principal.user_id, new_hash)
    _set_session(request, response, guard, principal.user_id, new_hash)
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


def _set_session(
    request: Request, response: Response, guard: Guard, user_id: str, password_hash: str
) -> None:
    assert guard.signer is not None
    token, _claims = guard.signer.issue(user_id, password_hash, time.time())
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=guard.signer.ttl_s,
        path="/",
        httponly=True,
        samesite="strict",
        secure=is_https(request.scope, request.headers, guard),
    )
