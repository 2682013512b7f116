import httpx

from intervoo.config import LLMProvider, Settings
from intervoo.events import ChannelTag, ErrorEvent, QuestionEvent, StatusEvent, SuggestionDone
from tests.live.server import auth_headers, live_client, running_server, seed_candidate
from tests.support.llm_server import LLMServer, Reply, openai_events, stream_reply

OUTAGE_Q = "Tell me about a time you handled a production outage under pressure."


def is_done(event: object) -> bool:
    return isinstance(event, SuggestionDone)


async def test_device_transcripts_get_a_personal_answer_and_bad_frames_get_errors(
    settings: Settings,
) -> None:
    seed_candidate(settings)
    async with running_server(settings) as base, live_client(base, settings) as client:
        await client.send({"type": "transcript", "text": "too early"})
        await client.send({"type": "start", "company": "Amazon", "role": "Staff Engineer"})
        started = await client.wait_for(lambda e: isinstance(e, StatusEvent))
        await client.send(
            {"type": "transcript", "channel": "interviewer", "text": OUTAGE_Q, "final": True}
        )
        done = await client.wait_for(is_done)
        for bad in (
            "not json",
            {"type": "dance"},
            {"type": "transcript", "text": 5},
            b"\x07\x00\x00",
        ):
            await client.send(bad)  # type: ignore[arg-type]
        await client.send({"type": "ask", "text": "Why do you want to work at Amazon?"})
        second = await client.wait_for(lambda e: is_done(e) and e is not done)
        await client.send({"type": "stop"})
        await client.wait_for(lambda e: isinstance(e, StatusEvent) and e.state == "stopped")
        async with httpx.AsyncClient(headers=auth_headers(settings)) as http:
            ledger = (await http.get(f"{base}/api/live/{started.session_id}/ledger")).json()  # type: ignore[union-attr]
            missing = await http.get(f"{base}/api/live/nope/ledger")
    errors = [e.code for e in client.events if isinstance(e, ErrorEvent)]
    assert errors == [
        "session.not_started",
        "frame.bad_json",
        "frame.unknown_type",
        "frame.bad_field",
        "frame.channel",
    ]
    question = next(e for e in client.events if isinstance(e, QuestionEvent))
    assert question.kind.value == "behavioral" and not question.speculative
    assert isinstance(done, SuggestionDone) and "300 ms" in done.text
    assert "story: Checkout outage during the holiday peak" in done.sources
    assert "Customer Obsession" in done.text  # Amazon's value, from the bundled profile
    assert isinstance(second, SuggestionDone) and second.text.startswith("What draws me to Amazon")
    assert ledger["sent_to_llm"] == [] and missing.status_code == 404


async def test_with_an_llm_the_ledger_shows_what_was_sent_and_a_disconnect_stops_the_stream(
    settings: Settings,
) -> None:
    seed_candidate(settings)
    first_then_stall: Reply = stream_reply(openai_events(["I moved payments"])[:2], end="stall")
    async with LLMServer(first_then_stall) as llm:
        settings.llm_provider = LLMProvider.OPENAI
        settings.llm_base_url = llm.openai_base_url
        settings.llm_model = "test-model"
        async with running_server(settings) as base:
            async with live_client(base, settings) as client:
                await client.send({"type": "start", "company": "Amazon"})
                started = await client.wait_for(lambda e: isinstance(e, StatusEvent))
                await client.send({"type": "ask", "text": OUTAGE_Q})
                await client.wait_for(
                    lambda e: e.type == "suggestion.delta" and e.text == "I moved payments"
                )
            left = await llm.wait_disconnect(within_s=5)
            async with httpx.AsyncClient(headers=auth_headers(settings)) as http:
                ledger = (await http.get(f"{base}/api/live/{started.session_id}/ledger")).json()  # type: ignore[union-attr]
    assert left.client_left
    warm, entry = ledger["sent_to_llm"]  # the session prefix warmed the cache first (issue 31)
    assert warm["question_id"] == "prefix"
    asked = [e for e in llm.exchanges if OUTAGE_Q in e.body.decode()]
    assert len(asked) == 1 and asked[0].client_left
    assert entry["messages"] == asked[0].json()["messages"]
    assert entry["model"] == "test-model" and OUTAGE_Q in entry["messages"][1]["content"]


async def test_a_speech_engine_that_cannot_load_is_reported_once_and_text_goes_on(
    settings: Settings,
) -> None:
    seed_candidate(settings)
    settings.stt_engine = "no-such-engine"
    frame = bytes([ChannelTag.INTERVIEWER]) + bytes(3200)  # 100 ms of silence
    async with running_server(settings) as base, live_client(base, settings) as client:
        await client.send({"type": "start"})
        for _ in range(3):
            await client.send(frame)
        await client.send({"type": "ask", "text": OUTAGE_Q})
        await client.wait_for(is_done)
        await client.send({"type": "stop"})
        await client.wait_for(lambda e: isinstance(e, StatusEvent) and e.state == "stopped")
    errors = [e for e in client.events if isinstance(e, ErrorEvent)]
    assert [e.code for e in errors] == ["stt.unavailable"]
    assert "no-such-engine" in errors[0].message


async def test_a_broken_llm_setting_is_an_error_event_and_the_composer_answers(
    settings: Settings,
) -> None:
    seed_candidate(settings)
    settings.llm_provider = LLMProvider.OPENAI
    settings.llm_model = None
    async with running_server(settings) as base, live_client(base, settings) as client:
        await client.send({"type": "start"})
        await client.send({"type": "ask", "text": OUTAGE_Q})
        done = await client.wait_for(is_done)
        await client.send({"type": "stop"})
        await client.wait_for(lambda e: isinstance(e, StatusEvent) and e.state == "stopped")
    errors = [e for e in client.events if isinstance(e, ErrorEvent)]
    assert [e.code for e in errors] == ["llm_config"]
    assert errors[0].message.endswith("— using the offline composer")
    assert isinstance(done, SuggestionDone) and "1200 ms to 300 ms" in done.text
