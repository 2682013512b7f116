"""The server instances sharing one database: one secret key among them, and who is running.

At start each server-mode instance takes a transaction-wide advisory lock (so two
starting at once are checked one after the other), forgets instances not seen for
STALE_S (killed ones), refuses to start if a live one signs with another key, and
records itself; while it runs it refreshes `seen_at` every HEARTBEAT_S. A key is
rotated by stopping every instance and starting them with the new one.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import logging
import os
import socket
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import SQLAlchemyError

from intervoo.security.config import SecurityConfigError
from intervoo.store import Database
from intervoo.store.models import ServerInstanceRow

HEARTBEAT_S = 15.0
STALE_S = 60.0
_FINGERPRINT_TEXT = b"intervoo instance fingerprint v1"
_LOCK_ID = 0x1E7E_0005  # any constant: instances serialize their start on it
log = logging.getLogger(__name__)


def fingerprint(secret_key: str) -> str:
    """Equal keys give equal fingerprints; the fingerprint tells nothing of the key."""
    return hmac.new(secret_key.encode(), _FINGERPRINT_TEXT, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Instance:
    id: str
    host: str
    pid: int
    shared_limits: bool


def _now() -> datetime:
    return datetime.now(UTC)


def register_instance(db: Database, secret_key: str, *, shared_limits: bool) -> Instance:
    """Record this instance, or raise SecurityConfigError if a live one has another key."""
    me = Instance(uuid.uuid4().hex, socket.gethostname()[:255], os.getpid(), shared_limits)
    mine = fingerprint(secret_key)
    now = _now()
    with db.session(None) as session:
        if db.is_postgresql:
            session.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _LOCK_ID})
        stale = ServerInstanceRow.seen_at < now - timedelta(seconds=STALE_S)
        session.execute(delete(ServerInstanceRow).where(stale))
        others = session.execute(select(ServerInstanceRow)).scalars().all()
        foreign = [row for row in others if row.secret_fingerprint != mine]
        if foreign:
            hosts = ", ".join(sorted({f"{row.host} (pid {row.pid})" for row in foreign}))
            raise SecurityConfigError(
                f"INTERVOO_SECRET_KEY differs from the key of the instance(s) running on this "
                f"database: {hosts}. Every instance needs the same key, or a session signed by "
                "one is refused by the others; to change the key, stop them all first"
            )
        session.add(
            ServerInstanceRow(
                id=me.id,
                host=me.host,
                pid=me.pid,
                secret_fingerprint=mine,
                shared_limits=shared_limits,
                started_at=now,
                seen_at=now,
            )
        )
    if others and not shared_limits:
        log.warning("%s", unshared_limits_warning(len(others) + 1))
    return me


def unshared_limits_warning(count: int) -> str:
    return (
        f"{count} server instances run on this database without INTERVOO_REDIS_URL: "
        "login limits, live-session caps and LLM allowances are counted per instance"
    )


def heartbeat(db: Database, instance: Instance) -> None:
    with db.session(None) as session:
        row = update(ServerInstanceRow).where(ServerInstanceRow.id == instance.id)
        session.execute(row.values(seen_at=_now()))


def deregister(db: Database, instance: Instance) -> None:
    with db.session(None) as session:
        session.execute(delete(ServerInstanceRow).where(ServerInstanceRow.id == instance.id))


def live_instances(db: Database) -> list[Instance]:
    """The instances seen within STALE_S."""
    fresh = ServerInstanceRow.seen_at >= _now() - timedelta(seconds=STALE_S)
    with db.session(None) as session:
        rows = session.execute(select(ServerInstanceRow).where(fresh)).scalars().all()
        return [Instance(row.id, row.host, row.pid, row.shared_limits) for row in rows]


@asynccontextmanager
async def running_instance(
    db: Database, secret_key: str, *, shared_limits: bool
) -> AsyncIterator[Instance]:
    """This instance, recorded (and kept fresh) while the block runs."""
    instance = await asyncio.to_thread(
        register_instance, db, secret_key, shared_limits=shared_limits
    )
    beating = asyncio.create_task(_beat(db, instance), name="instance-heartbeat")
    try:
        yield instance
    finally:
        beating.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await beating
        with contextlib.suppress(SQLAlchemyError):  # a database gone at stop: the row goes stale
            await asyncio.to_thread(deregister, db, instance)


async def _beat(db: Database, instance: Instance) -> None:
    while True:
        await asyncio.sleep(HEARTBEAT_S)
        try:
            await asyncio.to_thread(heartbeat, db, instance)
        except SQLAlchemyError as exc:  # the database away for a moment: the next beat
            log.warning("instance heartbeat failed: %s", type(exc).__name__)
