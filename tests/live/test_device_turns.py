"""Issue 30: a device that endpoints its own speech (the browser's recognizer) sends the words
it heard at a pause and is told how much silence ends the turn, by the server path's rule."""

from __future__ import annotations

import pytest

from intervoo.audio.endpoint import EndpointConfig
from intervoo.config import Settings
from intervoo.events import Channel, ErrorEvent, StatusEvent, TranscriptEvent, TurnEndEvent
from intervoo.live.device_turns import turn_end
from intervoo.live.protocol import DeviceTranscript, ProtocolError, parse_command
from tests.live.server import live_client, running_server, seed_candidate

CONFIG = EndpointConfig()


def paused(text: str, pause: int = 1) -> DeviceTranscript:
    return DeviceTranscript(Channel.INTERVIEWER, text, final=False, pause=pause)


def test_a_finished_question_ends_soon_and_a_trailing_phrase_waits_for_the_rest() -> None:
    finished = turn_end(paused("Why do you want to work here?", pause=7))
    trailing = turn_end(paused("Tell me about a time when"))
    assert finished == TurnEndEvent(Channel.INTERVIEWER, 7, CONFIG.min_end_silence_ms)
    # Longer than even a heard '?' waits: the words say more is coming.
    assert trailing is not None and trailing.silence_ms > CONFIG.asked_end_silence_ms
    # A '?' the decoder put after "when" is the voice rising, not the question's end.
    rising = turn_end(paused("Tell me about a time when?"))
    assert rising is not None and rising.silence_ms == trailing.silence_ms


def test_only_a_partial_sent_at_a_pause_is_answered() -> None:
    assert turn_end(DeviceTranscript(Channel.INTERVIEWER, "Why here?", final=False)) is None
    assert turn_end(DeviceTranscript(Channel.INTERVIEWER, "Why here?", final=True)) is None


def test_the_pause_id_is_parsed_and_a_bad_one_is_refused_with_its_reason() -> None:
    frame = '{"type":"transcript","channel":"candidate","text":"I led it.","final":false,"pause":3}'
    assert parse_command(frame) == DeviceTranscript(Channel.CANDIDATE, "I led it.", False, 3)
    for bad, reason in (
        ('"pause":"3","final":false', "integer"),
        ('"pause":true,"final":false', "integer"),
        ('"pause":-1,"final":false', "integer"),
        (f'"pause":{2**31},"final":false', "integer"),
        ('"pause":3,"final":true', "partial"),
    ):
        with pytest.raises(ProtocolError, match=reason) as raised:
            parse_command('{"type":"transcript","text":"I led it.",' + bad + "}")
        assert raised.value.code == "frame.bad_field"


async def test_the_live_socket_answers_a_pause_before_it_detects_the_question(
    settings: Settings,
) -> None:
    seed_candidate(settings)
    question = "Why do you want to work at Amazon?"
    async with running_server(settings) as base, live_client(base, settings) as client:
        await client.send({"type": "start", "company": "Amazon"})
        await client.wait_for(lambda e: isinstance(e, StatusEvent))
        for pause, text in ((1, "So tell me about a time when"), (2, question)):
            await client.send(
                {"type": "transcript", "channel": "interviewer", "text": text, "final": False,
                 "pause": pause}
            )  # fmt: skip
            await client.wait_for(lambda e, p=pause: isinstance(e, TurnEndEvent) and e.pause == p)
        await client.send({"type": "transcript", "text": question, "final": False, "pause": "x"})
        await client.wait_for(lambda e: isinstance(e, ErrorEvent))
        await client.send({"type": "stop"})
        await client.wait_for(lambda e: isinstance(e, StatusEvent) and e.state == "stopped")
    ends = [e for e in client.events if isinstance(e, TurnEndEvent)]
    assert [e.pause for e in ends] == [1, 2]
    assert ends[0].silence_ms > CONFIG.asked_end_silence_ms
    assert ends[1].silence_ms == CONFIG.min_end_silence_ms
    # Each answer comes just before the session's own echo of the words it answers.
    order = [e for e in client.events if isinstance(e, TurnEndEvent | TranscriptEvent)]
    assert [(type(e).__name__, getattr(e, "text", None)) for e in order] == [
        ("TurnEndEvent", None),
        ("TranscriptEvent", "So tell me about a time when"),
        ("TurnEndEvent", None),
        ("TranscriptEvent", question),
    ]
