"""The shared decode scheduler: finals first, a thread always free for them, cancelled jobs free."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Sequence

import numpy as np
import pytest

from intervoo.stt.engine import SttError
from intervoo.stt.scheduler import DecodeScheduler, Priority, shared_scheduler


class GatedEngine:
    """Each decode says its audio's length, after the gate opens; records the order of starts."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.started: list[int] = []
        self._lock = threading.Condition()

    def wait_started(self, count: int) -> None:
        with self._lock:
            assert self._lock.wait_for(lambda: len(self.started) >= count, timeout=5)

    @property
    def name(self) -> str:
        return "gated"

    def transcribe(
        self, audio: np.ndarray, *, partial: bool = False, vocabulary: Sequence[str] = ()
    ) -> str:
        with self._lock:
            self.started.append(len(audio))
            self._lock.notify_all()
        self.gate.wait(timeout=10)
        if len(audio) == 13:
            raise SttError("unlucky audio")
        return str(len(audio))

    def close(self) -> None:
        self.gate.set()


def audio(n: int) -> np.ndarray:
    return np.zeros(n, dtype=np.float32)


Scheduled = tuple[GatedEngine, DecodeScheduler]


@pytest.fixture
async def scheduled() -> AsyncIterator[Scheduled]:
    engine = GatedEngine()
    scheduler = DecodeScheduler(engine)
    scheduler.acquire()
    yield engine, scheduler
    engine.gate.set()
    await asyncio.to_thread(scheduler.release)


async def test_a_final_never_waits_for_a_partial_and_finals_go_first(scheduled: Scheduled) -> None:
    engine, scheduler = scheduled
    first = scheduler.submit(audio(1), partial=True, vocabulary=(), priority=Priority.PARTIAL)
    await asyncio.to_thread(engine.wait_started, 1)
    second = scheduler.submit(audio(2), partial=True, vocabulary=(), priority=Priority.PARTIAL)
    other = scheduler.submit(audio(3), partial=False, vocabulary=(), priority=Priority.FINAL)
    question = scheduler.submit(audio(4), partial=False, vocabulary=(), priority=Priority.QUESTION)
    await asyncio.to_thread(engine.wait_started, 2)
    await asyncio.sleep(0.05)
    # One partial runs; the second thread stays free for finals, and the question's is first.
    assert engine.started == [1, 3] or engine.started == [1, 4]
    engine.gate.set()
    texts = await asyncio.gather(first.future, second.future, other.future, question.future)
    assert texts == ["1", "2", "3", "4"]
    assert engine.started.index(2) == 3  # the second partial waited for both finals


async def test_the_question_is_taken_before_an_older_final(scheduled: Scheduled) -> None:
    engine, scheduler = scheduled
    blockers = [
        scheduler.submit(audio(n), partial=False, vocabulary=(), priority=Priority.FINAL)
        for n in (1, 2)
    ]
    await asyncio.to_thread(engine.wait_started, 2)
    older = scheduler.submit(audio(3), partial=False, vocabulary=(), priority=Priority.FINAL)
    question = scheduler.submit(audio(4), partial=False, vocabulary=(), priority=Priority.QUESTION)
    engine.gate.set()
    await asyncio.gather(*(job.future for job in [*blockers, older, question]))
    assert engine.started[2] == 4


async def test_a_job_cancelled_before_it_starts_never_reaches_the_engine(
    scheduled: Scheduled,
) -> None:
    engine, scheduler = scheduled
    blockers = [
        scheduler.submit(audio(n), partial=False, vocabulary=(), priority=Priority.FINAL)
        for n in (1, 2)
    ]
    await asyncio.to_thread(engine.wait_started, 2)
    stale = scheduler.submit(audio(3), partial=False, vocabulary=(), priority=Priority.QUESTION)
    assert scheduler.cancel(stale)
    assert not scheduler.cancel(blockers[0])  # already running: it goes on
    engine.gate.set()
    await asyncio.gather(*(job.future for job in blockers))
    assert stale.future.cancelled() and 3 not in engine.started


async def test_an_engine_error_reaches_the_caller(scheduled: Scheduled) -> None:
    engine, scheduler = scheduled
    engine.gate.set()
    job = scheduler.submit(audio(13), partial=False, vocabulary=(), priority=Priority.FINAL)
    with pytest.raises(SttError, match="unlucky"):
        await job.future
    after = scheduler.submit(audio(5), partial=False, vocabulary=(), priority=Priority.FINAL)
    assert await after.future == "5"


def decode_threads() -> int:
    return sum(thread.name.startswith("stt-decode") for thread in threading.enumerate())


async def test_one_scheduler_per_engine_and_the_last_release_stops_its_threads() -> None:
    engine = GatedEngine()
    engine.gate.set()
    scheduler = shared_scheduler(engine)
    assert shared_scheduler(engine) is scheduler
    before = decode_threads()  # other engines' schedulers, if any
    scheduler.acquire()
    scheduler.acquire()
    assert decode_threads() == before + 2
    await asyncio.to_thread(scheduler.release)
    assert decode_threads() == before + 2  # one user left
    await asyncio.to_thread(scheduler.release)
    assert decode_threads() == before
    scheduler.acquire()  # a later session starts them again
    job = scheduler.submit(audio(7), partial=False, vocabulary=(), priority=Priority.FINAL)
    assert await job.future == "7"
    await asyncio.to_thread(scheduler.release)


async def test_no_partial_starts_beside_a_final_even_with_a_thread_free(
    scheduled: Scheduled,
) -> None:
    engine, scheduler = scheduled
    final = scheduler.submit(audio(5), partial=False, vocabulary=(), priority=Priority.QUESTION)
    await asyncio.to_thread(engine.wait_started, 1)
    partial = scheduler.submit(audio(6), partial=True, vocabulary=(), priority=Priority.PARTIAL)
    await asyncio.sleep(0.05)
    assert engine.started == [5]  # the second thread is idle, yet the partial waits
    engine.gate.set()
    assert await asyncio.gather(final.future, partial.future) == ["5", "6"]
    assert engine.started == [5, 6]


async def test_a_queued_partial_takes_newer_audio_and_keeps_its_place(
    scheduled: Scheduled,
) -> None:
    engine, scheduler = scheduled
    final = scheduler.submit(audio(5), partial=False, vocabulary=(), priority=Priority.QUESTION)
    await asyncio.to_thread(engine.wait_started, 1)
    older = scheduler.submit(audio(6), partial=True, vocabulary=(), priority=Priority.PARTIAL)
    later = scheduler.submit(audio(8), partial=True, vocabulary=(), priority=Priority.PARTIAL)
    assert scheduler.renew(older, audio(7))
    engine.gate.set()
    assert await asyncio.gather(final.future, older.future, later.future) == ["5", "7", "8"]
    assert engine.started == [5, 7, 8]  # the renewed partial went first, with its new audio
    assert not scheduler.renew(older, audio(9))  # started (and done): too late


async def test_a_cancelled_partial_is_not_renewed(scheduled: Scheduled) -> None:
    engine, scheduler = scheduled
    final = scheduler.submit(audio(5), partial=False, vocabulary=(), priority=Priority.QUESTION)
    await asyncio.to_thread(engine.wait_started, 1)
    partial = scheduler.submit(audio(6), partial=True, vocabulary=(), priority=Priority.PARTIAL)
    assert scheduler.cancel(partial)
    assert not scheduler.renew(partial, audio(7))
    engine.gate.set()
    assert await final.future == "5"
    assert engine.started == [5]
