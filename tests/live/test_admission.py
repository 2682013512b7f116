"""Server-side transcription is admitted up to the server's capacity; the next session is
told why it gets no transcripts, and text-only sessions are never refused."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from intervoo.audio.frames import encode_frame
from intervoo.config import Settings
from intervoo.events import Channel
from intervoo.live.admission import AudioAdmission, default_capacity, usable_cpus
from intervoo.web.app import create_app
from tests.audio.fakes import ScriptedEngine, silence
from tests.support.auth import authenticated_client

WS_URL = "ws://127.0.0.1/ws/live"
START = {"type": "start", "llm": "none"}
QUIET = encode_frame(Channel.INTERVIEWER, silence(100).astype(np.int16))
ASK = {"type": "transcript", "channel": "interviewer", "text": "Why do you want this job?"}


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    settings.live_audio_sessions = 1
    app = create_app(settings)
    app.state.stt_engine = ScriptedEngine({})  # the seam: no model to load
    with authenticated_client(app) as test_client:
        yield test_client


def _until(socket: Any, kind: str) -> dict[str, Any]:
    while (event := socket.receive_json())["type"] != kind:
        pass
    return event  # type: ignore[no-any-return]


def test_capacity_follows_the_cpus_this_process_may_use() -> None:
    assert default_capacity() >= usable_cpus() >= 1
    admission = AudioAdmission(1)
    assert admission.try_admit("a") and admission.try_admit("a")
    assert not admission.try_admit("b")
    admission.release("a")
    assert admission.try_admit("b")


def test_the_audio_session_past_capacity_gets_one_clear_error_and_text_still_works(
    client: TestClient,
) -> None:
    with client.websocket_connect(WS_URL) as first:
        first.send_json(START)
        _until(first, "status")
        first.send_bytes(QUIET)
        with client.websocket_connect(WS_URL) as second:
            second.send_json(START)
            _until(second, "status")
            second.send_bytes(QUIET)
            second.send_bytes(QUIET)  # refused once, then dropped without more errors
            second.send_json(ASK)
            error = _until(second, "error")
            assert error["code"] == "live.audio_busy"
            assert "1 live sessions" in error["message"] and "--connect" in error["message"]
            done = _until(second, "suggestion.done")
            assert done["text"]
            assert client.app.state.audio_admission.active == 1  # type: ignore[attr-defined]
    # Ended sessions give their place back.
    assert client.app.state.audio_admission.active == 0  # type: ignore[attr-defined]
    with client.websocket_connect(WS_URL) as third:
        third.send_json(START)
        _until(third, "status")
        third.send_bytes(QUIET)
        third.send_json({"type": "stop"})
        events = []
        while (event := third.receive_json())["type"] != "status":
            events.append(event)
        assert not [e for e in events if e["type"] == "error"]
