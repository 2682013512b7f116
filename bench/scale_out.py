"""Scale-out of the text-only live path: 1, 2 and 4 server-mode instances on one PostgreSQL
and one Redis, on this machine, each client's socket on instance (client % N) as a load
balancer would spread them. Every client signs in, opens /ws/live, and asks ROUNDS
questions one after another (the offline composer answers: no LLM time is measured).
Prints throughput (answers/s) and ask -> suggestion.done p50/p95 per instance count; where
the p95 time goes (the server's own detected -> done from its timing event, against the
rest: the ask waiting for a busy event loop and the socket); the CPU seconds of the
instances, PostgreSQL and Redis over each run and how busy the cores were; the machine's
cores and load, and what stops scaling first. Needs PostgreSQL and Redis
(as the tests find them); skips with a reason otherwise.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from typing import cast
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


async def _answer(ws: websockets.ClientConnection) -> tuple[float, float | None]:
    """One typed question: ask -> done ms as the client saw it, and the server's own share."""
    start = time.perf_counter()
    await ws.send(json.dumps({"type": "ask", "text": QUESTION}))
    while json.loads(await ws.recv())["type"] != "suggestion.done":
        pass
    total = (time.perf_counter() - start) * 1000
    while (event := json.loads(await ws.recv()))["type"] != "timing":
        pass
    detected, done = event.get("detected"), event.get("done")
    return total, (done - detected) if detected is not None and done is not None else None


async def _client(base: str, email: str) -> list[tuple[float, float | None]]:
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        login = await http.post("/api/auth/login", json={"email": email, "password": PASSWORD})
        token = login.raise_for_status().cookies[SESSION_COOKIE]
    url = base.replace("http://", "ws://") + "/ws/live"
    async with websockets.connect(
        url, additional_headers={"Cookie": f"{SESSION_COOKIE}={token}"}
    ) as ws:
        await ws.send(json.dumps({"type": "start"}))
        # Session start (reading and embedding the candidate's material) is not the live path.
        while json.loads(await ws.recv()).get("state") != "started":
            pass
        return [await _answer(ws) for _ in range(ROUNDS)]


def _cpu_s(pids: list[int]) -> float:
    """User + system CPU seconds of these processes and their waited-for children."""
    ticks = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def _pids_named(name: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        with contextlib.suppress(OSError):
            if entry.name.isdigit() and (entry / "comm").read_text().strip() == name:
                found.append(int(entry.name))
    return found


def _cpu_by_part(instance_pids: list[int]) -> dict[str, float]:
    return {
        "instances": _cpu_s(instance_pids),
        "postgres": _cpu_s(_pids_named("postgres")),
        "redis": _cpu_s(_pids_named("redis-server")),
        "machine": _machine_busy_s(),
    }


def _machine_busy_s() -> float:
    """CPU seconds all cores spent busy since boot (anyone's work, this bench's included)."""
    user, nice, system, idle, iowait, *rest = (
        int(f) for f in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    )
    return (user + nice + system + sum(rest[:3])) / os.sysconf("SC_CLK_TCK")


def _measured(bases: list[str], pids: list[int], emails: list[str], cpus: int) -> dict[str, object]:
    """The load run, with the CPU each part used during it."""
    before = _cpu_by_part(pids)
    result = asyncio.run(_load(bases, emails))
    after = _cpu_by_part(pids)
    wall = float(str(result.pop("wall_s", 0.0))) or 1.0
    used = {part: after[part] - before[part] for part in before}
    return {
        **result,
        "cpu_s": {part: round(seconds, 1) for part, seconds in used.items()},
        "cores_busy": round(used["machine"] / (wall * cpus), 2),
    }


async def _load(bases: list[str], emails: list[str]) -> dict[str, object]:
    start = time.perf_counter()
    per_client = await asyncio.gather(
        *(_client(bases[i % len(bases)], email) for i, email in enumerate(emails)),
        return_exceptions=True,
    )
    wall = time.perf_counter() - start
    answers = [a for client in per_client if isinstance(client, list) for a in client]
    failed = [type(c).__name__ for c in per_client if isinstance(c, BaseException)]
    if not answers:
        return {"answers_per_s": 0.0, "clients_failed": len(failed), "why": sorted(set(failed))}
    times = sorted(total for total, _ in answers)
    p95 = statistics.quantiles(times, n=20)[-1]
    tail = [server for total, server in answers if total >= p95 and server is not None]
    firsts = [client[0][0] for client in per_client if isinstance(client, list)]
    return {
        "clients_failed": len(failed),
        "answers_per_s": round(len(times) / wall, 1),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(p95, 1),
        "tail_server_ms": round(statistics.mean(tail), 1) if tail else None,
        "first_answer_ms_max": round(max(firsts), 1),
        "wall_s": wall,
    }


def _first_limit(results: list[dict[str, object]], cpus: int) -> str:
    best = max(results, key=lambda r: float(str(r["answers_per_s"])))
    peak = int(str(best["instances"]))
    busy = float(str(best.get("cores_busy", 0.0)))
    cpu = cast(dict[str, float], best.get("cpu_s", {}))
    heaviest = max(("instances", "postgres", "redis"), key=lambda part: cpu.get(part, 0.0))
    if busy >= 0.85:
        return (
            f"CPU: the {cpus} cores were {busy:.0%} busy at the best count ({peak}), most of it"
            f" in {heaviest}; more instances on this machine only share the same cores"
        )
    return f"throughput peaks at {peak} instances with the cores {busy:.0%} busy: not the CPU"


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
                started = [
                    stack.enter_context(
                        server_process(settings, Path(tmp) / f"{count}-{i}.log", env, pid=True)
                    )
                    for i in range(count)
                ]
                bases, pids = [base for base, _ in started], [pid for _, pid in started]
                results.append({"instances": count, **_measured(bases, pids, emails, cpus)})
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
