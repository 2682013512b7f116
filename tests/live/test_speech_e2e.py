"""The whole loop: espeak-ng speech of an interviewer, streamed at real-time speed through
/ws/live on a real server, comes back as a question and a suggestion telling the right story."""

import asyncio
import time

import numpy as np
import pytest

from intervoo.audio.frames import encode_frame
from intervoo.config import LLMProvider, Settings
from intervoo.events import Channel, QuestionEvent, SuggestionDone, TimingEvent
from tests.live.server import LiveClient, live_client, running_server, seed_candidate
from tests.support.llm_server import LLMServer, answer
from tests.support.speech import make_speech, read_samples

pytestmark = pytest.mark.slow

QUESTION = "Tell me about a time you handled a production outage under pressure."
FRAME_SAMPLES = 1600  # 100 ms, what a browser sends


async def speak(client: LiveClient, samples: np.ndarray) -> None:
    """Send the interviewer's audio one 100 ms frame at a time, as it 'happens'."""
    started = time.monotonic()
    for index, offset in enumerate(range(0, len(samples), FRAME_SAMPLES)):
        await asyncio.sleep(max(0.0, started + index * 0.1 - time.monotonic()))
        await client.send(
            encode_frame(Channel.INTERVIEWER, samples[offset : offset + FRAME_SAMPLES])
        )


async def ask_by_voice(settings: Settings) -> LiveClient:
    samples, rate = read_samples(make_speech(QUESTION))
    assert rate == 16_000
    async with running_server(settings) as base, live_client(base, settings) as client:
        await client.send({"type": "start", "company": "Amazon"})
        await speak(client, samples)
        await client.wait_for(lambda e: isinstance(e, TimingEvent), timeout_s=60)
        await client.send({"type": "stop"})
        await client.wait_for(lambda e: e.type == "status" and e.state == "stopped", timeout_s=30)  # type: ignore[union-attr]
    return client


async def test_spoken_question_gets_the_outage_story_from_the_composer(settings: Settings) -> None:
    seed_candidate(settings)
    client = await ask_by_voice(settings)
    question = next(e for e in client.events if isinstance(e, QuestionEvent) and not e.speculative)
    assert question.kind.value == "behavioral"
    done = next(e for e in client.events if isinstance(e, SuggestionDone))
    assert "1200 ms to 300 ms" in done.text and "18%" in done.text
    assert "story: Checkout outage during the holiday peak" in done.sources
    timing = next(e for e in client.events if isinstance(e, TimingEvent))
    assert timing.speech_end is not None and timing.first_token is not None
    assert timing.first_token >= timing.speech_end


async def test_spoken_question_reaches_the_llm_with_the_outage_story(settings: Settings) -> None:
    seed_candidate(settings)
    pieces = ["At Northwind our checkout timed out.\n", "- Result: p99 from 1200 ms to 300 ms\n"]
    async with LLMServer(answer(pieces, first_delay=0.3)) as llm:
        settings.llm_provider = LLMProvider.OPENAI
        settings.llm_base_url = llm.openai_base_url
        settings.llm_model = "test-model"
        client = await ask_by_voice(settings)
        prompts = ["\n".join(m["content"] for m in e.json()["messages"]) for e in llm.exchanges]
    done = next(e for e in client.events if isinstance(e, SuggestionDone))
    assert done.text.endswith("".join(pieces)) and done.note is None
    assert "story: Checkout outage during the holiday peak" in done.sources
    # The story reaches the LLM with its numbers (its digest may be shortened to fit the prefix).
    told = [p for p in prompts if "Checkout outage" in p]
    assert any("1200 ms" in p and "300 ms" in p for p in told), prompts
