"""The debrief end to end with real speech on both channels: espeak-ng voices for the
interviewer and the candidate, streamed through /ws/live on a real server and transcribed
there. The debrief lists each question with the candidate's own words, offers the story told
live as a draft with its numbers, and nothing is stored until it is saved."""

from __future__ import annotations

import re

import numpy as np
import pytest

from intervoo.audio.frames import encode_frame
from intervoo.config import Settings
from intervoo.events import Channel, DebriefEvent, Event, QuestionEvent, TranscriptEvent
from tests.debrief.test_ws_debrief import stories_in_db
from tests.live.server import LiveClient, live_client, running_server, seed_candidate
from tests.support.speech import make_speech, read_samples

pytestmark = pytest.mark.slow

FRAME = 1600  # 100 ms
RELIABLE_Q = "Tell me about a time you made a system more reliable."
RELIABLE_SAID = [
    "At Globex our billing reconciliation ran as nightly scripts that failed silently.",
    "I was asked to make it reliable before the annual audit.",
    "I moved the jobs onto a scheduler, wrote checks that compared every total with the "
    "ledger, and paged the on call engineer on any mismatch.",
    "As a result reconciliation time fell from five days to six hours, and we passed the "
    "audit with zero findings.",
]
WHY_Q = "Why do you want to work at Amazon?"
WHY_SAID = ["Because I love building reliable systems that customers depend on."]


def speech(parts: list[str] | str, voice: str) -> np.ndarray:
    samples, rate = read_samples(make_speech(parts, voice=voice, pause_ms=400, tail_ms=2000))
    assert rate == 16_000
    return samples


async def send(client: LiveClient, channel: Channel, samples: np.ndarray) -> None:
    """As fast as the socket takes it: the server holds a client to real time itself."""
    for offset in range(0, len(samples), FRAME):
        await client.send(encode_frame(channel, samples[offset : offset + FRAME]))


async def ask_and_answer(client: LiveClient, question: str, said: list[str]) -> str:
    await send(client, Channel.INTERVIEWER, speech(question, "en-us"))
    asked = await client.wait_for(
        lambda e: isinstance(e, QuestionEvent) and not e.speculative, timeout_s=90,
        after=len(client.events),
    )  # fmt: skip
    heard = len(client.events)
    await send(client, Channel.CANDIDATE, speech(said, "en-us+f3"))
    await answered(client, heard)
    assert isinstance(asked, QuestionEvent)
    return asked.id


async def answered(client: LiveClient, since: int, quiet_s: float = 3.0) -> None:
    """Until the candidate's words are transcribed: a final, then a quiet moment (the
    interviewer waits for the answer before the next question)."""
    await client.wait_for(candidate_final, timeout_s=90, after=since)
    while True:
        seen = len(client.events)
        try:
            await client.wait_for(candidate_final, timeout_s=quiet_s, after=seen)
        except TimeoutError:
            return


def candidate_final(event: Event) -> bool:
    return isinstance(event, TranscriptEvent) and event.final and event.channel is Channel.CANDIDATE


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower()))


async def test_a_spoken_interview_gets_its_debrief_and_nothing_is_stored(
    settings: Settings,
) -> None:
    user_id = seed_candidate(settings)
    before = stories_in_db(settings, user_id)
    async with running_server(settings) as base, live_client(base, settings) as client:
        await client.send({"type": "start", "company": "Amazon", "llm": "none", "debrief": True})
        first = await ask_and_answer(client, RELIABLE_Q, RELIABLE_SAID)
        second = await ask_and_answer(client, WHY_Q, WHY_SAID)
        await client.send({"type": "stop", "debrief": True})
        event = await client.wait_for(lambda e: isinstance(e, DebriefEvent), timeout_s=120)
    assert isinstance(event, DebriefEvent)
    debrief = event.debrief
    reviews = {q["id"]: q for q in debrief["questions"]}
    assert list(reviews) == [first, second]
    assert "reliable" in reviews[first]["question"].lower()
    # The candidate's own words, as the server heard them on the candidate channel.
    said = words(reviews[first]["said"])
    assert {"reconciliation", "audit", "ledger", "engineer"} <= said, reviews[first]["said"]
    assert {"reliable", "customers"} <= words(reviews[second]["said"])
    (draft,) = debrief["new_stories"]
    assert draft["question_id"] == first
    numbers = " ".join(draft["numbers"]).lower()
    assert re.search(r"(5|five) days", numbers) and re.search(r"(6|six) hours", numbers), numbers
    assert stories_in_db(settings, user_id) == before  # offered, not stored
