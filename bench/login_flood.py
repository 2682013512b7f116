"""A login flood (200 wrong-password logins a second from one client, 1.5 s) against a real
server-mode `intervoo serve` on PostgreSQL: how much slower another signed-in user's
requests get. Quiet and flooded are measured in the same run, side by side.

Target (moved here from tests/security/test_login_load.py, issue 18 item 10): the other
user's p95 during the flood within max(3x quiet p95, quiet p95 + 150 ms). Needs PostgreSQL
(INTERVOO_TEST_POSTGRES_URL or postgres@127.0.0.1:5432); prints one JSON object.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from intervoo.config import Mode  # noqa: E402
from intervoo.security.accounts import create_account  # noqa: E402
from intervoo.security.passwords import hash_password  # noqa: E402
from intervoo.store import Database  # noqa: E402
from tests.security.servers import server_process  # noqa: E402
from tests.support.auth import TEST_SECRET_KEY  # noqa: E402
from tests.support.pg import fresh_pg_database  # noqa: E402

RATE_PER_S, FLOOD_S, SAMPLES = 200, 1.5, 30
PASSWORD = "correct horse battery staple"
FLOOD_SCRIPT = ROOT / "tests" / "security" / "login_flood.py"


async def timed_gets(client: httpx.AsyncClient) -> list[float]:
    times = []
    for _ in range(SAMPLES):
        start = time.perf_counter()
        (await client.get("/api/stories")).raise_for_status()
        times.append((time.perf_counter() - start) * 1000)
        await asyncio.sleep(0.03)
    return times


def p95(values: list[float]) -> float:
    return round(statistics.quantiles(values, n=20)[-1], 1)


async def measure(base: str) -> dict[str, object]:
    async with httpx.AsyncClient(base_url=base, timeout=30) as b:
        body = {"email": "b@example.com", "password": PASSWORD}
        (await b.post("/api/auth/login", json=body)).raise_for_status()
        quiet = await timed_gets(b)
        flood = await asyncio.create_subprocess_exec(
            sys.executable,
            str(FLOOD_SCRIPT),
            base,
            str(RATE_PER_S),
            str(FLOOD_S),
            stdout=asyncio.subprocess.PIPE,
        )
        assert flood.stdout is not None
        await flood.stdout.readline()
        during = await timed_gets(b)
        output, _ = await flood.communicate()
    bound = max(3 * p95(quiet), p95(quiet) + 150)
    return {
        "other_user_p95_quiet_ms": p95(quiet),
        "other_user_p95_flooded_ms": p95(during),
        "bound_ms": round(bound, 1),
        "within_bound": p95(during) < bound,
        "flood_statuses": json.loads(output),
    }


def main() -> None:
    os.environ["INTERVOO_SECRET_KEY"] = TEST_SECRET_KEY
    with fresh_pg_database() as pg, tempfile.TemporaryDirectory() as tmp:
        settings = pg.settings(Path(tmp) / "data")
        settings.mode = Mode.SERVER
        db = Database(settings)
        try:
            db.upgrade()
            create_account(db, "a@example.com", hash_password(PASSWORD))
            create_account(db, "b@example.com", hash_password(PASSWORD))
        finally:
            db.dispose()
        with server_process(settings, Path(tmp) / "server.log") as base:
            result = asyncio.run(measure(base))
    print(json.dumps(result))  # noqa: T201


if __name__ == "__main__":
    main()
