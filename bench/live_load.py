"""Load: 50 concurrent live sessions sending device-side transcripts through /ws/live.

The server runs as its own process (`intervoo serve`), as in production; the 50
clients share this one. Each session asks questions at its own pace (seeded
jitter). Measured on the client: final transcript sent → first
`suggestion.delta` received (offline composer). Target: p95 < 50 ms.
Usage: bench/live_load.py [SESSIONS]. Prints one JSON object.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from intervoo.config import Settings  # noqa: E402
from tests.live.server import live_client, seed_candidate  # noqa: E402
from tests.support.net import free_port, wait_http_ok  # noqa: E402

SESSIONS = int(sys.argv[1]) if len(sys.argv) > 1 else 50
QUESTIONS_PER_SESSION = 6
TARGET_P95_MS = 50.0
QUESTIONS = [
    "Tell me about a time you handled a production outage under pressure.",
    "Tell me about a time you disagreed with a colleague.",
    "Why do you want to work at Amazon?",
    "How would you design a rate limiter for a public API?",
    "Walk me through your resume.",
    "Do you have any questions for us?",
]


async def one_session(
    base: str,
    settings: Settings,
    latencies: list[float],
    pace: random.Random,
    all_started: asyncio.Barrier,
) -> None:
    async with live_client(base, settings) as client:
        await client.send({"type": "start", "company": "Amazon", "llm": "none"})
        await client.wait_for(lambda e: e.type == "status", timeout_s=60)
        await all_started.wait()  # measure 50 live sessions, not 50 handshakes
        await asyncio.sleep(pace.uniform(0, 1.0))
        for index in range(QUESTIONS_PER_SESSION):
            seen = len(client.events)
            text = QUESTIONS[index % len(QUESTIONS)]
            sent = time.perf_counter()
            await client.send({"type": "transcript", "channel": "interviewer", "text": text})
            await client.wait_for(lambda e: e.type == "suggestion.delta", 30, after=seen)
            latencies.append((time.perf_counter() - sent) * 1000)
            await client.wait_for(lambda e: e.type == "timing", 30, after=seen)
            await asyncio.sleep(pace.uniform(0.2, 0.6))  # nobody asks twice in one breath


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def measure(base: str, settings: Settings) -> tuple[list[float], float]:
    latencies: list[float] = []
    seeds = random.Random(10)
    barrier = asyncio.Barrier(SESSIONS)
    started = time.perf_counter()
    await asyncio.gather(
        *(
            one_session(base, settings, latencies, random.Random(seeds.random()), barrier)
            for _ in range(SESSIONS)
        )
    )
    return latencies, time.perf_counter() - started


def main() -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp))
        seed_candidate(settings)
        port = free_port()
        env = {**os.environ, "INTERVOO_DATA_DIR": tmp, "INTERVOO_LOG_LEVEL": "WARNING"}
        server = subprocess.Popen(
            [str(ROOT / ".venv/bin/intervoo"), "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_http_ok(f"{base}/healthz")
            latencies, wall = asyncio.run(measure(base, settings))
        finally:
            server.terminate()
            server.wait(timeout=10)
    p95 = pct(latencies, 0.95)
    return {
        "benchmark": "live_load",
        "sessions": SESSIONS,
        "questions": len(latencies),
        "transcript_to_first_token_ms": {
            "p50": round(statistics.median(latencies), 2),
            "p95": round(p95, 2),
            "p99": round(pct(latencies, 0.99), 2),
            "max": round(max(latencies), 2),
        },
        "target_p95_ms": TARGET_P95_MS,
        "meets_target": p95 < TARGET_P95_MS,
        "wall_s": round(wall, 2),
    }


if __name__ == "__main__":
    print(json.dumps(main()))
