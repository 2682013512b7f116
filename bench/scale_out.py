"""Scale-out of the text-only live path: 1, 2 and 4 server-mode instances on one PostgreSQL
and one Redis, on this machine, each client's socket on instance (client % N) as a load
balancer would spread them. Every client signs in, opens /ws/live, and asks ROUNDS
questions one after another (the offline composer answers: no LLM time is measured).
Prints throughput (answers/s) and ask -> suggestion.done p50/p95 per instance count, the
machine's cores and load, and what stops scaling first. Needs PostgreSQL and Redis
(as the tests find them); skips with a reason otherwise.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from uuid import uuid4

import httpx
import websockets

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from intervoo.config import Mode  # noqa: E402
from intervoo.security.accounts import create_account  # noqa: E402
from intervoo.security.passwords import hash_password  # noqa: E402
from intervoo.security.sessions import SESSION_COOKIE  # noqa: E402
from intervoo.store import Database  # noqa: E402
from intervoo.store.models import new_id  # noqa: E402
from intervoo.stories.repo import StoryRepo  # noqa: E402
from tests.copilot.candidate import STORIES  # noqa: E402
from tests.security.servers import server_process  # noqa: E402
from tests.support import pg  # noqa: E402
from tests.support import redis as test_redis  # noqa: E402

INSTANCES, CLIENTS, ROUNDS = (1, 2, 4), 6, 5
PASSWORD = "correct horse battery staple"
QUESTION = "Tell me about a time you handled a production outage under pressure."


def _accounts(db: Database) -> list[str]:
    emails = []
    for i in range(CLIENTS):
        email = f"c{i}@example.com"
        user_id = create_account(db, email, hash_password(PASSWORD)).user_id
        with db.session(user_id) as session:
            for story in STORIES:
                StoryRepo(session, user_id).add(story.model_copy(update={"id": new_id()}))
        emails.append(email)
    return emails


async def _client(base: str, email: str) -> list[float]:
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        login = await http.post("/api/auth/login", json={"email": email, "password": PASSWORD})
        token = login.raise_for_status().cookies[SESSION_COOKIE]
    url = base.replace("http://", "ws://") + "/ws/live"
    times = []
    async with websockets.connect(
        url, additional_headers={"Cookie": f"{SESSION_COOKIE}={token}"}
    ) as ws:
        await ws.send(json.dumps({"type": "start"}))
        # Session start (reading and embedding the candidate's material) is not the live path.
        while json.loads(await ws.recv()).get("state") != "started":
            pass
        for _ in range(ROUNDS):
            start = time.perf_counter()
            await ws.send(json.dumps({"type": "ask", "text": QUESTION}))
            while json.loads(await ws.recv())["type"] != "suggestion.done":
                pass
            times.append((time.perf_counter() - start) * 1000)
    return times


async def _load(bases: list[str], emails: list[str]) -> dict[str, object]:
    start = time.perf_counter()
    per_client = await asyncio.gather(
        *(_client(bases[i % len(bases)], email) for i, email in enumerate(emails)),
        return_exceptions=True,
    )
    wall = time.perf_counter() - start
    times = [t for client in per_client if isinstance(client, list) for t in client]
    failed = [type(c).__name__ for c in per_client if isinstance(c, BaseException)]
    if not times:
        return {"answers_per_s": 0.0, "clients_failed": len(failed), "why": sorted(set(failed))}
    return {
        "clients_failed": len(failed),
        "answers_per_s": round(len(times) / wall, 1),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(statistics.quantiles(times, n=20)[-1], 1),
    }


def _first_limit(results: list[dict[str, object]], cpus: int) -> str:
    best = max(results, key=lambda r: float(r["answers_per_s"]))
    peak = int(str(best["instances"]))
    if peak >= cpus:
        return f"CPU: {cpus} cores; past {peak} instances they only share them"
    return f"throughput peaks at {peak} instances on {cpus} cores"


def main() -> dict[str, object]:
    reason = pg.unreachable_reason() or test_redis.unreachable_reason()
    if reason:
        return {"skipped": reason}
    cpus = len(os.sched_getaffinity(0))
    results = []
    with pg.fresh_pg_database() as database, tempfile.TemporaryDirectory() as tmp:
        settings = database.settings(Path(tmp) / "data")
        settings.mode = Mode.SERVER
        db = Database(settings)
        try:
            db.upgrade()
            emails = _accounts(db)
        finally:
            db.dispose()
        env = {
            "INTERVOO_REDIS_URL": test_redis.REDIS_URL,
            "INTERVOO_REDIS_PREFIX": f"intervoo-bench-{uuid4().hex[:8]}",
            "INTERVOO_LOGIN_ATTEMPTS_PER_IP": "100000",
            "INTERVOO_LOG_LEVEL": "WARNING",
        }
        for count in INSTANCES:
            with ExitStack() as stack:
                bases = [
                    stack.enter_context(
                        server_process(settings, Path(tmp) / f"{count}-{i}.log", env)
                    )
                    for i in range(count)
                ]
                results.append({"instances": count, **asyncio.run(_load(bases, emails))})
    return {
        "clients": CLIENTS,
        "rounds": ROUNDS,
        "cpus": cpus,
        "load_avg_1m": round(os.getloadavg()[0], 2),
        "results": results,
        "stops_scaling_first": _first_limit(results, cpus),
    }


if __name__ == "__main__":
    print(json.dumps(main()))
