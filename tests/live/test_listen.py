"""`intervoo listen`: real espeak-ng speech through the speech pipeline and the same LiveSession
as /ws/live, printed as the protocol's event stream; and the edge client (`--connect`), which
sends a real, secured server nothing but transcripts."""

import asyncio
import json
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from intervoo.audio.playback import AudioClock, Speed, play
from intervoo.audio.wavfile import channel_sources, read_wav
from intervoo.cli import app
from intervoo.config import Settings
from intervoo.events import Channel, Event
from intervoo.live.edge import EdgeError, edge_headers, run_edge
from intervoo.store import Database
from intervoo.stories.repo import StoryRepo
from intervoo.stt.engine import SttEngine
from intervoo.web.app import create_app
from tests.live.server import running_server, seed_candidate
from tests.support.net import free_port
from tests.support.speech import make_speech
from tests.support.speech import whisper_engine as whisper_engine  # noqa: F401  (fixture)

runner = CliRunner()
INTERVOO = str(Path(sys.executable).parent / "intervoo")
QUESTION = "Tell me about a time you handled a production outage under pressure."
OUTAGE = "Checkout outage during the holiday peak"


@pytest.fixture(scope="module")
def question_wav() -> Path:
    return make_speech(QUESTION)


def outage_uses(settings: Settings, user_id: str) -> int:
    db = Database(settings)
    try:
        with db.session(user_id) as session:
            stories = StoryRepo(session, user_id).list()
    finally:
        db.dispose()
    return next(story.times_used for story in stories if story.title == OUTAGE)


def assert_answered(events: list[dict[str, Any]]) -> None:
    """A question, its streamed answer telling the outage story, and its timing."""
    question = next(e for e in events if e["type"] == "question" and not e["speculative"])
    assert question["kind"] == "behavioral"
    deltas = [e["text"] for e in events if e["type"] == "suggestion.delta"]
    done = next(e for e in events if e["type"] == "suggestion.done")
    assert done["question_id"] == question["id"] and "".join(deltas) == done["text"]
    assert "1200 ms to 300 ms" in done["text"] and f"story: {OUTAGE}" in done["sources"]
    timing = next(e for e in events if e["type"] == "timing")
    assert timing["speech_end"] <= timing["transcript_final"] <= timing["first_token"]


@pytest.mark.slow
def test_listen_json_prints_the_live_protocol_and_counts_the_story(
    settings: Settings, question_wav: Path
) -> None:
    user_id = seed_candidate(settings)
    args = ["listen", "--audio", str(question_wav), "--speed", "fast", "--json"]
    result = runner.invoke(app, [*args, "--company", "Amazon"])
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert events[0]["type"] == "status" and events[-1]["type"] == "status"
    finals = [e for e in events if e["type"] == "transcript" and e["final"]]
    assert len(finals) == 1 and finals[0]["channel"] == "interviewer"
    assert_answered(events)
    assert outage_uses(settings, user_id) == 1


class ReceivedFrames:
    """ASGI middleware that notes the kind of every WebSocket message the app receives."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.kinds: list[str] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        async def noting() -> Any:
            message = await receive()
            if message["type"] == "websocket.receive":
                self.kinds.append("binary" if message.get("bytes") is not None else "text")
            return message

        await self.app(scope, noting if scope["type"] == "websocket" else receive, send)


@asynccontextmanager
async def serving(settings: Settings) -> AsyncIterator[tuple[str, ReceivedFrames]]:
    """The real app, security layer included, on 127.0.0.1; yields its ws URL and the log."""
    observed = ReceivedFrames(create_app(settings))
    async with running_server(settings, observed) as base:
        yield base.replace("http://", "ws://") + "/ws/live", observed


@pytest.mark.slow
async def test_listen_connect_sends_only_transcripts_and_prints_the_servers_answer(
    settings: Settings, question_wav: Path
) -> None:
    user_id = seed_candidate(settings)
    env = {**os.environ, "INTERVOO_DATA_DIR": str(settings.data_dir)}  # the local token's home
    async with serving(settings) as (url, observed):
        process = await asyncio.create_subprocess_exec(
            INTERVOO, "listen", "--audio", str(question_wav),
            "--speed", "fast", "--json", "--connect", url, "--company", "Amazon",
            env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        stdout, stderr = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode == 0, stderr.decode()
    events = [json.loads(line) for line in stdout.decode().splitlines()]
    assert_answered(events)
    assert observed.kinds and set(observed.kinds) == {"text"}  # no audio left this machine
    assert outage_uses(settings, user_id) == 1


def frames_of(wav: Path) -> Any:
    return play(channel_sources(read_wav(wav), Channel.INTERVIEWER), speed=Speed.FAST,
                clock=AudioClock())  # fmt: skip


async def test_a_wrong_token_is_refused_with_a_clear_error(
    settings: Settings,
    question_wav: Path,
    whisper_engine: SttEngine,  # noqa: F811
) -> None:
    events: list[Event] = []
    async with serving(settings) as (url, observed):
        with pytest.raises(EdgeError) as refused:
            await run_edge(
                url, frames_of(question_wav), whisper_engine, emit=events.append, start={},
                headers=edge_headers(url, "not-the-token-" * 4),
            )  # fmt: skip
    assert refused.value.code == "edge.refused"
    assert "HTTP 403 (check --token)" in str(refused.value)
    assert observed.kinds == [] and events == []


def test_a_remote_server_without_a_token_fails_before_the_model_loads(question_wav: Path) -> None:
    url = "wss://interviews.example.com/ws/live"
    result = runner.invoke(app, ["listen", "--audio", str(question_wav), "--connect", url])
    assert result.exit_code == 2
    assert "needs a token: pass --token or set INTERVOO_TOKEN" in result.stderr


def test_edge_headers_carry_the_token_and_the_servers_own_origin(settings: Settings) -> None:
    from intervoo.security.token import load_or_create_token

    local = load_or_create_token(settings.data_dir)
    assert edge_headers("ws://127.0.0.1:8765/ws/live", None, settings.data_dir) == {
        "Authorization": f"Bearer {local}",
        "Origin": "http://127.0.0.1:8765",
    }
    remote = edge_headers("wss://host.example/ws/live", "tok", settings.data_dir)
    assert remote == {"Authorization": "Bearer tok", "Origin": "https://host.example"}
    with pytest.raises(EdgeError, match="no_token|needs a token"):
        edge_headers("wss://host.example/ws/live", None, settings.data_dir)
    with pytest.raises(EdgeError, match="not a ws:// or wss:// URL"):
        edge_headers("http://127.0.0.1:8765/ws/live", "tok")


def test_listen_connect_uses_the_token_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, question_wav: Path
) -> None:
    """INTERVOO_TOKEN is read by --token: a URL that is not this machine's name (so no local
    token) gets past the token check and fails on its own problem (nothing listens there)."""
    monkeypatch.setenv("INTERVOO_TOKEN", "from-the-environment")
    url = f"ws://127.0.0.2:{free_port()}/ws/live"
    result = runner.invoke(app, ["listen", "--audio", str(question_wav), "--connect", url])
    assert "needs a token" not in result.stderr
    assert result.exit_code == 1 and "cannot reach" in result.stdout + result.stderr
