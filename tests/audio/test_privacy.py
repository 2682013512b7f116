"""Audio is never stored: a whole session runs with file writes and network connects forbidden."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from intervoo.audio.listen import transcribe_stream
from intervoo.audio.pipeline import SpeechPipeline
from intervoo.audio.playback import AudioClock, Speed, play
from intervoo.events import Channel, TranscriptEvent
from intervoo.questions.completeness import completeness
from intervoo.stt.engine import SttEngine
from tests.support.speech import make_speech, read_samples

pytestmark = pytest.mark.slow

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
_guard = threading.Event()  # audit hooks cannot be removed, so ours is switched on and off
_violations: list[str] = []


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if not _guard.is_set():
        return
    if event == "open":
        path, mode, flags = args
        writes = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & _WRITE_FLAGS
        )
        if writes:
            _violations.append(f"open for writing: {path}")
            raise PermissionError(f"privacy test: {path} opened for writing during a session")
    elif event in ("socket.connect", "socket.sendto"):
        _violations.append(f"{event}: {args[1]!r}")
        raise PermissionError("privacy test: network use during a session")


sys.addaudithook(_audit)


@contextlib.contextmanager
def no_writes() -> Iterator[list[str]]:
    """Forbid file writes and network use inside the block; yields what was attempted."""
    _violations.clear()
    _guard.set()
    try:
        yield _violations
    finally:
        _guard.clear()


def test_the_guard_catches_writes(tmp_path: Path) -> None:
    with no_writes() as violations, pytest.raises(PermissionError):
        (tmp_path / "x").write_bytes(b"1")
    assert violations == [f"open for writing: {tmp_path / 'x'}"]


async def run_session(engine: SttEngine, pcm: np.ndarray) -> list[TranscriptEvent]:
    clock = AudioClock()
    pipeline = SpeechPipeline(engine, clock=clock, completeness=completeness)
    sources = {Channel.INTERVIEWER: pcm, Channel.CANDIDATE: pcm}
    frames = play(sources, speed=Speed.FAST, clock=clock)
    return [event async for event in transcribe_stream(pipeline, frames)]


def files_in(directory: Path) -> dict[Path, int]:
    return {path: path.stat().st_size for path in directory.rglob("*")}


def test_a_session_writes_nothing_and_leaves_no_audio(
    whisper_engine: SttEngine, caplog: pytest.LogCaptureFixture
) -> None:
    text = "What motivates you to do your best work?"
    pcm, _ = read_samples(make_speech(text))  # made before the guard: tests may write
    data_dir = Path(os.environ["INTERVOO_DATA_DIR"])
    data_dir.mkdir(parents=True, exist_ok=True)
    before = files_in(data_dir)
    caplog.set_level("DEBUG")
    with no_writes() as violations:
        events = asyncio.run(run_session(whisper_engine, pcm))
    assert violations == []
    assert any(e.final and "motivates" in e.text.lower() for e in events)
    assert files_in(data_dir) == before  # nothing new in the data dir, no database file
    needle = pcm[len(pcm) // 2 : len(pcm) // 2 + 800].tobytes()
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert needle not in path.read_bytes(), f"audio found in {path}"
    words = {w.strip("?.,").lower() for w in text.split() if len(w) > 4}
    for record in caplog.records:
        message = record.getMessage().lower()
        assert not any(word in message for word in words), "transcript text in a log line"
