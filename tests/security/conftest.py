"""Server-mode fixtures: a PostgreSQL-backed app in server mode with two accounts, A and B."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from intervoo.config import Mode, Settings
from intervoo.web.app import create_app
from tests.support.auth import TEST_SECRET_KEY, add_account, signed_in_client
from tests.support.pg import pg_database, pg_settings  # noqa: F401

PASSWORD_A = "correct horse battery A"
PASSWORD_B = "correct horse battery B"


@dataclass
class TwoUsers:
    app: FastAPI
    a: TestClient
    b: TestClient
    a_id: str
    b_id: str


@pytest.fixture
def server_settings(pg_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:  # noqa: F811
    monkeypatch.setenv("INTERVOO_SECRET_KEY", TEST_SECRET_KEY)
    pg_settings.mode = Mode.SERVER
    return pg_settings


@pytest.fixture
def server_app(server_settings: Settings) -> Iterator[FastAPI]:
    app = create_app(server_settings)
    with TestClient(app):  # runs the lifespan: migrations, hash pool
        yield app


@pytest.fixture
def two_users(server_app: FastAPI) -> Iterator[TwoUsers]:
    a_id = add_account(server_app, "a@example.com", PASSWORD_A)
    b_id = add_account(server_app, "b@example.com", PASSWORD_B)
    with (
        signed_in_client(server_app, "a@example.com", PASSWORD_A) as a,
        signed_in_client(server_app, "b@example.com", PASSWORD_B) as b,
    ):
        yield TwoUsers(server_app, a, b, a_id, b_id)
