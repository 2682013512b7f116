"""FastAPI dependencies: the one way a route reaches user data.

`tenant_session` opens `Database.session(user_id)` for the user the request is
from, so on PostgreSQL row-level security scopes every query in the route.
Who the request is from is decided by one seam, `app.state.identify(request)`:
the local user on a local install; server-mode authentication replaces it.

Use the `Tenant` annotation in routes: it ends the transaction (commit or
rollback) before the response is sent, so a failed commit is a 500, not a lie.
Routes that use it are plain `def` (SQLAlchemy is synchronous; FastAPI runs
them in its threadpool).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Request, status

from intervoo.config import Mode, Settings
from intervoo.security.guard import Identify
from intervoo.store import Database, TenantSession


def get_db(request: Request) -> Database:
    db = getattr(request.app.state, "db", None)
    if not isinstance(db, Database):
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "the database is not open yet")
    return db


def local_identity(user_id: str) -> Identify:
    """Every request is the one local user (a local install has no accounts)."""

    def identify(request: Request) -> str | None:
        return user_id

    return identify


def no_identity(request: Request) -> str | None:
    """Server mode before authentication is configured: nobody is signed in."""
    return None


def current_user_id(request: Request) -> str:
    identify: Identify | None = getattr(request.app.state, "identify", None)
    user_id = identify(request) if identify is not None else None
    if not user_id:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "sign in first",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return user_id


def tenant_session(request: Request) -> Iterator[TenantSession]:
    """A transaction scoped to the requesting user, committed when the route returns."""
    db = get_db(request)
    user_id = current_user_id(request)
    with db.session(user_id) as session:
        yield TenantSession(session=session, user_id=user_id)


# scope="function": the transaction ends when the route returns, before the response.
Tenant = Annotated[TenantSession, Depends(tenant_session, scope="function")]


@asynccontextmanager
async def open_store(app: FastAPI, settings: Settings) -> AsyncIterator[Database]:
    """The app's database for its lifetime: migrated, local user ensured, disposed at stop.

    Sets `app.state.db`, and `app.state.identify` unless a caller (auth, a test) set it.
    """
    db = Database(settings)
    try:
        # Migrations and the first connection block: keep them off the event loop.
        await asyncio.to_thread(db.upgrade)
        if getattr(app.state, "identify", None) is None:
            if settings.mode is Mode.LOCAL:
                app.state.identify = local_identity(await asyncio.to_thread(db.ensure_local_user))
            else:
                app.state.identify = no_identity
        app.state.db = db
        async with _story_listener(db):
            yield db
    finally:
        app.state.db = None
        db.dispose()


@asynccontextmanager
async def _story_listener(db: Database) -> AsyncIterator[None]:
    """On PostgreSQL, every instance's story writes reach this one's live sessions."""
    if not db.is_postgresql:
        yield
        return
    from intervoo.store.changes import listen_story_changes

    listening = asyncio.create_task(
        listen_story_changes(db.listen_url, db.story_changes), name="story-changes"
    )
    try:
        yield
    finally:
        listening.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await listening


@asynccontextmanager
async def running_jobs(app: FastAPI, settings: Settings, db: Database) -> AsyncIterator[None]:
    """The job queue for the app's lifetime (`app.state.jobs`): started after the store,
    so pending work left by a killed process is picked up."""
    from intervoo.jobs import open_job_queue
    from intervoo.jobs.work import JobContext
    from intervoo.web.story_questions import charge_for

    queue = open_job_queue(JobContext(settings, db, lambda user_id: charge_for(app, user_id)))
    await queue.start()
    app.state.jobs = queue
    try:
        yield
    finally:
        await queue.stop()
