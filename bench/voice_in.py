"""Voice-in benchmark: accuracy, endpoint latency, CPU cost and memory of the speech pipeline.

    .venv/bin/python bench/voice_in.py [--questions N] [--minutes M]

Prints one JSON object. Targets (issue 6): WER of the default engine on espeak-ng en-us
interview questions <= 10%; speech end -> final transcript p95 < 500 ms; memory of a long
session flat. Speech is synthesised with espeak-ng (needs espeak-ng and sox installed).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from intervoo.audio.listen import transcribe_stream  # noqa: E402
from intervoo.audio.pipeline import SpeechPipeline  # noqa: E402
from intervoo.audio.playback import AudioClock, Speed, play  # noqa: E402
from intervoo.config import Settings  # noqa: E402
from intervoo.events import Channel, TranscriptEvent  # noqa: E402
from intervoo.stt import SttEngine, load_engine  # noqa: E402
from intervoo.stt.wer import word_errors  # noqa: E402
from tests.support.speech import make_speech, read_samples  # noqa: E402

QUESTIONS = [
    "Tell me about yourself.",
    "Why do you want to work here?",
    "What is your greatest strength?",
    "What is your biggest weakness?",
    "Tell me about a time you failed.",
    "Where do you see yourself in five years?",
    "Why are you leaving your current job?",
    "Describe a conflict with a coworker and how you resolved it.",
    "How do you prioritize when everything is urgent?",
    "What are your salary expectations?",
    "Tell me about a project you are proud of.",
    "How do you handle feedback from your manager?",
    "What would your first ninety days look like?",
    "Why should we hire you?",
    "Do you have any questions for us?",
    "How would you explain a technical decision to a non technical stakeholder?",
]
VOICES = ["en-us", "en-us+f3", "en-us+m3", "en-us+f2"]
ANSWER = "I led the migration of our billing system and cut costs by thirty percent."


def speech(text: str, voice: str, lead_ms: int = 400, tail_ms: int = 1800) -> np.ndarray:
    pcm, _ = read_samples(make_speech(text, voice=voice, lead_ms=lead_ms, tail_ms=tail_ms))
    return pcm


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.array(values), q)) if values else float("nan")


async def realtime_run(engine: SttEngine, count: int) -> dict[str, object]:
    """Questions one after another, played in real time on the interviewer channel."""
    texts = [QUESTIONS[i % len(QUESTIONS)] for i in range(count)]
    audio = np.concatenate([speech(t, VOICES[i % len(VOICES)]) for i, t in enumerate(texts)])
    started = time.monotonic()
    pipeline = SpeechPipeline(engine, clock=lambda: int((time.monotonic() - started) * 1000))
    cpu_before = time.process_time()
    events = [
        e
        async for e in transcribe_stream(
            pipeline, play({Channel.INTERVIEWER: audio}, speed=Speed.REALTIME)
        )
    ]
    cpu = time.process_time() - cpu_before
    finals = [e for e in events if e.final]
    errors, words = word_errors(" ".join(texts), " ".join(e.text for e in finals))
    latencies = [e.t - e.end for e in finals]
    first_partial = _partial_leads(events)
    return {
        "questions": count,
        "finals": len(finals),
        "wer": round(errors / words, 4),
        "speech_end_to_final_ms": {
            "p50": percentile(latencies, 50),
            "p95": percentile(latencies, 95),
            "max": max(latencies, default=None),
        },
        "partials": sum(not e.final for e in events),
        "first_partial_before_speech_end_ms_p50": percentile(first_partial, 50),
        "cpu_real_time_factor_one_channel": round(cpu / (len(audio) / 16_000), 3),
        "audio_s": round(len(audio) / 16_000, 1),
        "mismatches": [e.text for e in finals if e.text not in texts][:6],
    }


def _partial_leads(events: list[TranscriptEvent]) -> list[float]:
    """How long before the speech ended the first partial of each utterance was out."""
    leads, first_t = [], None
    for event in events:
        if not event.final and first_t is None:
            first_t = event.t
        elif event.final:
            if first_t is not None:
                leads.append(event.end - first_t)
            first_t = None
    return leads


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def long_session(engine: SttEngine, minutes: int) -> dict[str, object]:
    """A simulated interview on both channels, played fast; RSS sampled every audio minute."""
    question = speech(QUESTIONS[5], "en-us", tail_ms=600)
    answer = speech(ANSWER, "en-us+f3", lead_ms=0, tail_ms=800)
    turn = len(question) + len(answer)
    turns = minutes * 60 * 16_000 // turn + 1
    interviewer = np.tile(np.concatenate([question, np.zeros(len(answer), np.int16)]), turns)
    candidate = np.tile(np.concatenate([np.zeros(len(question), np.int16), answer]), turns)
    clock = AudioClock()
    pipeline = SpeechPipeline(engine, clock=clock)
    samples: list[float] = []
    next_minute = 0
    finals = 0
    wall = time.monotonic()
    sources = {Channel.INTERVIEWER: interviewer, Channel.CANDIDATE: candidate}
    async for event in transcribe_stream(pipeline, play(sources, speed=Speed.FAST, clock=clock)):
        finals += event.final
        if clock.position_ms >= next_minute * 60_000:
            samples.append(round(rss_mb(), 1))
            next_minute += 1
    return {
        "audio_minutes": round(len(interviewer) / 16_000 / 60, 1),
        "finals": finals,
        "rss_mb_each_minute": samples,
        "rss_growth_after_minute_2_mb": round(samples[-1] - samples[min(2, len(samples) - 1)], 1),
        "wall_s": round(time.monotonic() - wall, 1),
    }


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=len(QUESTIONS))
    parser.add_argument("--minutes", type=int, default=10)
    args = parser.parse_args()
    started = time.monotonic()
    engine = load_engine(Settings(stt_engine="faster-whisper", stt_model=None))
    load_s = time.monotonic() - started
    try:
        live = await realtime_run(engine, args.questions)
        memory = await long_session(engine, args.minutes)
    finally:
        engine.close()
    latency = live["speech_end_to_final_ms"]
    assert isinstance(latency, dict)
    result = {
        "bench": "voice_in",
        "engine": "faster-whisper tiny.en int8 (bundled)",
        "model_load_s": round(load_s, 2),
        "targets": {"wer_max": 0.10, "speech_end_to_final_p95_ms_max": 500, "memory": "flat"},
        "realtime": live,
        "long_session": memory,
        "met": {
            "wer": live["wer"] <= 0.10,  # type: ignore[operator]
            "latency_p95": latency["p95"] < 500,
        },
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    asyncio.run(main())
