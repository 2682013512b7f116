"""One decode queue per speech engine, shared by every channel of every live session.

Each channel used to own a decode thread: a final then waited for its own channel's partial to
finish, and with several sessions the finals queued inside the engine behind everyone's partials,
in no order (measured: six real-time sessions on two cores, p95 1.7 s with the CPUs 0.82 busy).
Here a fixed number of threads (the engine's parallel decodes) take the most urgent job first:
interviewer finals (a question may be waiting on them), then other finals, oldest first, then
partials. Partials never take the last free thread, so a final never waits for a partial to
finish, and none starts while a final is queued or running: a partial costs about as much CPU as
a final (tiny.en: 110 ms for 2 s greedy, 128 ms for 3 s beam 5), and next to one it slows it.
A job cancelled before it starts costs nothing: a pause decode made stale because speech
resumed, or a partial overtaken by the utterance's final; a partial still queued when its
channel's next one falls due takes the newer audio (`renew`) instead of a second place.

    scheduler = shared_scheduler(engine)
    scheduler.acquire()                       # once per user (a speech pipeline)
    job = scheduler.submit(audio, partial=False, vocabulary=(), priority=Priority.QUESTION)
    text = await job.future                   # the engine's text, or its exception
    scheduler.cancel(job)                     # if it is no longer wanted
    scheduler.renew(job, newer_audio)         # a queued partial decodes the newer audio
    await asyncio.to_thread(scheduler.release)  # the last user's release stops the threads
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import threading
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import IntEnum

from intervoo.audio.frames import Samples
from intervoo.stt.engine import SttEngine, SttError

# WhisperEngine runs two decodes at once (CTranslate2 workers); a third thread would only
# queue inside the engine, where no priority applies.
DECODE_THREADS = 2


class Priority(IntEnum):
    QUESTION = 0  # an interviewer's final: the answer waits on it
    FINAL = 1  # any other final
    PARTIAL = 2


@dataclass(eq=False)
class DecodeJob:
    audio: Samples
    partial: bool
    vocabulary: tuple[str, ...]
    priority: Priority
    loop: asyncio.AbstractEventLoop = field(repr=False)
    future: asyncio.Future[str] = field(repr=False)
    started: bool = False  # a worker took it: cancelling no longer saves anything
    cancelled: bool = False


class DecodeScheduler:
    def __init__(self, engine: SttEngine, threads: int = DECODE_THREADS) -> None:
        if threads < 2:
            raise ValueError("the scheduler needs 2 threads: one is kept free for finals")
        # Weak: the registry below must not keep an engine alive; its users hold it.
        self._engine = weakref.ref(engine)
        self._thread_count = threads
        self._queue: list[tuple[int, int, DecodeJob]] = []
        self._order = itertools.count()
        self._lock = threading.Condition()
        self._partials_running = 0
        self._finals_running = 0
        self._users = 0
        self._epoch = 0  # bumped by the last release: the workers of older epochs exit
        self._threads: list[threading.Thread] = []

    def acquire(self) -> None:
        with self._lock:
            self._users += 1
            if self._threads:
                return
            epoch = self._epoch
            self._threads = [
                threading.Thread(
                    target=self._work, args=(epoch,), name=f"stt-decode-{i}", daemon=True
                )
                for i in range(self._thread_count)
            ]
            threads = list(self._threads)
        for thread in threads:
            thread.start()

    def release(self) -> None:
        """Blocking: the last user's release waits for the decodes in flight to end."""
        with self._lock:
            self._users -= 1
            if self._users > 0:
                return
            self._epoch += 1
            threads, self._threads = self._threads, []
            self._lock.notify_all()
        for thread in threads:
            thread.join()

    def submit(
        self, audio: Samples, *, partial: bool, vocabulary: Sequence[str], priority: Priority
    ) -> DecodeJob:
        """Queue a decode (call on the event loop); its future resolves there."""
        loop = asyncio.get_running_loop()
        job = DecodeJob(audio, partial, tuple(vocabulary), priority, loop, loop.create_future())
        with self._lock:
            heapq.heappush(self._queue, (int(priority), next(self._order), job))
            self._lock.notify()
        return job

    def cancel(self, job: DecodeJob) -> bool:
        """Drop a job that has not started (call on the event loop); False if it has."""
        with self._lock:
            if job.started:
                return False
            job.cancelled = True
        job.future.cancel()
        return True

    def renew(self, job: DecodeJob, audio: Samples) -> bool:
        """Give a queued job newer audio, keeping its place; False if it started or was
        cancelled (then submit a new one)."""
        with self._lock:
            if job.started or job.cancelled:
                return False
            job.audio = audio
        return True

    def _next(self, epoch: int) -> DecodeJob | None:
        with self._lock:
            while True:
                if epoch != self._epoch:
                    return None
                while self._queue and self._queue[0][2].cancelled:
                    heapq.heappop(self._queue)
                if self._queue and self._may_start(self._queue[0][2]):
                    job = heapq.heappop(self._queue)[2]
                    job.started = True
                    self._count(job, +1)
                    return job
                self._lock.wait()

    def _may_start(self, job: DecodeJob) -> bool:
        """A final always (the heap puts every queued final before any partial); a partial
        only beside no final and with a thread left over for the next final."""
        if not job.partial:
            return True
        return self._finals_running == 0 and self._partials_running < self._thread_count - 1

    def _count(self, job: DecodeJob, step: int) -> None:
        if job.partial:
            self._partials_running += step
        else:
            self._finals_running += step

    def _work(self, epoch: int) -> None:
        while (job := self._next(epoch)) is not None:
            engine = self._engine()
            try:
                if engine is None:
                    raise SttError("the speech engine was closed")
                text = engine.transcribe(job.audio, partial=job.partial, vocabulary=job.vocabulary)
            except Exception as exc:  # handed to the channel, which reports it and goes on
                job.loop.call_soon_threadsafe(_settle, job.future, None, exc)
            else:
                job.loop.call_soon_threadsafe(_settle, job.future, text, None)
            finally:
                with self._lock:
                    self._count(job, -1)
                    self._lock.notify_all()


def _settle(future: asyncio.Future[str], text: str | None, error: Exception | None) -> None:
    if future.done():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(text or "")


_SCHEDULERS: weakref.WeakKeyDictionary[SttEngine, DecodeScheduler] = weakref.WeakKeyDictionary()
_SCHEDULERS_LOCK = threading.Lock()


def shared_scheduler(engine: SttEngine) -> DecodeScheduler:
    """The one scheduler of `engine`, made on first use."""
    with _SCHEDULERS_LOCK:
        scheduler = _SCHEDULERS.get(engine)
        if scheduler is None:
            scheduler = _SCHEDULERS[engine] = DecodeScheduler(engine)
        return scheduler
