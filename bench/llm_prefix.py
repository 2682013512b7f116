"""Session prefix against a real local LLM server: time to first token, cold and warm.

    INTERVOO_BENCH_LLAMA_PYTHON=/tmp/llama/bin/python INTERVOO_BENCH_GGUF=/tmp/model.gguf \\
        .venv/bin/python bench/llm_prefix.py [--json]

Starts llama-cpp-python's OpenAI-compatible server (`python -m llama_cpp.server`, from
a Python that has `llama-cpp-python[server]`: a dev-only tool, never a dependency of
Intervoo) with the GGUF named (any small model is enough for timing), on 127.0.0.1.
Or `INTERVOO_BENCH_LLM_URL=http://127.0.0.1:8080/v1` (+ `INTERVOO_BENCH_LLM_MODEL`) to
time a server already running (Ollama, llama-server, LM Studio). Skips cleanly, with
one JSON line, when neither is there.

The candidate is the shared JSON Resume sample with the story set of bench/answers.py,
for Stripe; the 20 questions are that bench's. Two layouts, same tokens:

- `cold`: each question's part first, then the session prefix — the first bytes differ
  for every question, so the server can reuse nothing (the layout before issue 31).
- `warm`: a real LiveSession: it warms the server with the prefix at start, then each
  question is asked as the candidate would ask it; the next one interrupts the answer
  once its first model token is on screen. Times: question shown → the composer's
  opener on screen (`opener_ms`), and the model's first token (`ttft_ms`).

Targets (issue 31): warm questions after the first, TTFT p95 <= 400 ms; the opener on
screen <= 50 ms after detection. Prints a table, then one JSON line (`--json`: only it).
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx  # noqa: E402

from intervoo.config import LLMProvider, Settings  # noqa: E402
from intervoo.copilot.context import CandidateContext, build_candidate_context  # noqa: E402
from intervoo.copilot.history import ConversationHistory  # noqa: E402
from intervoo.copilot.material import gather  # noqa: E402
from intervoo.copilot.prompts import question_part, session_prefix  # noqa: E402
from intervoo.events import Event, SuggestionDelta, SuggestionDone, TimingEvent  # noqa: E402
from intervoo.live.session import LiveSession  # noqa: E402
from intervoo.llm.client import LLMClient, create_client  # noqa: E402
from intervoo.llm.messages import Message  # noqa: E402
from intervoo.questions import QuestionDetector, classify  # noqa: E402
from tests.copilot.answers_check import (  # noqa: E402
    load_cases,
    load_hendriks,
    question_event,
    stripe_target,
)

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT.parent / "shared" / "realworld" / "resumes" / "jsonresume_sample.resume.json"
QUESTIONS = 20
COLD_QUESTIONS = 3  # each reads the whole prompt: seconds apiece on a laptop CPU
TARGET_WARM_P95_MS = 400
TARGET_OPENER_MS = 50
SERVER_START_S = 300


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start_server() -> tuple[subprocess.Popen[bytes] | None, str, str] | str:
    """(process, base URL, model) or why the bench cannot run."""
    url = os.environ.get("INTERVOO_BENCH_LLM_URL")
    if url:
        return None, url.rstrip("/"), os.environ.get("INTERVOO_BENCH_LLM_MODEL", "local")
    python = os.environ.get("INTERVOO_BENCH_LLAMA_PYTHON", "")
    gguf = os.environ.get("INTERVOO_BENCH_GGUF", "")
    if not (python and Path(python).is_file() and gguf and Path(gguf).is_file()):
        return "set INTERVOO_BENCH_LLAMA_PYTHON and INTERVOO_BENCH_GGUF, or INTERVOO_BENCH_LLM_URL"
    port = _free_port()
    args = [python, "-m", "llama_cpp.server", "--model", gguf, "--host", "127.0.0.1"]
    args += ["--port", str(port), "--n_ctx", "4096", "--n_threads", str(os.cpu_count() or 2)]
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/v1"
    deadline = time.monotonic() + SERVER_START_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return f"llama_cpp.server exited with {process.returncode}"
        try:
            if httpx.get(f"{base}/models", timeout=2).status_code == 200:
                return process, base, Path(gguf).stem
        except httpx.HTTPError:
            time.sleep(0.5)
    process.kill()
    return f"llama_cpp.server did not answer within {SERVER_START_S} s"


def _candidate() -> CandidateContext:
    document = json.loads(SAMPLE.read_text())
    for entry in document.get("work", []):
        entry["company"] = entry.pop("name")  # the older schema, as bench/answers.py
    from intervoo.resume.parse import parse_bytes

    resume = parse_bytes(json.dumps(document).encode(), SAMPLE.name).resume
    resume, stories = load_hendriks(resume)
    return build_candidate_context(resume, stories, stripe_target())


def _questions() -> list[str]:
    cases = load_cases()
    texts = [c.text for c in cases["with_stories"]] + [c.text for c in cases["second_set"]]
    return list(dict.fromkeys(texts))[:QUESTIONS]


async def _ttft(client: LLMClient, messages: list[Message]) -> tuple[float, dict[str, Any]]:
    async with client.stream(messages, max_tokens=4) as stream:
        async for _ in stream:
            pass
    usage = stream.usage.to_dict() if stream.usage else {}
    return float(stream.ttft_ms or 0.0), usage


async def _cold(client: LLMClient, ctx: CandidateContext, texts: list[str]) -> list[float]:
    """Question part first: nothing for the server to reuse."""
    prefix, out = session_prefix(ctx), []
    for number, text in enumerate(texts, 1):
        question = question_event(text, f"c{number}")
        history = ConversationHistory()
        part = question_part(question, ctx, gather(question, ctx, history))
        messages = [
            Message(role="system", content=f"{part}\n\n{prefix}"),
            Message(role="user", content="Answer the question above."),
        ]
        ms, _ = await _ttft(client, messages)
        out.append(ms)
    return out


class _Clock:
    """Wall-clock times of the events a live session emits."""

    def __init__(self) -> None:
        self.events: list[tuple[float, Event]] = []
        self.changed = asyncio.Event()

    def __call__(self, event: Event) -> None:
        self.events.append((time.perf_counter(), event))
        self.changed.set()

    def second_delta_at(self, question_id: str) -> float:
        """When the model's first token was on screen (the opener is the first delta)."""
        times = [at for at, event in self.events if _delta_of(event, question_id)]
        return times[1] if len(times) > 1 else times[-1]

    def count(self, question_id: str) -> int:
        return sum(_delta_of(event, question_id) for _, event in self.events)

    async def wait(self, match: Any, timeout_s: float = 120.0) -> tuple[float, Event]:
        async with asyncio.timeout(timeout_s):
            while True:
                for at, event in self.events:
                    if match(event):
                        return at, event
                self.changed.clear()
                await self.changed.wait()


