"""The live socket's outbox is bounded: a client that stops reading stops being read."""

from __future__ import annotations

import asyncio
from typing import Any, cast

from fastapi import WebSocket

from intervoo.events import ErrorEvent
from intervoo.web.routes.live import OUTBOX_HIGH_WATER, Outbox


class StuckSocket:
    """The seam: a WebSocket whose sends wait until the test lets the client 'read'."""

    def __init__(self) -> None:
        self.reading = asyncio.Event()
        self.sent: list[str] = []

    async def send_text(self, text: str) -> None:
        await self.reading.wait()
        self.sent.append(text)


async def test_a_client_that_does_not_read_holds_the_reader_back_until_it_reads() -> None:
    socket = StuckSocket()
    outbox = Outbox(cast(WebSocket, cast(Any, socket)))
    for index in range(OUTBOX_HIGH_WATER + 10):
        outbox.put(ErrorEvent("test", f"event {index}"))
    waiting = asyncio.create_task(outbox.wait_for_room())
    await asyncio.sleep(0.05)
    assert not waiting.done()  # the session would stop reading frames here
    socket.reading.set()
    await asyncio.wait_for(waiting, timeout=5)
    await outbox.aclose()
    assert len(socket.sent) == OUTBOX_HIGH_WATER + 10  # nothing queued was lost


async def test_a_gone_client_never_leaves_the_reader_waiting() -> None:
    class GoneSocket:
        async def send_text(self, text: str) -> None:
            raise RuntimeError("the client went away")

    outbox = Outbox(cast(WebSocket, cast(Any, GoneSocket())))
    for index in range(OUTBOX_HIGH_WATER):
        outbox.put(ErrorEvent("test", f"event {index}"))
    await asyncio.wait_for(outbox.wait_for_room(), timeout=5)
    await outbox.aclose()
