"""The sample interview through the real live pipeline, in this process: WAV → speech
pipeline → question detector → copilot, events to a callback. What `intervoo demo` runs.

The sample candidate lives in a throwaway data dir, so the user's own data is never touched.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from intervoo.config import Settings
from intervoo.events import Channel, Event


def prepare_demo_data(data_dir: Path) -> Settings:
    """A local install in `data_dir` holding the sample candidate (resume, stories, target)."""
    from intervoo.demo.loader import load_demo
    from intervoo.store import Database

    settings = Settings(data_dir=data_dir, database_url=None)
    data_dir.mkdir(parents=True, exist_ok=True)
    db = Database(settings)
    try:
        db.upgrade()
        user_id = db.ensure_local_user()
        with db.session(user_id) as session:
            load_demo(session, user_id)
    finally:
        db.dispose()
    return settings


async def play_demo(settings: Settings, emit: Callable[[Event], None], *, realtime: bool) -> None:
    """Play the sample interview through `run_live`, as `intervoo listen --audio` would; returns
    once the last answer is done."""
    from intervoo.audio.playback import AudioClock, Speed, play
    from intervoo.audio.wavfile import channel_sources, read_wav
    from intervoo.copilot.context import load_candidate_context
    from intervoo.demo.sample import audio_path
    from intervoo.live.listen import run_live
    from intervoo.store import Database
    from intervoo.stt import load_engine

    db = Database(settings)
    try:
        ctx = load_candidate_context(db, db.ensure_local_user())
    finally:
        db.dispose()
    # Fast playback runs the session on the audio's own clock, so pauses keep their length
    # for the detector (a question is not merged into the one 4 s before it).
    clock = None if realtime else AudioClock()
    sources = channel_sources(read_wav(audio_path()), Channel.INTERVIEWER)
    frames = play(sources, speed=Speed.REALTIME if realtime else Speed.FAST, clock=clock)
    engine = load_engine(settings)
    try:
        # No LLM: the offline composer answers, so the demo needs no setup and no network.
        await run_live(frames, engine, emit, ctx, llm_settings=None, clock=clock)
    finally:
        engine.close()


def temporary_data_dir() -> tempfile.TemporaryDirectory[str]:
    return tempfile.TemporaryDirectory(prefix="intervoo-demo-")
