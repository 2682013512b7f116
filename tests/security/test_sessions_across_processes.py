"""Two real server processes on one PostgreSQL: signing out, or changing the password, on
one ends the session on the other too (sessions live in the database, not in a process)."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

from intervoo.config import Settings
from intervoo.security.accounts import create_account
from intervoo.security.passwords import hash_password
from intervoo.security.sessions import SESSION_COOKIE
from intervoo.store import Database
from tests.security.conftest import PASSWORD_A, PASSWORD_B
from tests.security.servers import server_process

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
NEW_PASSWORD = "a brand new password"


def _accounts(settings: Settings) -> None:
    db = Database(settings)
    try:
        db.upgrade()
        create_account(db, "a@example.com", hash_password(PASSWORD_A))
        create_account(db, "b@example.com", hash_password(PASSWORD_B))
    finally:
        db.dispose()


def _sign_in(base: str, email: str, password: str) -> str:
    response = httpx.post(f"{base}/api/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return response.cookies[SESSION_COOKIE]


def _status(base: str, token: str) -> int:
    headers = {"Authorization": f"Bearer {token}"}
    return httpx.get(f"{base}/api/stories", headers=headers, timeout=10).status_code


def _post(base: str, path: str, token: str, body: object | None = None) -> httpx.Response:
    cookies = {SESSION_COOKIE: token}
    with httpx.Client(base_url=base, cookies=cookies, headers={"Origin": base}) as client:
        return client.post(path, json=body)


def test_logout_and_password_change_hold_on_every_process(
    server_settings: Settings, tmp_path: Path
) -> None:
    _accounts(server_settings)
    with ExitStack() as stack:
        first, second = (
            stack.enter_context(server_process(server_settings, tmp_path / f"p{i}.log"))
            for i in (1, 2)
        )
        a_token, a_other = (_sign_in(first, "a@example.com", PASSWORD_A) for _ in range(2))
        b_token = _sign_in(second, "b@example.com", PASSWORD_B)
        assert _status(second, a_token) == 200  # a session from one process works on the other

        assert _post(first, "/api/auth/logout", a_token).status_code == 204
        assert (_status(first, a_token), _status(second, a_token)) == (401, 401)
        assert _status(second, a_other) == 200  # only that session ended

        body = {"current_password": PASSWORD_A, "new_password": NEW_PASSWORD}
        changed = _post(second, "/api/auth/password", a_other, body)
        assert changed.status_code == 200, changed.text
        assert (_status(first, a_other), _status(second, a_other)) == (401, 401)
        renewed = changed.cookies[SESSION_COOKIE]  # the session that changed it goes on
        assert (_status(first, renewed), _status(second, renewed)) == (200, 200)
        assert _status(first, b_token) == 200  # and nobody else was signed out
