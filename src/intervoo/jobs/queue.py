"""Where background jobs run: procrastinate's queue on PostgreSQL, this process on SQLite.

PostgreSQL (server mode, any number of instances): each job is a procrastinate job whose
queueing lock is the pending row's id, so it is queued once; every instance runs a worker
(LISTEN/NOTIFY, no polling), a failure is retried with exponential back-off, and a job
whose worker stopped beating (its instance was killed) is retried by a periodic task
that also queues pending rows left without a job (killed between commit and enqueue).
Beside pgqueuer (`bench/job_queue.py`, 2 busy cores, load 13): a job enqueued while the
worker idles starts in 61 ms, not 1041 ms, which is what a user waits for; pgqueuer
enqueues faster (13 against 30 ms a job) and drains faster (32 against 19 jobs/s), which
background work of one user at a time does not need; and retries, stalled-worker recovery
and queueing locks (one queued run per job) come built in.

SQLite (a local install, one process): the pending rows are replayed at start, and each
job runs here with the same retries and back-off.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Coroutine
from typing import Any, Protocol

from sqlalchemy import select, text

from intervoo.jobs.work import JobContext, RetryableJobError, run_job
from intervoo.store.models import PendingJobRow

MAX_ATTEMPTS = 5
FIRST_RETRY_S = 2.0  # then 4, 8, 16 s
STALLED_AFTER_S = 30.0
UNQUEUED_AFTER_S = 30.0
SHUTDOWN_S = 5.0  # then running jobs are cancelled: they stay pending and are recovered
log = logging.getLogger(__name__)


class JobQueue(Protocol):
    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def submit(self, user_id: str, job_id: str) -> None:
        """Run the pending job (already committed) in the background."""


class LocalJobQueue:
    def __init__(self, ctx: JobContext) -> None:
        self._ctx = ctx
        self._running: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        """Replay what an earlier run left pending (killed, or stopped mid-job)."""
        for user_id, job_id in await asyncio.to_thread(self._left_pending):
            self._spawn(user_id, job_id, self._retries(user_id, job_id, first=0))

    def _left_pending(self) -> list[tuple[str, str]]:
        # SQLite has no row-level security: the one local process sees every row.
        with self._ctx.db.session(None) as session:
            rows = session.execute(select(PendingJobRow.user_id, PendingJobRow.id))
            return [(row[0], row[1]) for row in rows]

    async def submit(self, user_id: str, job_id: str) -> None:
        """The first attempt now (the caller is a route's background task), retries later."""
        if not await self._attempt(user_id, job_id):
            self._spawn(user_id, job_id, self._retries(user_id, job_id, first=1))

    def _spawn(self, user_id: str, job_id: str, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(work, name=f"job-{job_id}")
        self._running.add(task)
        task.add_done_callback(self._running.discard)

    async def _attempt(self, user_id: str, job_id: str) -> bool:
        try:
            await run_job(self._ctx, user_id, job_id)
        except RetryableJobError:
            return False
        return True

    async def _retries(self, user_id: str, job_id: str, *, first: int) -> None:
        for attempt in range(first, MAX_ATTEMPTS):
            if attempt:
                await asyncio.sleep(FIRST_RETRY_S * 2 ** (attempt - 1))
            if await self._attempt(user_id, job_id):
                return
        log.warning("job gave up id=%s after %d attempts (kept pending)", job_id, MAX_ATTEMPTS)

    async def stop(self) -> None:
        """Jobs still running stay pending and are replayed at the next start."""
        for task in list(self._running):
            task.cancel()
        await asyncio.gather(*self._running, return_exceptions=True)


class ProcrastinateJobQueue:
    def __init__(self, ctx: JobContext, conninfo: str, *, concurrency: int = 2) -> None:
        import procrastinate

        self._ctx = ctx
        self._concurrency = concurrency
        self.app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=conninfo))
        retry = procrastinate.RetryStrategy(
            max_attempts=MAX_ATTEMPTS, exponential_wait=int(FIRST_RETRY_S)
        )

        @self.app.task(name="intervoo.job", retry=retry)
        async def job(user_id: str, job_id: str) -> None:
            await run_job(ctx, user_id, job_id)

        # croniter reads a sixth field as the second: every 10 s.
        @self.app.periodic(cron="* * * * * */10", periodic_id="intervoo.recover")
        @self.app.task(name="intervoo.recover", queueing_lock="intervoo.recover")
        async def recover(timestamp: int) -> None:
            await self._recover()

        self._job = job
        self._worker: asyncio.Task[None] | None = None

    async def start(self) -> None:
        await self.app.open_async()
        self._worker = asyncio.create_task(
            self.app.run_worker_async(
                concurrency=self._concurrency,
                install_signal_handlers=False,
                delete_jobs="successful",
                update_heartbeat_interval=STALLED_AFTER_S / 3,
                stalled_worker_timeout=STALLED_AFTER_S,
                shutdown_graceful_timeout=SHUTDOWN_S,
            ),
            name="job-worker",
        )

    async def submit(self, user_id: str, job_id: str) -> None:
        from procrastinate.exceptions import AlreadyEnqueued

        # The lock: never two runs of one job at once; the queueing lock: queued once.
        configured = self._job.configure(lock=job_id, queueing_lock=job_id)
        with contextlib.suppress(AlreadyEnqueued):
            await configured.defer_async(user_id=user_id, job_id=job_id)

    async def _recover(self) -> None:
        manager = self.app.job_manager
        for stalled in await manager.get_stalled_jobs(seconds_since_heartbeat=STALLED_AFTER_S):
            log.info("retrying job %s of a stopped worker", stalled.id)
            await manager.retry_job(stalled)
        for user_id, job_id in await asyncio.to_thread(self._unqueued):
            await self.submit(user_id, job_id)

    def _unqueued(self) -> list[tuple[str, str]]:
        query = text("SELECT user_id, id FROM intervoo_unqueued_jobs(:s)")
        with self._ctx.db.session(None) as session:
            return [(row[0], row[1]) for row in session.execute(query, {"s": UNQUEUED_AFTER_S})]

    async def stop(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._worker
        await self.app.close_async()


def open_job_queue(ctx: JobContext) -> JobQueue:
    """The queue this database calls for."""
    if ctx.db.is_postgresql:
        return ProcrastinateJobQueue(ctx, ctx.db.listen_url)
    return LocalJobQueue(ctx)
