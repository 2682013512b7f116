"""Debrief benchmark: building the debrief of a 45-minute interview offline, at Stop.

A 45-minute session: 15 questions (the authored relevance pairs of tests/practice/data),
each answered for three minutes (about 300 words, one final transcript a sentence) and
suggested four points, against the test candidate's library and a company's values.
During the session the prep (`intervoo.debrief.prep`) embeds the words as they come;
the bench runs its ticks as the session would and reports their total CPU time and the
share of the interview it is. At Stop the user waits for `prep.finish()` and the build:
"stop_ms" (target: <= 1000 ms), measured when the candidate's last answer has been quiet
long enough for the prep to embed it (the usual Stop, after the goodbyes), and when Stop
comes the moment the last answer ends. "cold_ms": the same build with nothing prepared
(each answer embedded at Stop), for comparison.

    .venv/bin/python bench/debrief.py
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAIRS = ROOT / "tests" / "practice" / "data" / "relevance_authored.json"
QUESTIONS = 15
MINUTES = 45
TARGET_MS = 1000.0
ROUNDS = 3


def _session() -> list[Any]:
    """The events of a 45-minute interview, in order, on the session clock."""
    from intervoo.events import (
        Channel,
        QuestionEvent,
        QuestionKind,
        SuggestionDone,
        TranscriptEvent,
    )
    from intervoo.practice.star import split_sentences

    items = json.loads(PAIRS.read_text("utf-8"))["items"]
    per_question_ms = MINUTES * 60_000 // QUESTIONS
    events: list[Any] = []
    for index in range(QUESTIONS):
        item, other = items[index], items[(index + QUESTIONS) % len(items)]
        t = index * per_question_ms
        qid = f"q{index + 1}"
        kind = QuestionKind.SYSTEM_DESIGN if item["shape"] == "design" else QuestionKind.BEHAVIORAL
        events.append(QuestionEvent(qid, item["question"], kind, 0.95, False, t=t))
        points = [item["strong"][a:b] for a, b in split_sentences(item["strong"])][:4]
        events.append(SuggestionDone(qid, "\n".join(f"- {p}" for p in points), t=t + 2000))
        answer = f"{item['strong']} {other['strong']}"
        sentences = [answer[a:b] for a, b in split_sentences(answer)]
        step = (per_question_ms - 20_000) // max(len(sentences), 1)
        for n, sentence in enumerate(sentences):
            start = t + 10_000 + n * step
            events.append(TranscriptEvent(Channel.CANDIDATE, sentence, True, start, start + step,
                                          t=start + step))  # fmt: skip
    return events


def _words(events: list[Any]) -> int:
    return sum(len(e.text.split()) for e in events if e.type == "transcript")


async def _prepared(events: list[Any], ctx: Any, *, last_quiet: bool) -> dict[str, float]:
    """Feed the session to a record with its prep ticking (untimed sleeps, timed ticks);
    then Stop: finish + build, timed."""
    from intervoo.debrief.build import build_debrief
    from intervoo.debrief.prep import DebriefPrep
    from intervoo.debrief.vectors import SessionVectors
    from intervoo.embed import default_embedder
    from intervoo.live.record import SessionRecord

    record = SessionRecord()
    prep = DebriefPrep(record, SessionVectors(default_embedder()), values=ctx.values)
    prep_s = 0.0
    for index, event in enumerate(events):
        record.observe(event)
        if event.type == "question" or index == len(events) - 1 or index % 6 == 0:
            started = time.perf_counter()
            await prep._embed_new(open_answer=False)  # a tick, as the session's timer runs it
            prep_s += time.perf_counter() - started
    if last_quiet:  # the candidate has been quiet a few seconds: the last answer is embedded
        started = time.perf_counter()
        await prep._embed_new(open_answer=True)
        prep_s += time.perf_counter() - started
    started = time.perf_counter()
    await prep.finish()
    debrief = build_debrief(record, ctx, session_id="bench", vectors=prep.vectors)
    stop_ms = (time.perf_counter() - started) * 1000
    return {"stop_ms": stop_ms, "prep_s": prep_s, "questions": len(debrief.questions),
            "drafts": len(debrief.new_stories)}  # fmt: skip


def _cold(events: list[Any], ctx: Any) -> float:
    from intervoo.debrief.build import build_debrief
    from intervoo.debrief.vectors import SessionVectors
    from intervoo.embed import default_embedder
    from intervoo.live.record import SessionRecord

    record = SessionRecord()
    for event in events:
        record.observe(event)
    started = time.perf_counter()
    build_debrief(record, ctx, session_id="bench", vectors=SessionVectors(default_embedder()))
    return (time.perf_counter() - started) * 1000


def main() -> None:
    from intervoo.copilot.context import build_candidate_context
    from intervoo.embed import default_embedder
    from tests.copilot.candidate import RESUME, STORIES, TARGET

    if default_embedder() is None:
        print(json.dumps({"bench": "debrief", "skipped": "no embedding model"}))
        return
    load_before = os.getloadavg()[0]
    ctx = build_candidate_context(RESUME, STORIES, TARGET)
    events = _session()
    asyncio.run(_prepared(events[:12], ctx, last_quiet=True))  # warm the model and the judge
    quiet = [asyncio.run(_prepared(events, ctx, last_quiet=True)) for _ in range(ROUNDS)]
    abrupt = [asyncio.run(_prepared(events, ctx, last_quiet=False))]
    cold_ms = _cold(events, ctx)
    stop_ms = statistics.median(r["stop_ms"] for r in quiet)
    prep_s = statistics.median(r["prep_s"] for r in quiet)
    result = {
        "bench": "debrief",
        "session_minutes": MINUTES,
        "questions": quiet[0]["questions"],
        "candidate_words": _words(events),
        "drafts": quiet[0]["drafts"],
        "stop_ms": round(stop_ms, 1),
        "stop_ms_rounds": [round(r["stop_ms"], 1) for r in quiet],
        "stop_ms_last_answer_unprepared": round(statistics.median(r["stop_ms"] for r in abrupt), 1),
        "target_stop_ms": TARGET_MS,
        "meets_target": stop_ms <= TARGET_MS,
        "prep_cpu_s_during_session": round(prep_s, 2),
        "prep_share_of_session": round(prep_s / (MINUTES * 60), 4),
        "cold_ms": round(cold_ms, 1),
        "load_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "cpus": os.cpu_count(),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
