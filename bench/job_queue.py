"""The two PostgreSQL job queues considered for background work, side by side in one run on
fresh databases: procrastinate (chosen) and pgqueuer. For each: enqueueing JOBS no-op jobs
one by one (what a request does), draining them with one worker, and the pickup latency
of one job enqueued while the worker idles (LISTEN/NOTIFY: the time a user waits before
work starts). Needs PostgreSQL (as the tests find it) and pgqueuer (`pip install pgqueuer`:
measured only, not a dependency); skips with a reason otherwise. Prints one JSON object.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support import pg  # noqa: E402

JOBS, PICKUPS = 200, 20


async def _pickups(enqueue: Callable[[], Awaitable[None]], started: asyncio.Event) -> float:
    """Median ms from enqueue to the handler running, the worker idle before each."""
    times = []
    for _ in range(PICKUPS):
        started.clear()
        await asyncio.sleep(0.05)
        begin = time.perf_counter()
        await enqueue()
        await asyncio.wait_for(started.wait(), 10)
        times.append((time.perf_counter() - begin) * 1000)
    return round(statistics.median(times), 1)


async def procrastinate_run(url: str) -> dict[str, float]:
    import procrastinate

    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=url))
    started = asyncio.Event()

    @app.task(name="noop")
    async def noop() -> None:
        started.set()

    async with app.open_async():
        await app.schema_manager.apply_schema_async()
        begin = time.perf_counter()
        for _ in range(JOBS):
            await noop.defer_async()
        enqueued = time.perf_counter() - begin
        begin = time.perf_counter()
        await app.run_worker_async(wait=False, install_signal_handlers=False, concurrency=1)
        drained = time.perf_counter() - begin
        worker = asyncio.create_task(
            app.run_worker_async(install_signal_handlers=False, delete_jobs="successful")
        )
        await asyncio.sleep(1)
        pickup = await _pickups(lambda: noop.defer_async(), started)
        worker.cancel()
        await asyncio.gather(worker, return_exceptions=True)
    return _result(enqueued, drained, pickup)


async def pgqueuer_run(url: str) -> dict[str, float]:
    import psycopg
    from pgqueuer import PsycopgDriver, Queries, QueueManager, types

    conn = await psycopg.AsyncConnection.connect(url, autocommit=True)
    worker_conn = await psycopg.AsyncConnection.connect(url, autocommit=True)
    try:
        queries = Queries(PsycopgDriver(conn))
        await queries.install()
        started = asyncio.Event()
        manager = QueueManager(Queries(PsycopgDriver(worker_conn)))

        @manager.entrypoint("noop")
        async def noop(job: object) -> None:
            started.set()

        begin = time.perf_counter()
        for _ in range(JOBS):
            await queries.enqueue("noop", None)
        enqueued = time.perf_counter() - begin
        begin = time.perf_counter()
        await manager.run(mode=types.QueueExecutionMode.drain, batch_size=10)
        drained = time.perf_counter() - begin
        manager = QueueManager(Queries(PsycopgDriver(worker_conn)))
        manager.entrypoint("noop")(noop)
        worker = asyncio.create_task(manager.run())
        await asyncio.sleep(1)
        pickup = await _pickups(lambda: queries.enqueue("noop", None), started)
        manager.shutdown.set()
        await asyncio.gather(worker, return_exceptions=True)
    finally:
        await conn.close()
        await worker_conn.close()
    return _result(enqueued, drained, pickup)


def _result(enqueued: float, drained: float, pickup: float) -> dict[str, float]:
    return {
        "enqueue_ms_per_job": round(enqueued * 1000 / JOBS, 2),
        "drain_jobs_per_s": round(JOBS / drained, 1),
        "pickup_median_ms": pickup,
    }


def main() -> dict[str, object]:
    reason = pg.unreachable_reason()
    if reason:
        return {"skipped": reason}
    try:
        import pgqueuer  # noqa: F401
    except ImportError:
        return {"skipped": "pgqueuer is not installed (pip install pgqueuer)"}
    results: dict[str, object] = {"jobs": JOBS, "load_avg_1m": round(os.getloadavg()[0], 2)}
    for name, run in (("procrastinate", procrastinate_run), ("pgqueuer", pgqueuer_run)):
        with pg.fresh_pg_database() as database:
            results[name] = asyncio.run(run(database.admin_url))
    return results


if __name__ == "__main__":
    print(json.dumps(main()))
