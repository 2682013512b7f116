"""Server mode on PostgreSQL: a lone surrogate or NUL in the login or password-change body is
one clear 400 (it was a 500 from the password hasher or the database)."""

from __future__ import annotations

import pytest
from fastapi import FastAPI

from intervoo.security.text import NOT_TEXT_MESSAGE
from tests.security.conftest import PASSWORD_A, TwoUsers
from tests.support.auth import add_account, extra_client

pytestmark = pytest.mark.postgres
JSON = {"content-type": "application/json"}


@pytest.mark.parametrize("bad", ["\\ud800", "\\udfff", "\\u0000"])
def test_login_with_non_text_is_a_clear_400(server_app: FastAPI, bad: str) -> None:
    add_account(server_app, "ann@example.com", PASSWORD_A)
    with extra_client(server_app) as client:
        for body in (
            f'{{"email": "ann@example.com", "password": "pw{bad}pw"}}',
            f'{{"email": "ann{bad}@example.com", "password": "{PASSWORD_A}"}}',
        ):
            refused = client.post("/api/auth/login", content=body, headers=JSON)
            assert refused.status_code == 400, refused.text
            assert refused.json() == {"detail": NOT_TEXT_MESSAGE}
        body = f'{{"email": "ann@example.com", "password": "{PASSWORD_A}"}}'
        assert client.post("/api/auth/login", content=body, headers=JSON).status_code == 200


def test_a_password_change_to_non_text_is_a_clear_400(two_users: TwoUsers) -> None:
    body = f'{{"current_password": "{PASSWORD_A}", "new_password": "new\\ud800password!!"}}'
    refused = two_users.a.post("/api/auth/password", content=body, headers=JSON)
    assert refused.status_code == 400 and refused.json() == {"detail": NOT_TEXT_MESSAGE}
