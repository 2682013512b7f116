"""Server mode: accounts, sessions, logout, password change, and what the server refuses."""

from __future__ import annotations

import re
import statistics
import time
from datetime import UTC, datetime

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from intervoo.config import Mode, Settings
from intervoo.security import SecurityConfigError
from intervoo.security.sessions import SESSION_COOKIE
from intervoo.store.models import AuthSessionRow
from intervoo.web.app import create_app
from tests.security.conftest import PASSWORD_A, TwoUsers
from tests.support.auth import BASE_URL, TEST_SECRET_KEY, add_account, extra_client

pytestmark = pytest.mark.postgres


def test_server_mode_refuses_to_start_on_sqlite(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INTERVOO_SECRET_KEY", TEST_SECRET_KEY)
    settings.mode = Mode.SERVER
    with pytest.raises(SecurityConfigError, match="needs PostgreSQL"):
        create_app(settings)


def test_server_mode_refuses_to_start_without_a_secret_key(
    server_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INTERVOO_SECRET_KEY", "short")
    with pytest.raises(SecurityConfigError, match="INTERVOO_SECRET_KEY"):
        create_app(server_settings)


def test_login_sets_a_strict_httponly_cookie_and_wrong_passwords_fail(server_app: FastAPI) -> None:
    user_id = add_account(server_app, "Ann@Example.com", PASSWORD_A)
    with extra_client(server_app) as client:
        assert client.get("/api/stories").status_code == 401
        for email, password in (
            ("ann@example.com", "wrong password!"),
            ("nobody@example.com", PASSWORD_A),
            ("not-an-email", "x"),
        ):
            failed = client.post("/api/auth/login", json={"email": email, "password": password})
            assert (
                failed.status_code == 401 and failed.json()["detail"] == "wrong email or password"
            )
        ok = client.post(
            "/api/auth/login", json={"email": " ann@example.COM ", "password": PASSWORD_A}
        )
        assert ok.status_code == 200 and ok.json()["user_id"] == user_id
        cookie = ok.headers["set-cookie"]
        assert cookie.startswith(SESSION_COOKIE + "=")
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
        assert "Secure" not in cookie
        assert client.get("/api/auth/me").json() == {"mode": "server", "user_id": user_id}
        assert client.get("/api/stories").status_code == 200


def test_session_cookies_are_secure_behind_a_trusted_tls_proxy(
    server_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INTERVOO_TRUSTED_PROXIES", '["testclient"]')
    app = create_app(server_settings)
    with TestClient(app, base_url=BASE_URL) as client:
        add_account(app, "ann@example.com", PASSWORD_A)
        body = {"email": "ann@example.com", "password": PASSWORD_A}
        response = client.post("/api/auth/login", json=body, headers={"X-Forwarded-Proto": "https"})
        assert "Secure" in response.headers["set-cookie"]
        assert "strict-transport-security" in response.headers


def test_an_untrusted_peer_cannot_claim_tls(server_app: FastAPI) -> None:
    add_account(server_app, "ann@example.com", PASSWORD_A)
    with extra_client(server_app) as client:
        body = {"email": "ann@example.com", "password": PASSWORD_A}
        response = client.post("/api/auth/login", json=body, headers={"X-Forwarded-Proto": "https"})
        assert response.status_code == 200 and "Secure" not in response.headers["set-cookie"]


def test_logout_ends_the_session_even_for_a_kept_copy_of_the_cookie(two_users: TwoUsers) -> None:
    token = two_users.a.cookies[SESSION_COOKIE]
    assert two_users.a.post("/api/auth/logout").status_code == 204
    assert two_users.a.get("/api/stories").status_code == 401
    with extra_client(two_users.app) as thief:
        thief.cookies.set(SESSION_COOKIE, token)
        assert thief.get("/api/stories").status_code == 401
        assert (
            thief.get("/api/stories", headers={"Authorization": f"Bearer {token}"}).status_code
            == 401
        )
    assert two_users.b.get("/api/stories").status_code == 200


def test_a_password_change_ends_every_other_session(two_users: TwoUsers) -> None:
    old_token = two_users.a.cookies[SESSION_COOKIE]
    wrong = two_users.a.post(
        "/api/auth/password",
        json={"current_password": "nope", "new_password": "a new long password"},
    )
    assert wrong.status_code == 403
    short = two_users.a.post(
        "/api/auth/password", json={"current_password": PASSWORD_A, "new_password": "short"}
    )
    assert short.status_code == 422
    changed = two_users.a.post(
        "/api/auth/password",
        json={"current_password": PASSWORD_A, "new_password": "a new long password"},
    )
    assert changed.status_code == 200
    assert two_users.a.get("/api/stories").status_code == 200  # this session got a new cookie
    bearer = {"Authorization": f"Bearer {old_token}"}
    with extra_client(two_users.app) as other:
        assert other.get("/api/stories", headers=bearer).status_code == 401
        relogin = other.post(
            "/api/auth/login", json={"email": "a@example.com", "password": "a new long password"}
        )
        assert relogin.status_code == 200


def test_forged_and_tampered_tokens_are_refused(two_users: TwoUsers) -> None:
    token = two_users.a.cookies[SESSION_COOKIE]
    payload, signature = token.split(".")
    forged = [payload + "." + signature[:-2] + "AA", "x.y", "", "a" * 2000, token + ".x"]
    with extra_client(two_users.app) as client:
        for bad in forged:
            assert (
                client.get("/api/stories", headers={"Authorization": f"Bearer {bad}"}).status_code
                == 401
            )


def test_a_foreign_origin_cannot_use_a_signed_in_session(two_users: TwoUsers) -> None:
    evil = {"Origin": "https://evil.example"}
    assert two_users.a.post("/api/stories", json={"title": "x"}, headers=evil).status_code == 403
    assert two_users.a.delete("/api/data", headers=evil).status_code == 403
    assert two_users.a.post("/api/auth/logout", headers=evil).status_code == 403


def _login_ms(client: TestClient, email: str, password: str) -> float:
    start = time.perf_counter()
    response = client.post("/api/auth/login", json={"email": email, "password": password})
    assert response.status_code == 401
    return (time.perf_counter() - start) * 1000


def test_a_missing_account_costs_as_much_as_a_wrong_password(server_app: FastAPI) -> None:
    add_account(server_app, "ann@example.com", PASSWORD_A)
    with extra_client(server_app) as client:
        wrong, missing = [], []
        for _ in range(5):  # interleaved, so load on the machine hits both alike
            wrong.append(_login_ms(client, "ann@example.com", "wrong password!"))
            missing.append(_login_ms(client, "nobody@example.com", "wrong password!"))
    # Both pay one argon2id verification (tens of ms); skipping it would be ~50x faster.
    assert statistics.median(missing) > 0.5 * statistics.median(wrong), (missing, wrong)


def test_accounts_outlive_a_new_secret_key_which_signs_everyone_out(
    server_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = create_app(server_settings)
    with TestClient(before, base_url=BASE_URL) as client:
        user_id = add_account(before, "ann@example.com", PASSWORD_A)
        assert re.fullmatch("[0-9a-f]{32}", user_id)
        body = {"email": "ann@example.com", "password": PASSWORD_A}
        old_token = client.post("/api/auth/login", json=body).cookies[SESSION_COOKIE]
    monkeypatch.setenv("INTERVOO_SECRET_KEY", "another-secret-key-" + "9" * 40)
    after = create_app(server_settings)
    with TestClient(after, base_url=BASE_URL) as client:
        bearer = {"Authorization": f"Bearer {old_token}"}
        assert client.get("/api/stories", headers=bearer).status_code == 401
        again = client.post("/api/auth/login", json=body)
        assert again.status_code == 200 and again.json()["user_id"] == user_id


def _session_rows(app: FastAPI, user_id: str) -> list[tuple[bool, bool]]:
    """(revoked, expired) of each of the account's session rows, read as its tenant."""
    now = datetime.now(UTC)
    with app.state.db.session(user_id) as session:
        rows = session.execute(select(AuthSessionRow).order_by(AuthSessionRow.created_at))
        return [(r.revoked_at is not None, r.expires_at < now) for r in rows.scalars()]


def test_sessions_are_rows_revoked_at_logout_and_purged_once_expired(
    two_users: TwoUsers,
) -> None:
    app, a_id = two_users.app, two_users.a_id
    assert _session_rows(app, a_id) == [(False, False)]
    assert two_users.a.post("/api/auth/logout").status_code == 204
    assert _session_rows(app, a_id) == [(True, False)]
    with app.state.db.session(two_users.b_id) as session:
        session.execute(update(AuthSessionRow).values(expires_at=datetime(2020, 1, 1, tzinfo=UTC)))
    assert two_users.b.get("/api/stories").status_code == 401  # B's session expired
    with extra_client(app) as client:
        body = {"email": "a@example.com", "password": PASSWORD_A}
        assert client.post("/api/auth/login", json=body).status_code == 200
    assert _session_rows(app, two_users.b_id) == []  # expired rows of anyone go at a sign-in
    assert _session_rows(app, a_id) == [(True, False), (False, False)]


def test_the_servers_llm_endpoint_and_key_stay_with_its_operator(two_users: TwoUsers) -> None:
    shown = two_users.a.get("/api/settings")
    assert shown.status_code == 200
    assert set(shown.json()) == {"llm_provider", "llm_model", "stt_engine", "stt_model"}
    refused = two_users.a.post("/api/settings/llm/test", headers={"Origin": BASE_URL})
    assert refused.status_code == 403
    assert "operator" in refused.json()["detail"]
