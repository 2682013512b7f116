"""Nothing leaves the machine: `serve` with a spoken live session, `listen --audio` and
`practice`, all with the offline composer, under `strace -f -e trace=network`.

Every dependency's telemetry is off before it is imported (intervoo/telemetry.py); these runs
fail on any non-loopback connect or DNS lookup, and on ONNX Runtime's telemetry queue
appearing in ~/.cache/Microsoft."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import websockets

from intervoo.audio.frames import encode_frame
from intervoo.config import Settings
from intervoo.events import Channel, SuggestionDone
from intervoo.live.wire import event_from_json
from intervoo.store import Database
from intervoo.telemetry import OFFLINE_ENV
from tests.live.server import auth_headers, seed_candidate
from tests.practice.helpers import COST_STORY, seed_user
from tests.support.net import free_port, wait_http_ok
from tests.support.speech import make_speech, read_samples
from tests.support.strace import outside_attempts, strace_prefix

pytestmark = pytest.mark.slow

QUESTION = "Tell me about a time you handled a production outage under pressure."


def _env(settings: Settings, home: Path) -> dict[str, str]:
    """The user's environment, minus anything that would switch telemetry off for us."""
    env = {k: v for k, v in os.environ.items() if k not in OFFLINE_ENV}
    env.update(HOME=str(home), INTERVOO_DATA_DIR=str(settings.data_dir))
    env.pop("XDG_CACHE_HOME", None)
    return env


def _assert_stayed_home(trace: Path, home: Path) -> None:
    attempts = outside_attempts(trace.read_text(errors="replace"))
    assert attempts == [], "\n".join(attempts[:10])
    assert not (home / ".cache" / "Microsoft").exists()  # ONNX Runtime's telemetry queue


async def _speak_and_wait(base: str, settings: Settings) -> None:
    samples, _ = read_samples(make_speech(QUESTION))
    url = base.replace("http://", "ws://") + "/ws/live"
    async with websockets.connect(url, additional_headers=auth_headers(settings)) as ws:
        await ws.send(json.dumps({"type": "start", "company": "Amazon", "llm": "none"}))
        for offset in range(0, len(samples), 1600):  # 100 ms frames, paced like a call
            await ws.send(encode_frame(Channel.INTERVIEWER, samples[offset : offset + 1600]))
            await asyncio.sleep(0.1)
        await ws.send(encode_frame(Channel.INTERVIEWER, samples[:16000] * 0))  # 1 s silence
        async with asyncio.timeout(90):
            async for message in ws:
                if isinstance(event_from_json(message), SuggestionDone):
                    break
        await ws.send(json.dumps({"type": "stop"}))


@contextmanager
def _traced_server(settings: Settings, home: Path, trace: Path, log: Path) -> Iterator[str]:
    """`intervoo serve` (local mode) under strace; yields its base URL."""
    port = free_port()
    command = [sys.executable, "-m", "intervoo.cli", "serve", "--port", str(port)]
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [*strace_prefix(str(trace)), *command],
            env=_env(settings, home),
            stdout=out,
            stderr=out,
            start_new_session=True,  # strace and the server stop together
        )
        try:
            wait_http_ok(f"http://127.0.0.1:{port}/healthz", timeout_s=90)
            yield f"http://127.0.0.1:{port}"
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)


async def test_serve_and_a_spoken_live_session_stay_on_loopback(
    settings: Settings, tmp_path: Path
) -> None:
    seed_candidate(settings)
    home, trace = tmp_path / "home", tmp_path / "serve.trace"
    home.mkdir()
    with _traced_server(settings, home, trace, tmp_path / "serve.log") as base:
        await _speak_and_wait(base, settings)
    _assert_stayed_home(trace, home)


def _traced(args: list[str], settings: Settings, home: Path, trace: Path) -> str:
    command = [*strace_prefix(str(trace)), sys.executable, "-m", "intervoo.cli", *args]
    done = subprocess.run(
        command, env=_env(settings, home), capture_output=True, text=True, timeout=240
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_listen_to_a_recording_stays_on_loopback(settings: Settings, tmp_path: Path) -> None:
    seed_candidate(settings)
    home = tmp_path / "home"
    home.mkdir()
    wav = make_speech(QUESTION)
    args = ["listen", "--audio", str(wav), "--speed", "fast", "--offline", "--json"]
    out = _traced(args, settings, home, tmp_path / "listen.trace")
    assert '"suggestion.done"' in out
    _assert_stayed_home(tmp_path / "listen.trace", home)


def test_practice_with_the_offline_composer_stays_on_loopback(
    settings: Settings, tmp_path: Path
) -> None:
    db = Database(settings)
    try:
        db.upgrade()
        seed_user(db)
    finally:
        db.dispose()
    home = tmp_path / "home"
    home.mkdir()
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps([COST_STORY]))
    args = ["practice", "--answers", str(answers), "--json", "--length", "1"]
    out = _traced(args, settings, home, tmp_path / "practice.trace")
    assert '"feedback"' in out
    _assert_stayed_home(tmp_path / "practice.trace", home)
