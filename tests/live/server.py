"""A real Intervoo server (uvicorn on 127.0.0.1) seeded with the test candidate, and a client."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import uvicorn
import websockets

from intervoo.config import Settings
from intervoo.events import Event
from intervoo.live.wire import event_from_json
from intervoo.resume.repo import ResumeRepo
from intervoo.resume.schema import ParsedResume
from intervoo.store import Database
from intervoo.stories.repo import StoryRepo
from intervoo.web.app import create_app
from tests.copilot.candidate import RESUME, STORIES
from tests.support.net import free_port


def seed_candidate(settings: Settings) -> str:
    """The test candidate's resume and stories in the real database; returns the user id."""
    db = Database(settings)
    try:
        db.upgrade()
        user_id = db.ensure_local_user()
        with db.session(user_id) as session:
            ResumeRepo(session, user_id).save(ParsedResume(resume=RESUME, source_format="json"))
            stories = StoryRepo(session, user_id)
            for story in STORIES:
                stories.add(story.model_copy())
        return user_id
    finally:
        db.dispose()


@asynccontextmanager
async def running_server(settings: Settings, app: Any = None) -> AsyncIterator[str]:
    """Serve the app (or `app`, an ASGI app wrapping it) on a free port; yields the base URL
    ("http://127.0.0.1:PORT")."""
    port = free_port()
    config = uvicorn.Config(
        app or create_app(settings), host="127.0.0.1", port=port, log_config=None, lifespan="on"
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(), name="uvicorn")
    try:
        async with asyncio.timeout(30):
            while not server.started:  # uvicorn offers no startup event to await
                if task.done():
                    task.result()
                await asyncio.sleep(0.02)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


class LiveClient:
    """A /ws/live client that records every event and can wait for one."""

    def __init__(self, socket: Any) -> None:
        self.socket = socket
        self.events: list[Event] = []
        self.arrived_at: list[float] = []  # time.monotonic() of each event's arrival
        self._arrived = asyncio.Condition()
        self._reader = asyncio.create_task(self._read(), name="live-client")

    async def _read(self) -> None:
        async for message in self.socket:
            async with self._arrived:
                self.arrived_at.append(time.monotonic())
                self.events.append(event_from_json(message))
                self._arrived.notify_all()

    async def send(self, body: dict[str, Any] | bytes) -> None:
        await self.socket.send(body if isinstance(body, bytes) else json.dumps(body))

    async def wait_for(
        self, match: Callable[[Event], bool], timeout_s: float = 10.0, *, after: int = 0
    ) -> Event:
        """The first event from index `after` on that matches, waiting for it if need be."""
        checked = after
        async with asyncio.timeout(timeout_s), self._arrived:
            while True:
                for event in self.events[checked:]:
                    if match(event):
                        return event
                checked = max(checked, len(self.events))
                await self._arrived.wait()

    async def close(self) -> None:
        await self.socket.close()
        await self._reader


def auth_headers(settings: Settings) -> dict[str, str]:
    """A local install's API token, once the server has created it in the data dir."""
    token_file = settings.data_dir / "api-token"
    if not token_file.exists():
        return {}
    return {"Authorization": f"Bearer {token_file.read_text(encoding='ascii').strip()}"}


@asynccontextmanager
async def live_client(base_url: str, settings: Settings) -> AsyncIterator[LiveClient]:
    url = base_url.replace("http://", "ws://") + "/ws/live"
    async with websockets.connect(url, additional_headers=auth_headers(settings)) as socket:
        client = LiveClient(socket)
        try:
            yield client
        finally:
            await client.close()
