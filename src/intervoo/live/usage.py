"""Story usage: which stories the candidate was shown answers from, counted in the database.

The live session's only database write. It happens after `suggestion.done` has
gone out, in a background task with its own tenant session, so it never sits on
the question → answer path; writes are serialized so SQLite sees one at a time.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from intervoo.events import ErrorEvent

if TYPE_CHECKING:
    from intervoo.store import Database

log = logging.getLogger(__name__)

NOT_RECORDED = "stories.not_recorded"


class StoryUsage:
    """`record(ids)` from the event loop; `aclose()` waits for the writes still pending."""

    def __init__(
        self, db: Database, user_id: str, *, on_error: Callable[[ErrorEvent], None]
    ) -> None:
        self._db = db
        self._user_id = user_id
        self._on_error = on_error
        self._lock = asyncio.Lock()
        self._pending: set[asyncio.Task[None]] = set()

    def record(self, story_ids: tuple[str, ...]) -> None:
        if not story_ids:
            return
        task = asyncio.create_task(self._write(story_ids), name="live-story-usage")
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def _write(self, story_ids: tuple[str, ...]) -> None:
        from sqlalchemy.exc import SQLAlchemyError

        from intervoo.store import StoreError

        async with self._lock:
            try:
                await asyncio.to_thread(self._mark_used, story_ids)
            except (StoreError, SQLAlchemyError) as exc:
                log.warning(
                    "story usage not recorded stories=%d error=%s",
                    len(story_ids),
                    type(exc).__name__,
                )
                message = "could not count the stories this answer used; the session goes on"
                self._on_error(ErrorEvent(NOT_RECORDED, message))

    def _mark_used(self, story_ids: tuple[str, ...]) -> None:
        from intervoo.stories.repo import StoryRepo

        with self._db.session(self._user_id) as session:
            StoryRepo(session, self._user_id).mark_used(story_ids)

    async def aclose(self) -> None:
        """Let pending writes finish: each is one short transaction, and losing one would
        leave a story looking untold."""
        await asyncio.gather(*self._pending)
