"""Live latency: espeak-ng questions played at real-time speed through /ws/live, stage by stage.

    .venv/bin/python bench/live_latency.py [--frame-ms 32] [--sessions 1 2 4 6] [--quick]
        [--variants current,no-quick,final-waits [--rounds N]]

Frames go out as a browser sends them: each at the *end* of the span it holds, so the last
spoken sample reaches the server up to one frame late, as in real use. Speech end is the moment
the last voiced sample was spoken (in real time), on the client's clock.

Per question, in two modes (the offline composer; a test LLM whose first token comes 300 ms
after the request), p50/p95/max of each stage:
- `speech_end_to_final_ms`: until the final transcript reached the client;
- `final_decode_ms`: how long the decode whose text became the final took (the engine is
  wrapped to time every call), and `final_decode_started_ms`: when it started after speech end
  (speculative decodes start in the pause, before the turn is known to be over);
- `final_to_first_token_ms`: final transcript → first `suggestion.delta`, both on the client;
- `speech_end_to_first_token_ms`: the total the user sees (with an LLM that first token is
  the composer's opener, shown at once; the LLM's bullets follow below it);
- `final_to_llm_token_ms`: with the LLM, final transcript → the LLM's own first token (session
  clock, from the timing event): negative when the request went out on a partial.
`waited_on_decode` counts finals that came out less than 10 ms after their decode returned
(the decode, not the silence rule, was the limit). With the LLM: `llm_requests_per_question`
(requests the test LLM received, per question asked). Cuts: every question must give exactly
one interviewer final and one confirmed question; `cut_questions` lists those that did not,
and `wer` is the word error rate of the finals against what was said.

The concurrency curve runs `intervoo serve` as its own process with N sessions (the composer)
streaming questions at once, each session's start offset by 370 ms so their turns overlap
without being in lockstep; it reports speech end → first token p50/p95 per N.

`--variants` runs the in-process modes once per variant, in turns (`--rounds` times), on the
same questions: `current` as shipped, `no-quick` without the quick decode at the first short
pause that lets a surely finished question end its turn before the final's decode is back,
`final-waits` with the final's decode waiting for a quick decode still running instead of
running beside it.
`early_shown` counts questions whose answer was shown before their final transcript.

As in a real interview, the candidate answers each question before the next one (sent as a
device-side transcript): without an answer, a question within a few seconds of the last one is
its second part and is merged into it. Prints one JSON object; needs espeak-ng.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import intervoo.audio.pipeline  # noqa: E402
from intervoo.audio.endpoint import EndpointConfig  # noqa: E402
from intervoo.audio.frames import Samples, encode_frame  # noqa: E402
from intervoo.config import LLMProvider, Settings  # noqa: E402
from intervoo.events import (  # noqa: E402
    Channel,
    QuestionEvent,
    SuggestionDelta,
    TimingEvent,
    TranscriptEvent,
)
from intervoo.stt import SttEngine, load_engine  # noqa: E402
from intervoo.stt.wer import word_error_rate  # noqa: E402
from intervoo.web.app import create_app  # noqa: E402
from tests.live.server import LiveClient, live_client, running_server, seed_candidate  # noqa: E402
from tests.support.llm_server import LLMServer, answer  # noqa: E402
from tests.support.net import free_port, wait_http_ok  # noqa: E402
from tests.support.speech import make_speech, read_samples  # noqa: E402

RATE = 16_000


@dataclass(frozen=True)
class Spoken:
    parts: tuple[str, ...]  # two parts are said with a 700 ms pause between them
    voice: str = "en-us"
    wpm: int = 160

    @property
    def text(self) -> str:
        return " ".join(self.parts)


def _q(*parts: str, voice: str = "en-us", wpm: int = 160) -> Spoken:
    return Spoken(parts, voice, wpm)


QUESTIONS = [
    _q("Tell me about a time you handled a production outage under pressure."),
    _q("Tell me about a time you disagreed with a colleague.", voice="en-us+f3", wpm=150),
    _q("Why do you want to work at Amazon?"),
    _q("How would you design a rate limiter for a public API?", voice="en-us+m3", wpm=175),
    _q("Walk me through your resume."),
    _q("What is your biggest weakness?", voice="en-us+f2", wpm=145),
    _q("Tell me about a time when", "you had to disagree with your manager."),
    _q("Where do you see yourself in five years?", voice="en-us+f4", wpm=165),
    _q("Why are you leaving your current job?", voice="en-us+m3"),
    _q("How do you prioritize when everything is urgent?", voice="en-us+f3", wpm=170),
    _q(
        "Can you walk me through a project where the requirements changed halfway through,"
        " how you found out, and what you did to keep the launch on schedule?",
        wpm=175,
    ),
    _q("What are your salary expectations?", voice="en-us+f2"),
    _q("Describe the project that", "you are most proud of and why.", voice="en-us+f3"),
    _q("Why should we hire you?", voice="en-us+m3", wpm=150),
    _q("How do you handle feedback from your manager?", voice="en-us+f4"),
    _q(
        "Tell me about the most difficult technical decision you made on your last team,"
        " who disagreed with it, and how you brought them around.",
        voice="en-us+m3",
        wpm=165,
    ),
    _q("What do you know about our company?"),
    _q("Tell me about a time you missed a deadline.", voice="en-us+f2", wpm=160),
    _q("How do you handle stress and pressure?", voice="en-us+f3", wpm=180),
    _q("Do you have any questions for us?", voice="en-us+f4", wpm=155),
]
CANDIDATE_REPLY = "Sure. At Northwind I owned checkout, so I can talk about that."
LEAD_MS, TAIL_MS = 300, 1800
LLM_FIRST_TOKEN_S = 0.3
VARIANTS: dict[str, dict[str, Any]] = {
    "current": {},
    "no-quick": {"quick_pause_ms": 0},
    "final-waits": {"final_waits_for_quick": True},
}
CURVE_STAGGER_S = 0.37


def speech(spoken: Spoken) -> Samples:
    path = make_speech(
        list(spoken.parts),
        voice=spoken.voice,
        words_per_minute=spoken.wpm,
        pause_ms=700,
        lead_ms=LEAD_MS,
        tail_ms=TAIL_MS,
    )
    return read_samples(path)[0]


def last_voiced_sample(samples: np.ndarray) -> int:
    """Index of the last sample above 0.5% of the peak: espeak-ng ends its own output with some
    silence, so the end of the file minus the added tail would be late."""
    loud = np.flatnonzero(np.abs(samples.astype(np.int32)) > 0.005 * np.abs(samples).max())
    return int(loud[-1]) if len(loud) else len(samples) - 1


async def play(client: LiveClient, samples: np.ndarray, frame_ms: int) -> float:
    """Send at real-time speed, each frame at the end of its span; returns the monotonic time
    at which the last voiced sample was spoken."""
    frame = RATE * frame_ms // 1000
    started = time.monotonic()
    for offset in range(0, len(samples), frame):
        chunk = samples[offset : offset + frame]
        await asyncio.sleep(max(0.0, started + (offset + len(chunk)) / RATE - time.monotonic()))
        await client.send(encode_frame(Channel.INTERVIEWER, chunk))
    return started + (last_voiced_sample(samples) + 1) / RATE


class TimedEngine:
    """The real engine, with the start and end (time.monotonic) of every call recorded."""

    def __init__(self, engine: SttEngine) -> None:
        self._engine = engine
        self.calls: list[tuple[float, float, bool]] = []  # start, end, partial

    @property
    def name(self) -> str:
        return self._engine.name

    def transcribe(
        self, audio: Samples, *, partial: bool = False, vocabulary: Sequence[str] = ()
    ) -> str:
        started = time.monotonic()
        try:
            return self._engine.transcribe(audio, partial=partial, vocabulary=vocabulary)
        finally:
            self.calls.append((started, time.monotonic(), partial))

    def close(self) -> None:
        self._engine.close()


class SessionLog(logging.Handler):
    """The in-process session's decisions (refreshes, held answer kept or not, requests spent),
    from its log records: what the client cannot see."""

    WANTED = ("speculation refreshed", "question id=", "llm requests spent", "turn end")

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith(self.WANTED):
            self.lines.append(message.split(" id=")[0] + _answer_of(message) + _why(message))


def _why(message: str) -> str:
    return f": {message.split(': ', 1)[1]}" if message.startswith("turn end") else ""


def _answer_of(message: str) -> str:
    return f" ({message.rsplit('answer=', 1)[1]})" if "answer=" in message else ""


SESSION_LOG = SessionLog()


@dataclass
class Asked:
    spoken: Spoken
    speech_end: float
    final_at: float | None
    first_token_at: float | None
    decode: tuple[float, float] | None  # the final's decode: start, end
    finals: list[str]
    confirmed: int  # distinct ids of confirmed questions
    llm_requests: int
    speculated: list[str]  # texts of the speculative question events
    partials: list[str]  # interviewer partial transcripts
    decisions: list[str]  # the session's, from its log
    llm_token_ms: float | None = None  # final transcript -> the LLM's own first token
    early_shown: bool = False  # its question was confirmed before its final transcript
    quick: tuple[float, float] | None = None  # the quick decode after speech end: start, end

    def stages(self) -> dict[str, float | None]:
        def ms(a: float | None, b: float | None) -> float | None:
            return None if a is None or b is None else (b - a) * 1000

        decode_start, decode_end = self.decode or (None, None)
        quick_start, quick_end = self.quick or (None, None)
        return {
            "quick_decode_started_ms": ms(self.speech_end, quick_start),
            "quick_decode_ms": ms(quick_start, quick_end),
            "speech_end_to_final_ms": ms(self.speech_end, self.final_at),
            "final_decode_ms": ms(decode_start, decode_end),
            "final_decode_started_ms": ms(self.speech_end, decode_start),
            "final_to_first_token_ms": ms(self.final_at, self.first_token_at),
            "speech_end_to_first_token_ms": ms(self.speech_end, self.first_token_at),
            "final_to_llm_token_ms": self.llm_token_ms,
        }


def quick_decode(calls: list[tuple[float, float, bool]], speech_end: float) -> Any:
    """The first partial decode started after speech end (the quick decode at the pause)."""
    started = [(s, e) for s, e, partial in calls if partial and s >= speech_end]
    return started[0] if started else None


def final_decode(calls: list[tuple[float, float, bool]], final_at: float | None) -> Any:
    finished = [(s, e) for s, e, partial in calls if not partial and final_at and e <= final_at]
    return finished[-1] if finished else None


async def ask(
    client: LiveClient, spoken: Spoken, engine: TimedEngine, llm: LLMServer | None, frame_ms: int
) -> Asked:
    samples = speech(spoken)
    seen, requests_before = len(client.events), len(llm.exchanges) if llm else 0
    logged = len(SESSION_LOG.lines)
    speech_end = await play(client, samples, frame_ms)
    try:
        await client.wait_for(lambda e: e.type == "suggestion.done", 8, after=seen)
    except TimeoutError:
        pass  # no answer: the question was missed, which the report shows
    await asyncio.sleep(0.3)  # a late second final would be a cut question
    events = list(zip(client.events[seen:], client.arrived_at[seen:], strict=True))
    finals = [(e, at) for e, at in events if isinstance(e, TranscriptEvent) and e.final]
    finals = [(e, at) for e, at in finals if e.channel is Channel.INTERVIEWER]
    partials = [
        e.text
        for e, _ in events
        if isinstance(e, TranscriptEvent) and not e.final and e.channel is Channel.INTERVIEWER
    ]
    deltas = [at for e, at in events if isinstance(e, SuggestionDelta)]
    questions = [e for e, _ in events if isinstance(e, QuestionEvent)]
    confirmed = {e.id for e in questions if not e.speculative}
    final_at = finals[-1][1] if finals else None
    confirmed_at = [at for e, at in events if isinstance(e, QuestionEvent) and not e.speculative]
    early = bool(confirmed_at) and final_at is not None and confirmed_at[0] < final_at
    llm_token = [
        e.llm_first_token - e.transcript_final
        for e, _ in events
        if isinstance(e, TimingEvent) and e.question_id in confirmed
        and e.llm_first_token is not None and e.transcript_final is not None
    ]  # fmt: skip
    reply = {"type": "transcript", "channel": "candidate", "text": CANDIDATE_REPLY}
    await client.send({**reply, "final": True})
    await asyncio.sleep(0.5)
    return Asked(
        spoken,
        speech_end,
        final_at,
        deltas[0] if deltas else None,
        final_decode(engine.calls, final_at),
        [e.text for e, _ in finals],
        len(confirmed),
        (len(llm.exchanges) - requests_before) if llm else 0,
        [e.text for e in questions if e.speculative],
        partials,
        SESSION_LOG.lines[logged:],
        float(llm_token[-1]) if llm_token else None,
        early,
        quick_decode(engine.calls, speech_end),
    )


def percentiles(values: Sequence[float | None]) -> dict[str, float | int | None]:
    known = [v for v in values if v is not None]
    if not known:
        return {"p50": None, "p95": None, "max": None, "n": 0}
    array = np.array(known, dtype=float)
    return {
        "p50": round(float(np.percentile(array, 50)), 1),
        "p95": round(float(np.percentile(array, 95)), 1),
        "max": round(float(array.max()), 1),
        "n": len(known),
    }


def summary(asked: list[Asked]) -> dict[str, Any]:
    stages = [a.stages() for a in asked]
    out: dict[str, Any] = {key: percentiles([s[key] for s in stages]) for key in stages[0]}
    out["waited_on_decode"] = sum(
        1 for a in asked if a.decode and a.final_at and a.final_at - a.decode[1] < 0.010
    )
    out["cut_questions"] = [
        {"said": a.spoken.text, "finals": a.finals, "confirmed": a.confirmed}
        for a in asked
        if len(a.finals) != 1 or a.confirmed != 1
    ]
    heard = [(a.spoken.text, " ".join(a.finals)) for a in asked]
    out["wer"] = round(float(np.mean([word_error_rate(said, text) for said, text in heard])), 4)
    out["early_shown"] = sum(a.early_shown for a in asked)
    out["llm_requests_per_question"] = {
        "mean": round(sum(a.llm_requests for a in asked) / len(asked), 2),
        "max": max(a.llm_requests for a in asked),
    }
    out["heard"] = [
        {"partials": a.partials, "speculated": a.speculated, "finals": a.finals,
         "session": a.decisions, "llm_requests": a.llm_requests}
        for a in asked
    ]  # fmt: skip
    out["all_ms"] = [
        None
        if s["speech_end_to_first_token_ms"] is None
        else round(s["speech_end_to_first_token_ms"])
        for s in stages
    ]
    return out


async def run_mode(
    settings: Settings, engine: TimedEngine, questions: list[Spoken], frame_ms: int,
    llm: LLMServer | None = None,
) -> dict[str, Any]:  # fmt: skip
    app = create_app(settings)
    app.state.stt_engine = engine
    asked: list[Asked] = []
    async with running_server(settings, app) as base, live_client(base, settings) as client:
        await client.send({"type": "start", "company": "Amazon"})
        await client.wait_for(lambda e: e.type == "status", 60)  # session start embeds
        seen = len(client.events)
        await play(client, speech(_q("Hello there, nice to meet you.")), frame_ms)  # warm-up
        await client.wait_for(lambda e: e.type == "transcript" and e.final, 60, after=seen)  # type: ignore[union-attr]
        for spoken in questions:
            asked.append(await ask(client, spoken, engine, llm, frame_ms))
        await client.send({"type": "stop"})
        await client.wait_for(lambda e: e.type == "status" and e.state == "stopped", 30)  # type: ignore[union-attr]
    return summary(asked)


async def curve_session(
    base: str, settings: Settings, questions: list[Spoken], frame_ms: int, delay_s: float
) -> list[float | None]:
    await asyncio.sleep(delay_s)
    latencies: list[float | None] = []
    async with live_client(base, settings) as client:
        await client.send({"type": "start", "company": "Amazon"})
        await client.wait_for(lambda e: e.type == "status", 60)
        for spoken in questions:
            seen = len(client.events)
            speech_end = await play(client, speech(spoken), frame_ms)
            asked: set[str] = set()  # a late delta of the previous answer is not this one's

            def first_delta(e: Any, asked: set[str] = asked) -> bool:
                if isinstance(e, QuestionEvent) and not e.speculative:
                    asked.add(e.id)
                return isinstance(e, SuggestionDelta) and e.question_id in asked

            try:
                delta = await client.wait_for(first_delta, 10, after=seen)
                latencies.append(
                    (client.arrived_at[client.events.index(delta, seen)] - speech_end) * 1000
                )
            except TimeoutError:
                latencies.append(None)
            reply = {"type": "transcript", "channel": "candidate", "text": CANDIDATE_REPLY}
            await client.send({**reply, "final": True})
        await client.send({"type": "stop"})
        await client.wait_for(lambda e: getattr(e, "state", "") == "stopped", 120)
    return latencies


async def curve_point(
    base: str, settings: Settings, sessions: int, questions: list[Spoken], frame_ms: int
) -> dict[str, Any]:
    started = time.process_time(), time.monotonic()
    results = await asyncio.gather(
        *(curve_session(base, settings, questions, frame_ms, i * CURVE_STAGGER_S)
          for i in range(sessions))
    )  # fmt: skip
    latencies = [v for result in results for v in result]
    missed = sum(v is None for v in latencies)
    return {"sessions": sessions, **percentiles(latencies), "missed": missed,
            "client_cpu_s": round(time.process_time() - started[0], 1)}  # fmt: skip


def concurrency_curve(
    settings: Settings, counts: list[int], questions: list[Spoken], frame_ms: int
) -> list[dict[str, Any]]:
    port = free_port()
    env = {**os.environ, "INTERVOO_DATA_DIR": str(settings.data_dir),
           "INTERVOO_LOG_LEVEL": "WARNING", "INTERVOO_LIVE_AUDIO_SESSIONS": "64"}  # fmt: skip
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/intervoo"), "serve", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        wait_http_ok(f"{base}/healthz", timeout_s=120)  # a busy machine starts it slowly
        asyncio.run(curve_point(base, settings, 1, questions[:1], frame_ms))  # loads the model
        return [asyncio.run(curve_point(base, settings, n, questions, frame_ms)) for n in counts]
    finally:
        server.kill()
        server.wait(timeout=10)


async def both_modes(settings: Settings, questions: list[Spoken], frame_ms: int) -> dict[str, Any]:
    engine = TimedEngine(load_engine(settings))
    composer = await run_mode(settings, engine, questions, frame_ms)
    async with LLMServer(answer(["I led", " the fix."], first_delay=LLM_FIRST_TOKEN_S)) as llm:
        with_llm = Settings(
            data_dir=settings.data_dir,
            llm_provider=LLMProvider.OPENAI,
            llm_base_url=llm.openai_base_url,
            llm_model="test-model",
        )
        llm_mode = await run_mode(with_llm, engine, questions, frame_ms, llm)
    return {"composer": composer, "llm_300ms_first_token": llm_mode}


@contextlib.contextmanager
def endpoint_variant(name: str) -> Iterator[None]:
    """The in-process speech pipelines of this block endpoint as variant `name` says."""
    module = intervoo.audio.pipeline
    original = module.EndpointConfig
    module.EndpointConfig = functools.partial(EndpointConfig, **VARIANTS[name])
    try:
        yield
    finally:
        module.EndpointConfig = original


def compare_variants(
    settings: Settings, questions: list[Spoken], frame_ms: int, names: list[str], rounds: int
) -> dict[str, Any]:
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
    for _ in range(rounds):
        for name in names:
            with endpoint_variant(name):
                runs[name].append(asyncio.run(both_modes(settings, questions, frame_ms)))
    return {name: results if rounds > 1 else results[0] for name, results in runs.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--frame-ms", type=int, default=32, help="audio frame length sent")
    parser.add_argument("--sessions", type=int, nargs="*", default=[1, 2, 4, 6])
    parser.add_argument("--quick", action="store_true", help="6 questions, no curve")
    parser.add_argument("--variants", help=f"comma-separated, of {', '.join(VARIANTS)}")
    parser.add_argument("--rounds", type=int, default=1, help="with --variants")
    args = parser.parse_args()
    questions = QUESTIONS[:6] if args.quick else QUESTIONS
    session_logger = logging.getLogger("intervoo.live.session")
    session_logger.setLevel(logging.DEBUG)
    session_logger.addHandler(SESSION_LOG)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp))
        seed_candidate(settings)
        load_before = os.getloadavg()[0]
        out: dict[str, Any] = {"benchmark": "live_latency", "questions": len(questions),
                               "frame_ms": args.frame_ms}  # fmt: skip
        if args.variants:
            names = args.variants.split(",")
            unknown = set(names) - set(VARIANTS)
            if unknown:
                parser.error(f"unknown variants: {', '.join(sorted(unknown))}")
            variants = compare_variants(settings, questions, args.frame_ms, names, args.rounds)
            out["variants"] = variants
            print(json.dumps(out | {"load_1min": os.getloadavg()[0]}))  # noqa: T201
            return
        out |= asyncio.run(both_modes(settings, questions, args.frame_ms))
        if not args.quick and args.sessions:
            curve = concurrency_curve(settings, args.sessions, questions[:4], args.frame_ms)
            out["concurrency_speech_end_to_first_token_ms"] = curve
    out["load_1min"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    composer, llm = out["composer"], out["llm_300ms_first_token"]
    total = "speech_end_to_first_token_ms"
    out["meets_targets"] = {
        "composer_p95_le_400": (composer[total]["p95"] or 1e9) <= 400,
        "composer_p50_le_300": (composer[total]["p50"] or 1e9) <= 300,
        "llm_p95_le_700": (llm[total]["p95"] or 1e9) <= 700,
        "llm_requests_mean_le_1.3": llm["llm_requests_per_question"]["mean"] <= 1.3,
        "llm_requests_max_le_2": llm["llm_requests_per_question"]["max"] <= 2,
        "max_le_900": max(composer[total]["max"] or 1e9, llm[total]["max"] or 1e9) <= 900,
        "no_cut_questions": not composer["cut_questions"] and not llm["cut_questions"],
    }
    print(json.dumps(out))  # noqa: T201


if __name__ == "__main__":
    main()
