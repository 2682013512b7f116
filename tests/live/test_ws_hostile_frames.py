"""Frames no client should send (lone surrogates, NUL, JSON nested thousands deep, huge or odd
`type` values) each get one clear error event, and the session goes on answering."""

from __future__ import annotations

import pytest

from intervoo.config import Settings
from intervoo.events import ErrorEvent, StatusEvent, SuggestionDone
from tests.live.server import live_client, running_server, seed_candidate

ASK_OK = {"type": "ask", "text": "Why do you want to work at Amazon?"}
DEEP = '{"type": "ask", "text": ' + "[" * 20_000 + "]" * 20_000 + "}"
HOSTILE: list[tuple[str, str]] = [
    ('{"type": "ask", "text": "why \\ud800 here"}', "frame.bad_text"),
    ('{"type": "transcript", "channel": "interviewer", "text": "a \\udfff b"}', "frame.bad_text"),
    ('{"type": "ask", "text": "nul \\u0000 inside"}', "frame.bad_text"),
    ('{"type": "start", "company": "\\ud83d"}', "frame.bad_text"),
    (DEEP, "frame.bad_json"),
    ('{"type": ' + "[" * 900 + "]" * 900 + "}", "frame.unknown_type"),
    ('{"type": "\\ud800"}', "frame.unknown_type"),
]


@pytest.mark.parametrize(("frame", "code"), HOSTILE)
async def test_a_hostile_frame_is_one_error_and_the_session_goes_on(
    settings: Settings, frame: str, code: str
) -> None:
    seed_candidate(settings)
    async with running_server(settings) as base, live_client(base, settings) as client:
        await client.send({"type": "start", "company": "Amazon"})
        await client.wait_for(lambda e: isinstance(e, StatusEvent))
        await client.socket.send(frame)
        error = await client.wait_for(lambda e: isinstance(e, ErrorEvent))
        await client.send(ASK_OK)
        done = await client.wait_for(lambda e: isinstance(e, SuggestionDone))
    assert isinstance(error, ErrorEvent) and error.code == code, error
    assert "\n" not in error.message and len(error.message) < 200
    assert isinstance(done, SuggestionDone) and done.text.startswith("What draws me to Amazon")


async def test_a_hostile_frame_before_start_is_an_error_too(settings: Settings) -> None:
    seed_candidate(settings)
    async with running_server(settings) as base, live_client(base, settings) as client:
        await client.socket.send(DEEP)
        await client.socket.send('{"type": "start", "role": "\\udc00"}')
        await client.send({"type": "start", "company": "Amazon"})
        await client.wait_for(lambda e: isinstance(e, StatusEvent))
        await client.send(ASK_OK)
        await client.wait_for(lambda e: isinstance(e, SuggestionDone))
    codes = [e.code for e in client.events if isinstance(e, ErrorEvent)]
    assert codes == ["frame.bad_json", "frame.bad_text"]
