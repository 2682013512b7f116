"""A login flood from one client, in its own process: `python login_flood.py URL RATE SECONDS`.

Sends RATE wrong-password logins a second for SECONDS, each on schedule, and
prints the count of each status code as JSON.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections import Counter

import httpx


async def flood(base: str, rate: int, seconds: float) -> Counter[int]:
    body = {"email": "a@example.com", "password": "guessing password"}
    limits = httpx.Limits(max_connections=rate)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
        sys.stdout.write("started\n")  # the test measures its own requests from here on
        sys.stdout.flush()
        loop = asyncio.get_running_loop()
        start = loop.time()
        tasks = []
        for i in range(int(rate * seconds)):
            await asyncio.sleep(max(0.0, start + i / rate - loop.time()))
            tasks.append(asyncio.create_task(client.post("/api/auth/login", json=body)))
        responses = await asyncio.gather(*tasks)
    return Counter(response.status_code for response in responses)


if __name__ == "__main__":
    counts = asyncio.run(flood(sys.argv[1], int(sys.argv[2]), float(sys.argv[3])))
    sys.stdout.write(json.dumps({str(code): n for code, n in counts.items()}) + "\n")
