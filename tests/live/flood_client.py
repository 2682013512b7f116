"""Run by test_flood.py in its own process: one client sending `ask` frames as fast as the
socket takes them for a few seconds, then leaving without waiting for the answers."""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

from intervoo.config import Settings
from tests.live.server import live_client

ASK = {"type": "ask", "text": "Tell me about a time you failed?"}


async def flood(base: str, data_dir: str, seconds: float) -> None:
    async with live_client(base, Settings(data_dir=Path(data_dir))) as client:
        await client.send({"type": "start", "llm": "none"})
        await client.wait_for(lambda e: e.type == "status", 60)
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            await client.send(ASK)


if __name__ == "__main__":
    asyncio.run(flood(sys.argv[1], sys.argv[2], float(sys.argv[3])))
