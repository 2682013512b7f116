"""One flooding client against a real server: what /healthz and another session see.

`intervoo serve` runs as its own process; the flooding client (its own process, so its
busy loop cannot slow the probes) opens /ws/live and, for FLOOD_S seconds, sends either
`ask` frames or 1 s audio frames of espeak-ng speech as fast as the socket takes them.
This process meanwhile probes /healthz every 50 ms and, on a second live session, asks
a question every 250 ms by transcript and times transcript -> first suggestion.delta.
Both are measured idle first, then during the flood. Usage: bench/live_flood.py
[ask|audio ...]. Prints one JSON object.

Targets (issue 18): /healthz is never stalled by one client (p95 well under 100 ms); the
other session's answers no more than 50 ms slower (p95) while the flood runs.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from intervoo.config import Settings  # noqa: E402
from tests.live.server import live_client, seed_candidate  # noqa: E402
from tests.support.net import free_port, wait_http_ok  # noqa: E402

FLOOD_S = 6.0
MODES = [m for m in sys.argv[1:] if m in ("ask", "audio")] or ["ask", "audio"]
QUESTION = {"type": "transcript", "channel": "interviewer", "text": "Why do you want this job?"}


async def flood(base: str, data_dir: str, mode: str) -> None:
    """The flooding client (run as `live_flood.py --client BASE DIR MODE`)."""
    from intervoo.audio.frames import encode_frame
    from intervoo.events import Channel
    from tests.support.speech import make_speech, read_samples

    samples, _ = read_samples(make_speech("Tell me about a time you led a project. " * 3))
    frames = [encode_frame(Channel.INTERVIEWER, samples[o : o + 16000])
              for o in range(0, len(samples), 16000)]  # fmt: skip
    async with live_client(base, Settings(data_dir=Path(data_dir))) as client:
        await client.send({"type": "start", "llm": "none"})
        await client.wait_for(lambda e: e.type == "status", 60)
        end = time.monotonic() + FLOOD_S
        while time.monotonic() < end:
            # As fast as the socket takes them: send() waits only when its buffer is full.
            for frame in frames if mode == "audio" else [None]:
                await client.send(frame or {"type": "ask", "text": "Tell me about a failure?"})


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1) if ordered else -1.0


async def probe(base: str, settings: Settings, until: float) -> dict[str, dict[str, float]]:
    health: list[float] = []
    answers: list[float] = []
    async with httpx.AsyncClient(timeout=60) as http, live_client(base, settings) as other:
        await other.send({"type": "start", "llm": "none"})
        await other.wait_for(lambda e: e.type == "status", 60)

        async def healthz() -> None:
            while time.monotonic() < until:
                start = time.perf_counter()
                await http.get(f"{base}/healthz")
                health.append((time.perf_counter() - start) * 1000)
                await asyncio.sleep(0.05)

        async def ask() -> None:
            while time.monotonic() < until:
                seen = len(other.events)
                start = time.perf_counter()
                await other.send(QUESTION)
                await other.wait_for(lambda e: e.type == "suggestion.delta", 60, after=seen)
                answers.append((time.perf_counter() - start) * 1000)
                await other.wait_for(lambda e: e.type == "timing", 60, after=seen)
                await asyncio.sleep(0.25)

        await asyncio.gather(healthz(), ask())
    return {
        "healthz_ms": {"p50": _p(health, 0.5), "p95": _p(health, 0.95), "max": _p(health, 1)},
        "other_answer_first_token_ms": {"p50": _p(answers, 0.5), "p95": _p(answers, 0.95)},
    }


def measure(mode: str) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp))
        seed_candidate(settings)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env = {**os.environ, "INTERVOO_DATA_DIR": tmp, "INTERVOO_LOG_LEVEL": "WARNING"}
        server = subprocess.Popen(
            [str(ROOT / ".venv/bin/intervoo"), "serve", "--port", str(port)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            wait_http_ok(f"{base}/healthz")
            idle = asyncio.run(probe(base, settings, time.monotonic() + 3))
            client = subprocess.Popen(
                [sys.executable, __file__, "--client", base, tmp, mode],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            time.sleep(1.0)  # the flood is under way (and, for audio, the model loaded)
            busy = asyncio.run(probe(base, settings, time.monotonic() + FLOOD_S - 1))
            client.kill()
            client.wait(timeout=10)
        finally:
            server.kill()
            server.wait(timeout=10)
    return {"mode": mode, "idle": idle, "flood": busy}


def main() -> None:
    if sys.argv[1:2] == ["--client"]:
        asyncio.run(flood(sys.argv[2], sys.argv[3], sys.argv[4]))
        return
    print(json.dumps({"benchmark": "live_flood", "runs": [measure(m) for m in MODES]}))  # noqa: T201


if __name__ == "__main__":
    main()
