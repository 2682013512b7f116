"""Property: whatever text or binary frame a client sends to /ws/live, the session answers it
(an error event with a one-line message where the frame is bad) and goes on; it never dies
without an error event. Each frame is followed by a sentinel whose error proves the session
still reads frames in order. A real server (uvicorn in a thread), one session for all examples."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from websockets.sync.client import connect

from intervoo.config import Settings
from intervoo.web.app import create_app
from tests.live.server import auth_headers, seed_candidate
from tests.support.net import free_port

CHARS = st.characters(blacklist_categories=()) | st.sampled_from(["\x00", "\ud800", "\udfff"])
TEXT = st.text(max_size=30) | st.text(CHARS, max_size=30) | st.text(max_size=3000)
SCALAR = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT
VALUE = st.recursive(
    SCALAR, lambda v: st.lists(v, max_size=3) | st.dictionaries(TEXT, v, max_size=3)
)
TYPES = st.sampled_from(["start", "transcript", "ask", "stop", "dance"]) | TEXT
FIELDS = st.sampled_from(["text", "channel", "final", "company", "role", "llm"])
FRAME = st.fixed_dictionaries({"type": TYPES}, optional={"x": VALUE}).flatmap(
    lambda body: st.dictionaries(FIELDS, VALUE | TEXT, max_size=3).map(lambda f: {**body, **f})
)
# Well-formed commands whose text is hostile: the frames most likely to reach deep code.
COMMAND = st.fixed_dictionaries(
    {"type": st.sampled_from(["ask", "transcript", "start"]), "text": st.text(CHARS, max_size=40)},
    optional={"company": TEXT, "role": TEXT, "channel": st.sampled_from(["interviewer", "x"])},
)
DEEP = st.integers(1, 30_000).map(lambda n: '{"type": "ask", "text": ' + "[" * n + "]" * n + "}")
RAW = st.text(CHARS, max_size=50) | DEEP
# Binary frames with a tag that is no channel: audio frames would load the speech model.
BINARY = st.binary(max_size=64).map(lambda b: bytes([2 + (b[0] % 250 if b else 0)]) + b)
SENTINEL = '{"type": "sentinel"}'


@contextmanager
def threaded_server(settings: Settings) -> Iterator[str]:
    """The real app under uvicorn in a thread (frames go through real UTF-8 WebSockets)."""
    port = free_port()
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_config=None)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.02)
        yield f"ws://127.0.0.1:{port}/ws/live"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _send(socket: Any, frame: Any) -> None:
    if isinstance(frame, bytes | str):
        socket.send(frame)
    elif frame.get("type") != "stop":  # stop ends the session by design
        socket.send(json.dumps(frame))


def _until_sentinel(socket: Any) -> list[dict[str, Any]]:
    events = []
    while True:
        event = json.loads(socket.recv(timeout=20))  # a dead outbox times out here
        events.append(event)
        if event["type"] == "error" and "'sentinel'" in event["message"]:
            return events


def test_no_frame_kills_a_live_session_or_goes_unanswered(settings: Settings) -> None:
    seed_candidate(settings)
    with (
        threaded_server(settings) as url,
        connect(url, additional_headers=auth_headers(settings), max_size=None) as socket,
    ):
        socket.send(json.dumps({"type": "start", "company": "Amazon", "llm": "none"}))
        assert json.loads(socket.recv(timeout=20))["type"] == "status"

        @settings_for_frames
        @given(frame=COMMAND | FRAME | RAW | BINARY)
        @example(frame={"type": "ask", "text": "why \ud800 here"})  # the findings
        @example(frame={"type": "transcript", "text": "a \udfff b"})
        @example(frame='{"type": "ask", "text": ' + "[" * 20_000 + "]" * 20_000 + "}")
        def check(frame: Any) -> None:
            _send(socket, frame)
            socket.send(SENTINEL)
            for event in _until_sentinel(socket):
                assert event["type"] != "status" or event["state"] != "stopped", frame
                if event["type"] == "error":
                    assert event["code"] != "session.failed", (frame, event)
                    assert "\n" not in event["message"] and len(event["message"]) < 300

        check()


settings_for_frames = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
