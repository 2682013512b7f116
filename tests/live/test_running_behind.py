"""A session whose transcription falls behind real time says so, and says when it caught up.

The speech pipeline runs for real (loudness VAD, a scripted engine at the STT seam that
can be held, as a busy CPU would hold it) on a virtual clock, so the lag is exact.
"""

from __future__ import annotations

import asyncio

import numpy as np
import pytest

from intervoo.audio.frames import AudioFrame
from intervoo.audio.vad import EnergyVad
from intervoo.events import Channel, StatusEvent
from intervoo.live.audio import LagMonitor, LiveAudio
from intervoo.live.clock import SessionClock
from intervoo.live.session import LiveSession
from tests.audio.fakes import ScriptedEngine, silence, tone
from tests.copilot.candidate import candidate
from tests.live.helpers import Recorder, ScriptedDetector, classify_by_words


def _states(events: list[object]) -> list[str]:
    return [e.state for e in events if isinstance(e, StatusEvent) and e.state != "started"]


def test_the_monitor_says_each_change_once() -> None:
    seen: list[StatusEvent] = []
    monitor = LagMonitor("s1", seen.append)
    for lag in (400, 2500, 4000, 1500, 900, 300, 2100):
        monitor.observe(lag)
    assert [(e.state, e.detail["lag_ms"]) for e in seen] == [
        ("behind", 2500),
        ("caught_up", 900),
        ("behind", 2100),
    ]
    assert "2.5 s behind real time" in seen[0].detail["message"]


def test_a_feed_that_waited_never_counts_as_catching_up() -> None:
    seen: list[StatusEvent] = []
    monitor = LagMonitor("s1", seen.append)
    monitor.observe(3000)
    monitor.observe_wait(10)
    assert _states(seen) == ["behind"]  # type: ignore[arg-type]


class Clocked:
    """A live session and its audio on a clock that moves only with the audio fed."""

    def __init__(self, engine: ScriptedEngine) -> None:
        self.ms = 0
        self.record = Recorder()
        clock = SessionClock(lambda: self.ms / 1000)
        self.session = LiveSession(
            candidate(), emit=self.record, detector=ScriptedDetector(),
            classify=classify_by_words, clock=clock,
        )  # fmt: skip
        self.audio = LiveAudio(self.session, engine, pace=False, vad=EnergyVad())

    async def play(self, pcm: np.ndarray) -> None:
        for start in range(0, len(pcm), 1600):
            chunk = pcm[start : start + 1600]
            self.ms += len(chunk) * 1000 // 16_000
            await self.audio.feed(AudioFrame(Channel.CANDIDATE, chunk))
            await asyncio.sleep(0.001)

    def finals(self) -> int:
        return sum(1 for e in self.record.events if e.type == "transcript" and e.final)  # type: ignore[union-attr]


async def test_a_held_decode_is_running_behind_and_a_prompt_one_has_caught_up() -> None:
    engine = ScriptedEngine({1: "We shipped it on time."}, hold_above_hz=300)
    live = Clocked(engine)
    try:
        await live.play(np.concatenate([tone(600, freq=440), silence(1500)]))
        await live.play(silence(4000))  # four seconds pass while the decode is held
        engine.release.set()
        await live.record.wait_for(lambda e: isinstance(e, StatusEvent) and e.state == "behind")
        engine.hold_above_hz = None
        await live.play(np.concatenate([tone(600), silence(1500)]))
        await live.record.wait_for(lambda e: isinstance(e, StatusEvent) and e.state == "caught_up")
    finally:
        await live.audio.aclose()
        await live.session.aclose()
    assert _states(live.record.events) == ["behind", "caught_up"]  # type: ignore[arg-type]
    behind = next(
        e for e in live.record.events if isinstance(e, StatusEvent) and e.state == "behind"
    )
    assert behind.detail["lag_ms"] >= 4000 and behind.session_id == live.session.id


def test_intervoo_listen_prints_the_running_behind_state(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from intervoo.cli.listen_copilot import live_text

    emit = live_text(lambda event: None)
    seen: list[StatusEvent] = []
    monitor = LagMonitor("s1", seen.append)
    monitor.observe(3000)
    monitor.observe(100)
    for event in seen:
        emit(event)
    err = capsys.readouterr().err
    assert "note: transcription is running 3 s behind real time" in err
    assert "note: transcription has caught up with real time" in err
