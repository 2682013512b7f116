"""`intervoo user add` and `intervoo user passwd` against a real PostgreSQL, as an operator runs
them: no secret key needed, and a new password signs the account out everywhere."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
from pydantic import SecretStr
from typer.testing import CliRunner

from intervoo.cli import app
from intervoo.config import Settings
from intervoo.security.accounts import find_login
from intervoo.security.passwords import verify_password
from intervoo.security.session_store import open_session, session_is_live
from intervoo.security.sessions import SessionSigner
from intervoo.store import Database

pytestmark = pytest.mark.postgres
runner = CliRunner()
FIRST, SECOND = "first long password", "second long password"


@pytest.fixture
def db(pg_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    monkeypatch.setenv("INTERVOO_DATABASE_URL", str(pg_settings.database_url))
    monkeypatch.setenv("INTERVOO_DATABASE_ADMIN_URL", str(pg_settings.database_admin_url))
    database = Database(pg_settings)
    try:
        yield database
    finally:
        database.dispose()


def _hash_of(db: Database, email: str) -> str:
    account = find_login(db, email)
    assert account is not None
    return account.password_hash


def test_user_add_creates_an_account_with_a_random_id(db: Database) -> None:
    added = runner.invoke(app, ["user", "add", "Ann@Example.com", "--password-stdin"], FIRST)
    assert added.exit_code == 0, added.output
    assert re.search(r"created account ann@example\.com \(id [0-9a-f]{32}\)", added.output)
    assert verify_password(_hash_of(db, "ann@example.com"), FIRST)
    again = runner.invoke(app, ["user", "add", "ann@example.com", "--password-stdin"], FIRST)
    assert again.exit_code == 1 and "already exists" in again.output


def test_user_passwd_sets_the_password_and_ends_every_session(db: Database) -> None:
    runner.invoke(app, ["user", "add", "ann@example.com", "--password-stdin"], FIRST)
    account = find_login(db, "ann@example.com")
    assert account is not None
    signer = SessionSigner(SecretStr("k" * 48), ttl_s=3600)
    token = open_session(db, signer, account.user_id, time.time())
    claims = signer.verify(token, time.time())
    assert claims is not None and session_is_live(db, claims, time.time())

    changed = runner.invoke(app, ["user", "passwd", "ANN@example.com", "--password-stdin"], SECOND)
    assert changed.exit_code == 0, changed.output
    assert "password changed for ann@example.com; 1 session(s) signed out" in changed.output
    assert verify_password(_hash_of(db, "ann@example.com"), SECOND)
    assert not session_is_live(db, claims, time.time())


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("nobody@example.com", SECOND, "there is no account with that email"),
        ("ann@example.com", "short", "a password needs at least 10 characters"),
        ("not an email", SECOND, "enter an email address"),
    ],
)
def test_user_passwd_refuses_with_one_clear_line(
    db: Database, email: str, password: str, message: str
) -> None:
    runner.invoke(app, ["user", "add", "ann@example.com", "--password-stdin"], FIRST)
    refused = runner.invoke(app, ["user", "passwd", email, "--password-stdin"], password)
    assert refused.exit_code == 1 and f"error: {message}" in refused.output
    assert verify_password(_hash_of(db, "ann@example.com"), FIRST)
