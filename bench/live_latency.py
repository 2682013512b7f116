"""Live latency: espeak-ng questions played at real-time speed through /ws/live.

Measured on the client: speech end (when the frame holding the last spoken
sample was sent) → first `suggestion.delta` received. Server side, from the
`timing` events: final transcript → first token. Targets on this machine:
p95 <= 800 ms with the default stack and the composer; p95 <= 1000 ms with a
test LLM whose first token comes 300 ms after the request; final transcript →
first token with the composer < 20 ms p99. Prints one JSON object.

As in a real interview, the candidate answers each question before the next one
(sent as a device-side transcript, so the speech model's CPU time goes to the
interviewer's channel only): without an answer, a question within a few seconds
of the last one is its second part and is merged into it, and partials of a
second part start no speculative answer. In LLM mode the report says how many
answers were already under way when the final transcript confirmed them.
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from intervoo.audio.frames import encode_frame  # noqa: E402
from intervoo.config import LLMProvider, Settings  # noqa: E402
from intervoo.events import Channel, QuestionEvent, SuggestionDone, TimingEvent  # noqa: E402
from tests.live.server import LiveClient, live_client, running_server, seed_candidate  # noqa: E402
from tests.support.llm_server import LLMServer, answer  # noqa: E402
from tests.support.speech import make_speech, read_samples  # noqa: E402

QUESTIONS = [
    "Tell me about a time you handled a production outage under pressure.",
    "Tell me about a time you disagreed with a colleague.",
    "Why do you want to work at Amazon?",
    "How would you design a rate limiter for a public API?",
    "Walk me through your resume.",
    "What is your biggest weakness?",
]
CANDIDATE_REPLY = "Sure. At Northwind I owned checkout, so I can talk about that."
FRAME = 1600  # 100 ms at 16 kHz
TAIL_MS = 1800
LLM_FIRST_TOKEN_S = 0.3


def last_voiced_sample(samples: np.ndarray) -> int:
    """Index of the last sample above 0.5% of the peak: espeak-ng ends its own output with some
    silence, so the end of the file minus the added tail would be late."""
    loud = np.flatnonzero(np.abs(samples.astype(np.int32)) > 0.005 * np.abs(samples).max())
    return int(loud[-1]) if len(loud) else len(samples) - 1


async def play(client: LiveClient, samples: np.ndarray) -> float:
    """Send at real-time speed; returns when the frame with the last spoken sample went out."""
    last_spoken = last_voiced_sample(samples)
    started = time.monotonic()
    speech_end = 0.0
    for index, offset in enumerate(range(0, len(samples), FRAME)):
        await asyncio.sleep(max(0.0, started + index * 0.1 - time.monotonic()))
        await client.send(encode_frame(Channel.INTERVIEWER, samples[offset : offset + FRAME]))
        if offset <= last_spoken < offset + FRAME:
            speech_end = time.monotonic()
    return speech_end


async def warm_up(client: LiveClient) -> None:
    """One utterance that is not a question: loads the speech model, as a server start does."""
    seen = len(client.events)
    await play(
        client, read_samples(make_speech("Hello there, nice to meet you.", tail_ms=TAIL_MS))[0]
    )
    await client.wait_for(lambda e: e.type == "transcript" and e.final, 60, after=seen)  # type: ignore[union-attr]


@dataclass
class Asked:
    latency_ms: float  # speech end -> first suggestion.delta, on the client
    timing: TimingEvent
    speculated: bool  # a speculative question event came before the final one
    ttft_after_confirm_ms: float | None  # suggestion.done's ttft_ms: 0 when already answered


async def ask(client: LiveClient, text: str) -> Asked:
    samples, _ = read_samples(make_speech(text, tail_ms=TAIL_MS))
    seen = len(client.events)
    speech_end = await play(client, samples)
    delta = await client.wait_for(lambda e: e.type == "suggestion.delta", 30, after=seen)
    first = client.arrived_at[client.events.index(delta, seen)]
    timing = await client.wait_for(lambda e: isinstance(e, TimingEvent), 30, after=seen)
    assert isinstance(timing, TimingEvent)
    done = next(
        e
        for e in client.events[seen:]
        if isinstance(e, SuggestionDone) and e.question_id == timing.question_id
    )
    speculated = any(
        isinstance(e, QuestionEvent) and e.speculative and e.id == timing.question_id
        for e in client.events[seen:]
    )
    reply = {"type": "transcript", "channel": "candidate", "text": CANDIDATE_REPLY}
    await client.send({**reply, "final": True})
    return Asked((first - speech_end) * 1000, timing, speculated, done.ttft_ms)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))], 1)


async def run_mode(settings: Settings) -> dict[str, object]:
    asked: list[Asked] = []
    async with running_server(settings) as base, live_client(base, settings) as client:
        await client.send({"type": "start", "company": "Amazon"})
        await client.wait_for(lambda e: e.type == "status")
        await warm_up(client)
        for text in QUESTIONS:
            asked.append(await ask(client, text))
        await client.send({"type": "stop"})
        await client.wait_for(lambda e: e.type == "status" and e.state == "stopped")  # type: ignore[union-attr]
    latencies = [a.latency_ms for a in asked]
    final_to_token = [
        a.timing.first_token - a.timing.transcript_final
        for a in asked
        if a.timing.first_token is not None and a.timing.transcript_final is not None
    ]
    return {
        "speech_end_to_first_token_ms": {
            "p50": pct(latencies, 0.5),
            "p95": pct(latencies, 0.95),
            "all": [round(v, 1) for v in latencies],
        },
        "final_transcript_to_first_token_ms": {
            "p99": pct(final_to_token, 0.99) if final_to_token else None,
            "all": final_to_token,
        },
        "distinct_questions": len({a.timing.question_id for a in asked}),
        "speculated": sum(a.speculated for a in asked),
        "ttft_after_confirm_ms": [a.ttft_after_confirm_ms for a in asked],
    }


async def main() -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp))
        seed_candidate(settings)
        composer = await run_mode(settings)
        async with LLMServer(answer(["I led", " the fix."], first_delay=LLM_FIRST_TOKEN_S)) as llm:
            settings.llm_provider = LLMProvider.OPENAI
            settings.llm_base_url = llm.openai_base_url
            settings.llm_model = "test-model"
            with_llm = await run_mode(settings)
    composer_p95 = composer["speech_end_to_first_token_ms"]["p95"]  # type: ignore[index]
    llm_p95 = with_llm["speech_end_to_first_token_ms"]["p95"]  # type: ignore[index]
    final_p99 = composer["final_transcript_to_first_token_ms"]["p99"]  # type: ignore[index]
    return {
        "benchmark": "live_latency",
        "questions": len(QUESTIONS),
        "composer": composer,
        "llm_300ms_first_token": with_llm,
        "targets": {
            "composer_p95_ms": 800,
            "llm_p95_ms": 1000,
            "composer_final_to_first_token_p99_ms": 20,
        },
        "meets_targets": {
            "composer": composer_p95 <= 800,
            "llm": llm_p95 <= 1000,
            "final_to_first_token": final_p99 is not None and final_p99 < 20,
        },
    }


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main())))
