"""How many real-time audio sessions this machine transcribes without falling behind.

`intervoo serve` runs as its own process with the default speech engine and admission
raised out of the way; N clients (N = 1, 2, 4, 6 by default) each stream the same
espeak-ng interview questions (1.5 s apart) through /ws/live at real-time speed, 100 ms
frames, as a browser does. Measured per final transcript on the server's session clock:
speech end -> final (`t - end`), and how many sessions reported "running behind".

`intervoo.live.admission.AUDIO_SESSIONS_PER_CORE` comes from this: the most sessions per
core whose p95 stays under 1.5 s. Needs espeak-ng. Usage:
bench/live_audio_capacity.py [N ...]. Prints one JSON object.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from intervoo.audio.frames import encode_frame  # noqa: E402
from intervoo.config import Settings  # noqa: E402
from intervoo.events import Channel, StatusEvent, TranscriptEvent  # noqa: E402
from intervoo.live.admission import usable_cpus  # noqa: E402
from tests.live.server import live_client, seed_candidate  # noqa: E402
from tests.support.net import free_port, wait_http_ok  # noqa: E402
from tests.support.speech import make_speech, read_samples  # noqa: E402

COUNTS = [int(n) for n in sys.argv[1:]] or [1, 2, 4, 6]
TARGET_P95_MS = 1500.0
QUESTIONS = [
    "Tell me about a time you handled a production outage under pressure.",
    "Why do you want to work here?",
    "How would you design a rate limiter for a public API?",
]
FRAME = 1600


async def one_session(base: str, settings: Settings, samples: np.ndarray) -> list[object]:
    async with live_client(base, settings) as client:
        await client.send({"type": "start", "llm": "none"})
        await client.wait_for(lambda e: e.type == "status", timeout_s=60)
        started = time.monotonic()
        for index, offset in enumerate(range(0, len(samples), FRAME)):
            await asyncio.sleep(max(0.0, started + index * 0.1 - time.monotonic()))
            await client.send(encode_frame(Channel.INTERVIEWER, samples[offset : offset + FRAME]))
        await client.send({"type": "stop"})
        await client.wait_for(lambda e: getattr(e, "state", "") == "stopped", timeout_s=120)
        return list(client.events)


async def run(
    base: str, settings: Settings, sessions: int, samples: np.ndarray
) -> dict[str, object]:
    results = await asyncio.gather(*(one_session(base, settings, samples) for _ in range(sessions)))
    lags = [e.t - e.end for events in results for e in events
            if isinstance(e, TranscriptEvent) and e.final]  # fmt: skip
    behind = sum(any(isinstance(e, StatusEvent) and e.state == "behind" for e in events)
                 for events in results)  # fmt: skip
    lags.sort()
    p95 = lags[min(len(lags) - 1, int(0.95 * len(lags)))] if lags else None
    return {
        "sessions": sessions,
        "finals": len(lags),
        "speech_end_to_final_ms": {
            "p50": statistics.median(lags) if lags else None,
            "p95": p95,
            "max": lags[-1] if lags else None,
        },
        "sessions_behind": behind,
        "keeps_up": p95 is not None and p95 < TARGET_P95_MS,
    }


def main() -> None:
    samples, _ = read_samples(make_speech(QUESTIONS, pause_ms=1500, tail_ms=1500))
    out: dict[str, object] = {"benchmark": "live_audio_capacity", "cpus": usable_cpus()}
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp))
        seed_candidate(settings)
        port = free_port()
        env = {**os.environ, "INTERVOO_DATA_DIR": tmp, "INTERVOO_LOG_LEVEL": "WARNING",
               "INTERVOO_LIVE_AUDIO_SESSIONS": "64"}  # fmt: skip
        server = subprocess.Popen(
            [str(ROOT / ".venv/bin/intervoo"), "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_http_ok(f"{base}/healthz")
            asyncio.run(run(base, settings, 1, samples[: 16000 * 3]))  # loads the model
            runs = [asyncio.run(run(base, settings, n, samples)) for n in COUNTS]
        finally:
            server.kill()
            server.wait(timeout=10)
    kept = [r["sessions"] for r in runs if r["keeps_up"]]
    out |= {"runs": runs, "target_p95_ms": TARGET_P95_MS,
            "most_sessions_kept_up": max(kept) if kept else 0}  # fmt: skip
    print(json.dumps(out))  # noqa: T201


if __name__ == "__main__":
    main()
