"""An open live session follows the user's stories: one deleted or edited meanwhile is not
suggested from its old text. On each change (`intervoo.store.changes`, from any instance)
the session's candidate context is read again off the event loop and swapped in for the
answers that follow; the client hears `status` `stories.updated`."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from intervoo.copilot.context import CandidateContext
from intervoo.events import ErrorEvent, StatusEvent
from intervoo.live.session import LiveSession
from intervoo.store.changes import StoryChanges

log = logging.getLogger(__name__)
UPDATED = "stories.updated"


class StoryRefresh:
    def __init__(
        self,
        session: LiveSession,
        reload: Callable[[], CandidateContext],
        changes: StoryChanges,
        user_id: str,
    ) -> None:
        self._session = session
        self._reload = reload
        self._wanted = asyncio.Event()  # changes while a reload runs make one more, not many
        loop = asyncio.get_running_loop()

        def changed() -> None:  # on whichever thread committed or heard the change
            loop.call_soon_threadsafe(self._wanted.set)

        self._unsubscribe = changes.subscribe(user_id, changed)
        self._task = asyncio.create_task(self._follow(), name="live-story-refresh")

    async def _follow(self) -> None:
        from sqlalchemy.exc import SQLAlchemyError

        from intervoo.store.errors import StoreError

        while True:
            await self._wanted.wait()
            self._wanted.clear()
            try:
                ctx = await asyncio.to_thread(self._reload)
            except (StoreError, SQLAlchemyError) as exc:
                log.warning("live stories not reloaded: %s", type(exc).__name__)
                message = "your stories changed but could not be read again; restart the session"
                self._session.emit(ErrorEvent("stories.not_reloaded", message))
                continue
            self._session.replace_context(ctx)
            detail = {"stories": len(ctx.stories)}
            self._session.emit(StatusEvent(UPDATED, session_id=self._session.id, detail=detail))

    async def aclose(self) -> None:
        self._unsubscribe()
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
