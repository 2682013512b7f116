"""Authenticated clients for tests of a secured app.

Every `/api/*` and `/ws/*` request of a local install needs the install's token
(`Authorization: Bearer …`, or the cookie the UI gets from `/`). Use:

    from tests.support.auth import auth_headers, authenticated_client

    with authenticated_client(create_app(settings)) as client:   # a TestClient
        client.get("/api/stories")

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://127.0.0.1",
                                 headers=auth_headers(settings)) as client: ...

    websockets.connect(url, additional_headers=auth_headers(settings))

`auth_headers(settings)` reads (or creates) the same token file the app uses,
so it works before or after the app starts, in this process or another.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import FastAPI
from fastapi.testclient import TestClient

from intervoo.config import Settings
from intervoo.security.token import load_or_create_token

# TestClient's default base URL host ("testserver") is not a host the app answers.
BASE_URL = "http://127.0.0.1"


def auth_headers(settings: Settings) -> dict[str, str]:
    """The bearer header of the local install whose data dir `settings` names."""
    return {"Authorization": f"Bearer {load_or_create_token(settings.data_dir)}"}


@contextmanager
def authenticated_client(app: FastAPI, **kwargs: object) -> Iterator[TestClient]:
    """A started TestClient of `app` that sends the local install's token."""
    settings: Settings = app.state.settings
    with TestClient(app, base_url=BASE_URL, **kwargs) as client:  # type: ignore[arg-type]
        client.headers.update(auth_headers(settings))
        yield client


# Server mode (INTERVOO_MODE=server on PostgreSQL): accounts and signed-in clients.
TEST_SECRET_KEY = "intervoo-test-only-secret-key-0123456789abcdef"


def add_account(app: FastAPI, email: str, password: str) -> str:
    """Create a server-mode account in the started `app`; returns its user id."""
    from intervoo.security.accounts import create_account
    from intervoo.security.passwords import hash_password

    return create_account(app.state.db, email, hash_password(password)).user_id


@contextmanager
def signed_in_client(app: FastAPI, email: str, password: str) -> Iterator[TestClient]:
    """A client of the already started server `app` (another TestClient runs its lifespan),
    signed in as `email`, with its own cookie jar."""
    client = TestClient(app, base_url=BASE_URL)
    try:
        response = client.post("/api/auth/login", json={"email": email, "password": password})
        assert response.status_code == 200, response.text
        # Requests that change state come from the app's own page, as a browser's would.
        client.headers["Origin"] = BASE_URL
        yield client
    finally:
        client.close()


@contextmanager
def extra_client(app: FastAPI) -> Iterator[TestClient]:
    """One more client of an already started `app` (no second lifespan), closed after."""
    client = TestClient(app, base_url=BASE_URL)
    try:
        yield client
    finally:
        client.close()
