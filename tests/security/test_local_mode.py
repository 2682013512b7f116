"""A local install: only its own page and token holders get in; other web pages are refused."""

from __future__ import annotations

import stat
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from intervoo.config import Settings
from intervoo.security.headers import CONTENT_SECURITY_POLICY
from intervoo.security.token import token_path
from intervoo.web.app import create_app
from tests.support.auth import BASE_URL, auth_headers, authenticated_client

STORY = {"title": "Cut deploy time", "situation": "s", "task": "t", "action": "a", "result": "r"}
SAME_ORIGIN = {"Origin": "http://127.0.0.1"}


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings), base_url=BASE_URL) as test_client:
        yield test_client


def test_api_without_the_token_is_refused(client: TestClient, settings: Settings) -> None:
    for method, path in (
        ("GET", "/api/stories"),
        ("GET", "/api/data/export"),
        ("POST", "/api/stories"),
        ("GET", "/openapi.json"),
    ):
        response = client.request(method, path, json=STORY)
        assert response.status_code == 401, (method, path)
        assert response.headers["www-authenticate"] == "Bearer"
    wrong = client.get("/api/stories", headers={"Authorization": "Bearer nope-" + "x" * 40})
    assert wrong.status_code == 401
    assert client.get("/api/stories", headers=auth_headers(settings)).status_code == 200


def test_the_app_page_carries_the_token_and_no_cookie_does(
    client: TestClient, settings: Settings
) -> None:
    """Cookies ignore ports: a 127.0.0.1 cookie would reach every other local server. The
    page carries the token in its HTML (unreadable to other origins) and sends it as a header."""
    page = client.get("/")
    assert page.status_code == 200 and "set-cookie" not in page.headers
    assert page.headers["cache-control"] == "no-store"
    token = token_path(settings.data_dir).read_text(encoding="ascii").strip()
    assert f'<meta name="intervoo-token" content="{token}">' in page.text
    assert client.get("/api/stories").status_code == 401
    stale = {"Cookie": f"intervoo_token={token}"}  # what an older version set
    assert client.get("/api/stories", headers=stale).status_code == 401
    bearer = {"Authorization": f"Bearer {token}", **SAME_ORIGIN}
    assert client.post("/api/stories", json=STORY, headers=bearer).status_code == 201


def test_a_foreign_origin_is_refused_even_with_the_token(
    client: TestClient, settings: Settings
) -> None:
    headers = {**auth_headers(settings), "Origin": "https://evil.example"}
    assert client.post("/api/stories", json=STORY, headers=headers).status_code == 403
    # A CLI client sends no Origin at all: the bearer token is enough.
    assert (
        client.post("/api/stories", json=STORY, headers=auth_headers(settings)).status_code == 201
    )


@pytest.mark.parametrize(
    "host",
    ["evil.example", "evil.example:8765", "127.0.0.1.nip.io", "", "localhost@evil.example", "[::1"],
)
def test_a_foreign_host_is_refused_everywhere(
    client: TestClient, settings: Settings, host: str
) -> None:
    """DNS rebinding: a page whose name resolves to 127.0.0.1 still sends its own Host."""
    for path in ("/", "/healthz", "/api/stories"):
        response = client.get(path, headers={**auth_headers(settings), "Host": host})
        assert response.status_code == 400, (host, path)
        assert "set-cookie" not in response.headers


@pytest.mark.parametrize("host", ["127.0.0.1:8765", "localhost", "LOCALHOST:1", "[::1]:8765"])
def test_loopback_hosts_are_answered(client: TestClient, host: str) -> None:
    assert client.get("/healthz", headers={"Host": host}).status_code == 200


def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    for path in ("/", "/healthz", "/static/app.js", "/api/stories", "/nope"):
        headers = client.get(path).headers
        assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY, path
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert "'unsafe-inline'" not in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
    assert client.get("/api/stories").headers["cache-control"] == "no-store"


def test_no_cors_by_default(client: TestClient, settings: Settings) -> None:
    preflight = client.options(
        "/api/stories",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in preflight.headers
    answer = client.get(
        "/api/stories", headers={**auth_headers(settings), "Origin": "https://evil.example"}
    )
    assert "access-control-allow-origin" not in answer.headers


def test_oversized_bodies_are_refused(client: TestClient, settings: Settings) -> None:
    big = b"{" + b" " * (2 * 1024 * 1024) + b"}"
    headers = {**auth_headers(settings), "Content-Type": "application/json"}
    declared = client.post("/api/stories", content=big, headers=headers)
    assert declared.status_code == 413

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted while it arrives
        for _ in range(40):
            yield b" " * 65536

    streamed = client.post("/api/stories", content=chunks(), headers=headers)
    assert streamed.status_code == 413


def test_the_token_file_is_private_and_stable(settings: Settings) -> None:
    with authenticated_client(create_app(settings)) as client:
        assert client.get("/api/stories").status_code == 200
    path = token_path(settings.data_dir)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    first = auth_headers(settings)
    with authenticated_client(create_app(settings)) as client:
        assert client.get("/api/stories").status_code == 200
    assert auth_headers(settings) == first


def test_nul_characters_are_refused_before_they_reach_the_database(
    client: TestClient, settings: Settings
) -> None:
    headers = auth_headers(settings)
    assert client.get("/api/stories/a%00b", headers=headers).status_code == 400
    assert client.get("/api/stories?status=%00", headers=headers).status_code == 400
    nul_story = {**STORY, "title": "bad\u0000title"}
    refused = client.post("/api/stories", json=nul_story, headers=headers)
    assert refused.status_code == 400 and "NUL" in refused.json()["detail"]
    assert client.get("/api/stories", headers=headers).json() == []
