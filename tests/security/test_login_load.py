"""Load: 200 logins per second from one client are rate limited while another user's
requests keep being served. A real server process on 127.0.0.1, the flood from another
process; bounded: 300 attempts in 1.5 s.

Behaviour only: how much the flood slows the other user is a timing, measured side by
side by `bench/login_flood.py`, not asserted here (a busy machine broke a p95 bound)."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import httpx
import pytest

from intervoo.config import Settings
from intervoo.security.accounts import create_account
from intervoo.security.passwords import hash_password
from intervoo.store import Database
from tests.security.conftest import PASSWORD_A, PASSWORD_B
from tests.security.servers import server_process

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

RATE_PER_S = 200
FLOOD_S = 1.5
FLOOD_SCRIPT = Path(__file__).with_name("login_flood.py")


def _accounts(settings: Settings) -> None:
    db = Database(settings)
    try:
        db.upgrade()
        create_account(db, "a@example.com", hash_password(PASSWORD_A))
        create_account(db, "b@example.com", hash_password(PASSWORD_B))
    finally:
        db.dispose()


async def _gets(client: httpx.AsyncClient, count: int) -> list[int]:
    """`count` of B's requests, paced 30 ms apart; each must be served."""
    statuses = []
    for _ in range(count):
        statuses.append((await client.get("/api/stories")).status_code)
        await asyncio.sleep(0.03)
    return statuses


async def test_a_login_flood_is_refused_while_other_users_are_served(
    server_settings: Settings, tmp_path: Path
) -> None:
    _accounts(server_settings)
    with server_process(server_settings, tmp_path / "server.log") as base:
        async with httpx.AsyncClient(base_url=base, timeout=30) as b:
            body = {"email": "b@example.com", "password": PASSWORD_B}
            assert (await b.post("/api/auth/login", json=body)).status_code == 200
            baseline = await _gets(b, 30)
            flood = await asyncio.create_subprocess_exec(
                sys.executable,
                str(FLOOD_SCRIPT),
                base,
                str(RATE_PER_S),
                str(FLOOD_S),
                stdout=asyncio.subprocess.PIPE,
            )
            assert flood.stdout is not None
            assert await flood.stdout.readline() == b"started\n"
            during = await _gets(b, 30)  # ~1.2 s, inside the 1.5 s flood
            output, _ = await flood.communicate()
    counts = {int(code): n for code, n in json.loads(output).items()}
    assert sum(counts.values()) == RATE_PER_S * FLOOD_S
    assert set(counts) <= {401, 429}, counts
    assert counts.get(429, 0) >= sum(counts.values()) - 20, counts  # 20 per address per window
    assert baseline == during == [200] * 30  # B is served all through the flood
