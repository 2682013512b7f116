"""No transcript, resume or answer text in any log line: a whole session of use, logged
at DEBUG, is scanned for the text the user gave it."""

from __future__ import annotations

import logging

import pytest

from intervoo.config import Settings
from intervoo.web.app import create_app
from tests.security.crossuser import SENTINEL, seed
from tests.support.auth import authenticated_client

WS_URL = "ws://127.0.0.1/ws/live"


def test_nothing_the_user_wrote_or_said_reaches_a_log_line(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG), authenticated_client(create_app(settings)) as client:
        seed(client)  # resume, stories, company, target, saved answer, practice answer
        client.post("/api/stories/match", json={"question": f"Tell me about {SENTINEL} outages"})
        with client.websocket_connect(WS_URL) as socket:
            socket.send_json(
                {"type": "start", "company": "Acme", "role": "Engineer", "llm": "none"}
            )
            assert socket.receive_json()["type"] == "status"
            socket.send_json(
                {
                    "type": "transcript",
                    "channel": "interviewer",
                    "final": True,
                    "text": f"Tell me about a time you fixed the {SENTINEL} queue?",
                }
            )
            socket.send_json({"type": "ask", "text": f"Why {SENTINEL}?"})
            socket.send_json({"type": "stop"})
            while socket.receive_json().get("state") != "stopped":
                pass
    assert len(caplog.records) > 5  # the run did log (ids and sizes)
    company_slug = f"{SENTINEL}-labs"  # an id (the company B added), which logs may name
    for record in caplog.records:
        message = record.getMessage().lower().replace(company_slug, "<slug>")
        assert SENTINEL not in message, (record.name, record.getMessage())
