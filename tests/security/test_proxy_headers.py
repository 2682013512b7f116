"""`intervoo serve` believes X-Forwarded-* only from INTERVOO_TRUSTED_PROXIES: with none set,
a spoofed X-Forwarded-For cannot dodge the per-address login limit and a spoofed
X-Forwarded-Proto does not turn on HSTS. A real server process on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from intervoo.config import Settings
from intervoo.security.accounts import create_account
from intervoo.security.passwords import hash_password
from intervoo.store import Database
from tests.security.conftest import PASSWORD_A
from tests.security.servers import server_process

pytestmark = pytest.mark.postgres


def _account(settings: Settings) -> None:
    db = Database(settings)
    try:
        db.upgrade()
        create_account(db, "a@example.com", hash_password(PASSWORD_A))
    finally:
        db.dispose()


def test_forwarded_headers_from_an_untrusted_peer_change_nothing(
    server_settings: Settings, tmp_path: Path
) -> None:
    _account(server_settings)
    wrong = {"email": "a@example.com", "password": "not the password"}
    with server_process(server_settings, tmp_path / "server.log") as base:
        with httpx.Client(base_url=base, timeout=30) as client:
            spoofed = client.get("/healthz", headers={"X-Forwarded-Proto": "https"})
            statuses = [
                client.post(
                    "/api/auth/login", json=wrong, headers={"X-Forwarded-For": f"10.0.0.{i}"}
                ).status_code
                for i in range(30)
            ]
    assert "strict-transport-security" not in spoofed.headers
    assert statuses.count(429) >= 5, statuses  # one address (127.0.0.1): 20 tries a window
