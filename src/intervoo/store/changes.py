"""Whose stories changed: so an open live session stops using a story deleted or edited since.

A transaction that adds, edits or deletes a story row is announced once it commits,
with the tenant's user id, to every listener in the process (`StoryChanges`). On
PostgreSQL the announcement is a NOTIFY sent by the transaction itself (delivered at
commit, to every instance on the database; `listen_story_changes` turns it into the
local announcement); SQLite has one process, so the commit announces it directly.
Counting a story's uses (a bulk UPDATE) is not a change of what it says.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import defaultdict
from collections.abc import Callable
from itertools import chain
from typing import Any

from sqlalchemy import event, func, select
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from intervoo.store.models import StoryRow

CHANNEL = "intervoo_story_changes"
_CHANGED = "intervoo.stories_changed"
_TENANT = "intervoo.tenant"
RECONNECT_S = (0.5, 1, 2, 5)
log = logging.getLogger(__name__)


class StoryChanges:
    """Callbacks per user, called from whichever thread announces (keep them short)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._callbacks: defaultdict[str, set[Callable[[], None]]] = defaultdict(set)

    def subscribe(self, user_id: str, callback: Callable[[], None]) -> Callable[[], None]:
        """Call `callback` after each change of the user's stories; returns the unsubscribe."""
        with self._lock:
            self._callbacks[user_id].add(callback)

        def unsubscribe() -> None:
            with self._lock:
                self._callbacks[user_id].discard(callback)
                if not self._callbacks[user_id]:
                    del self._callbacks[user_id]

        return unsubscribe

    def announce(self, user_id: str) -> None:
        with self._lock:
            callbacks = list(self._callbacks.get(user_id, ()))
        for callback in callbacks:
            callback()


def set_tenant(session: Session, user_id: str | None) -> None:
    session.info[_TENANT] = user_id


def watch_story_writes(
    sessions: sessionmaker[Session], changes: StoryChanges, *, postgresql: bool
) -> None:
    """Announce every committed story write made through `sessions`."""

    def mark(session: Session) -> None:
        if session.info.get(_TENANT):
            session.info[_CHANGED] = True

    @event.listens_for(sessions, "after_flush")
    def flushed(session: Session, _context: Any) -> None:
        rows = chain(session.new, session.dirty, session.deleted)
        if any(isinstance(row, StoryRow) for row in rows):
            mark(session)

    @event.listens_for(sessions, "do_orm_execute")
    def executed(state: ORMExecuteState) -> None:
        mapper = state.bind_mapper
        if state.is_delete and mapper is not None and mapper.class_ is StoryRow:
            mark(state.session)

    @event.listens_for(sessions, "before_commit")
    def committing(session: Session) -> None:
        if postgresql and session.info.get(_CHANGED):
            session.execute(select(func.pg_notify(CHANNEL, session.info[_TENANT])))

    @event.listens_for(sessions, "after_commit")
    def committed(session: Session) -> None:
        if session.info.pop(_CHANGED, False) and not postgresql:
            changes.announce(session.info[_TENANT])

    @event.listens_for(sessions, "after_rollback")
    def rolled_back(session: Session) -> None:
        session.info.pop(_CHANGED, None)


async def listen_story_changes(conninfo: str, changes: StoryChanges) -> None:
    """PostgreSQL's story NOTIFYs, from every instance, announced here; reconnects when the
    connection drops (runs until cancelled)."""
    import psycopg

    failures = 0
    while True:
        try:
            async with await psycopg.AsyncConnection.connect(conninfo, autocommit=True) as conn:
                await conn.execute(f"LISTEN {CHANNEL}")
                failures = 0
                async for notice in conn.notifies():
                    changes.announce(notice.payload)
        except psycopg.Error as exc:
            wait = RECONNECT_S[min(failures, len(RECONNECT_S) - 1)]
            failures += 1
            log.warning("story change listener lost (%s); again in %gs", type(exc).__name__, wait)
            await asyncio.sleep(wait)
