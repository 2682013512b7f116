"""LLM client benchmark: time-to-first-token overhead and event decoding cost.

A scripted server (tests/support/llm_server.py) runs in its own process on 127.0.0.1 and
sends its first token a fixed delay after each request. The client's measured TTFT minus
that delay is the overhead: our request build, write, read, SSE decode and JSON parse, plus
what the machine adds (timer slack, waking an idle CPU). To separate the two, a raw-socket
baseline (prebuilt request bytes, first text found by substring search) runs interleaved
with the client under the same conditions; `client_added_*` is the difference.
Targets (issue 5): overhead p95 < 5 ms; decoding < 20 µs per event.

    .venv/bin/python bench/llm_client.py
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "llm" / "data"
SERVER_DELAY_S = 0.050
WARMUP, REQUESTS = 5, 200
DECODE_ROUNDS = 400

SERVER_SCRIPT = """
import asyncio, sys
from tests.support.llm_server import LLMServer, answer

async def main() -> None:
    reply = answer(["Hello", " there", "."], first_delay=float(sys.argv[1]))
    async with LLMServer(reply) as server:
        print(server.port, flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)

asyncio.run(main())
"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


class RawBaseline:
    """The least a client can do: one kept-alive socket, bytes out, wait for the text."""

    def __init__(self, port: int) -> None:
        body = b'{"model":"bench","messages":[{"role":"user","content":"Hi"}],"stream":true}'
        self.request = (
            b"POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\n"
            b"content-type: application/json\r\ncontent-length: %d\r\n\r\n%s" % (len(body), body)
        )
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def ttft_ms(self) -> float:
        if self.reader is None or self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        started = time.perf_counter()
        self.writer.write(self.request)
        seen = b""
        while b'"content":"Hello"' not in seen:
            seen += await self.reader.read(65536)
        first = (time.perf_counter() - started) * 1000.0
        while not seen.endswith(b"0\r\n\r\n"):  # keep the connection in step
            seen += await self.reader.read(65536)
        return first

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            await self.writer.wait_closed()


async def measure_overheads(port: int) -> tuple[list[float], list[float]]:
    from intervoo.config import LLMProvider, Settings
    from intervoo.llm import create_client

    settings = Settings(
        llm_provider=LLMProvider.OPENAI,
        llm_base_url=f"http://127.0.0.1:{port}/v1",
        llm_model="bench",
    )
    messages = [{"role": "user", "content": "Tell me about yourself."}]
    ours: list[float] = []
    raw: list[float] = []
    baseline = RawBaseline(port)
    async with httpx.AsyncClient() as http:
        client = create_client(settings, http)
        assert client is not None
        try:
            for index in range(WARMUP + REQUESTS):
                async with client.stream(messages) as stream:  # type: ignore[arg-type]
                    async for _ in stream:
                        pass
                assert stream.ttft_ms is not None
                raw_ms = await baseline.ttft_ms()
                if index >= WARMUP:
                    ours.append(stream.ttft_ms - SERVER_DELAY_S * 1000.0)
                    raw.append(raw_ms - SERVER_DELAY_S * 1000.0)
        finally:
            await baseline.close()
    return ours, raw


def ttft_overhead() -> dict[str, float | int]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER_SCRIPT, str(SERVER_DELAY_S)],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline())
        overheads, raw = asyncio.run(measure_overheads(port))
    finally:
        assert server.stdin is not None
        server.stdin.close()
        server.wait(10)
        if server.stdout is not None:
            server.stdout.close()
    return {
        "server_delay_ms": SERVER_DELAY_S * 1000.0,
        "requests": len(overheads),
        "overhead_p50_ms": round(statistics.median(overheads), 3),
        "overhead_p95_ms": round(percentile(overheads, 0.95), 3),
        "overhead_max_ms": round(max(overheads), 3),
        "raw_socket_overhead_p50_ms": round(statistics.median(raw), 3),
        "raw_socket_overhead_p95_ms": round(percentile(raw, 0.95), 3),
        "client_added_p50_ms": round(statistics.median(overheads) - statistics.median(raw), 3),
        "client_added_p95_ms": round(percentile(overheads, 0.95) - percentile(raw, 0.95), 3),
    }


def decode_cost() -> dict[str, float | int]:
    from intervoo.llm.protocols import AnthropicProtocol, OpenAIProtocol, WireProtocol
    from intervoo.llm.sse import SSEDecoder

    results: dict[str, float | int] = {}
    cases: list[tuple[str, WireProtocol]] = [
        ("openai", OpenAIProtocol("http://x/v1", "m")),
        ("anthropic", AnthropicProtocol("http://x", "m")),
    ]
    for name, protocol in cases:
        raw = (DATA / f"{name}_stream.txt").read_bytes()
        # Network reads rarely align with events: feed 64-byte chunks, the worst realistic case.
        chunks = [raw[i : i + 64] for i in range(0, len(raw), 64)]
        events = 0
        started = time.perf_counter()
        for _ in range(DECODE_ROUNDS):
            decoder = SSEDecoder()
            for chunk in chunks:
                for event in decoder.feed(chunk):
                    protocol.parse(event)
                    events += 1
        elapsed = time.perf_counter() - started
        results[f"{name}_events"] = events
        results[f"{name}_us_per_event"] = round(elapsed / events * 1e6, 2)
    return results


def main() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    ttft = ttft_overhead()
    decode = decode_cost()
    worst_decode = max(decode["openai_us_per_event"], decode["anthropic_us_per_event"])
    report = {
        "benchmark": "llm_client",
        "targets": {"overhead_p95_ms": 5.0, "decode_us_per_event": 20.0},
        "ttft": ttft,
        "decode": decode,
        "pass": ttft["overhead_p95_ms"] < 5.0 and worst_decode < 20.0,
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