def _delta_of(event: Event, question_id: str) -> bool:
    return isinstance(event, SuggestionDelta) and event.question_id == question_id


def _done_of(event: Event, question_id: str) -> bool:
    return isinstance(event, SuggestionDone) and event.question_id == question_id


async def _live(client: LLMClient, ctx: CandidateContext, texts: list[str]) -> dict[str, Any]:
    clock = _Clock()
    session = LiveSession(
        ctx,
        emit=clock,
        detector=QuestionDetector(),
        classify=classify,
        llm=client,
        llm_budget_s=120.0,  # time the model, never the fallback
    )
    session.start()
    _, warmed = await clock.wait(lambda e: getattr(e, "state", "") == "prefix_warmed", 300)
    rows = []
    for number, text in enumerate(texts, 1):
        qid = f"ask-{number}"
        session.ask(text)
        shown, _ = await clock.wait(lambda e, q=qid: getattr(e, "id", None) == q)
        opener_at, _ = await clock.wait(lambda e, q=qid: _delta_of(e, q))
        # The model's first token is the question's second delta (the opener is the first).
        await clock.wait(lambda e, q=qid: clock.count(q) >= 2 or _done_of(e, q))
        model_at = clock.second_delta_at(qid)
        await asyncio.sleep(0.2)  # a moment reading, then the next question interrupts
        rows.append({"opener_ms": (opener_at - shown) * 1000, "ttft_ms": (model_at - shown) * 1000})
    await session.aclose()
    timings = [e for _, e in clock.events if isinstance(e, TimingEvent)]
    entries = session.ledger.to_dict()["sent_to_llm"]
    return {
        "rows": rows,
        "warm": getattr(warmed, "detail", {}),
        "cache": [e.get("cache") for e in entries],
        "reported_hits": sum(1 for t in timings if (t.cached_tokens or 0) > 0),
        "reported": sum(1 for t in timings if t.cached_tokens is not None),
        "prefix_chars": len(session_prefix(ctx)),
    }


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)


def _load() -> float:
    return round(os.getloadavg()[0], 2)


async def _run(base: str, model: str) -> dict[str, Any]:
    ctx = _candidate()
    texts = _questions()
    settings = Settings(llm_provider=LLMProvider.OPENAI, llm_base_url=base, llm_model=model)
    async with httpx.AsyncClient() as http:
        client = create_client(settings, http)
        assert client is not None
        client.timeouts = type(client.timeouts)(connect_s=10, first_token_s=120, idle_s=120)
        load_before = _load()
        cold = await _cold(client, ctx, texts[:COLD_QUESTIONS])
        live = await _live(client, ctx, texts)
    warm = [row["ttft_ms"] for row in live["rows"]]
    after_first = warm[1:]
    openers = [row["opener_ms"] for row in live["rows"]]
    return {
        "model": model,
        "questions": len(texts),
        "prefix_tokens": live["warm"].get("prompt_tokens"),
        "prefix_chars": live["prefix_chars"],
        "warm_up_ms": live["warm"].get("ms"),
        "cold_ttft_ms_p50": round(statistics.median(cold), 1),
        "cold_ttft_ms_p95": _p(cold, 0.95),
        "warm_first_question_ttft_ms": round(warm[0], 1),
        "warm_ttft_ms_p50": round(statistics.median(after_first), 1),
        "warm_ttft_ms_p95": _p(after_first, 0.95),
        "opener_ms_p50": round(statistics.median(openers), 1),
        "opener_ms_p95": _p(openers, 0.95),
        "cache_figures_reported": live["reported"],
        "cache_hits_reported": live["reported_hits"],
        "target_warm_ttft_ms_p95": TARGET_WARM_P95_MS,
        "target_opener_ms": TARGET_OPENER_MS,
        "load_1m_before": load_before,
        "load_1m_after": _load(),
    }


def main() -> None:
    only_json = "--json" in sys.argv
    if not SAMPLE.is_file():
        print(json.dumps({"skipped": f"{SAMPLE} not found"}))
        return
    started = _start_server()
    if isinstance(started, str):
        print(json.dumps({"skipped": started}))
        return
    process, base, model = started
    try:
        report = asyncio.run(_run(base, model))
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=30)
    if not only_json:
        for key in ("cold_ttft_ms", "warm_ttft_ms", "opener_ms"):
            print(f"{key:<16} p50 {report[key + '_p50']:>8} ms   p95 {report[key + '_p95']:>8} ms")
    print(json.dumps(report))


if __name__ == "__main__":
    main()
