"""Server-mode sessions in the database, so every app process honours a logout.

Each sign-in is one `auth_sessions` row, keyed by a hash of the token's random
id and owned by its user: a token whose signature checks out names its user,
so the row is read with that tenant set and row-level security stays intact.
Logout revokes one row, a password change every row of the account; expired
rows of all users are purged at each sign-in.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select, text, update
from sqlalchemy.orm import Session

from intervoo.security.sessions import SessionClaims, SessionSigner, session_row_id
from intervoo.store import Database
from intervoo.store.models import AuthSessionRow

# `last_seen_at` is written at most this often per session, not on every request.
LAST_SEEN_RESOLUTION = timedelta(minutes=1)
log = logging.getLogger(__name__)


def _at(epoch_s: float) -> datetime:
    return datetime.fromtimestamp(epoch_s, UTC)


def open_session(db: Database, signer: SessionSigner, user_id: str, now: float) -> str:
    """Record a new sign-in of `user_id` and return its token (expired rows go first)."""
    purge_expired_sessions(db, now)
    token, claims = signer.issue(user_id, now)
    with db.session(user_id) as session:
        session.add(
            AuthSessionRow(
                id=session_row_id(claims.session_id),
                user_id=user_id,
                created_at=_at(now),
                expires_at=_at(claims.expires_at),
                last_seen_at=_at(now),
            )
        )
    return token


def session_is_live(db: Database, claims: SessionClaims, now: float) -> bool:
    """Whether the (already signature-checked) session exists, unexpired and not revoked."""
    moment = _at(now)
    with db.session(claims.user_id) as session:
        row = session.execute(
            select(AuthSessionRow).where(
                AuthSessionRow.id == session_row_id(claims.session_id),
                AuthSessionRow.user_id == claims.user_id,
            )
        ).scalar_one_or_none()
        if row is None or row.revoked_at is not None or row.expires_at <= moment:
            return False
        if moment - row.last_seen_at >= LAST_SEEN_RESOLUTION:
            row.last_seen_at = moment
        return True


def revoke_session(db: Database, user_id: str, session_id: str, now: float) -> bool:
    """End one session (logout); False when it was not live."""
    with db.session(user_id) as session:
        result = session.execute(
            update(AuthSessionRow)
            .where(
                AuthSessionRow.id == session_row_id(session_id),
                AuthSessionRow.user_id == user_id,
                AuthSessionRow.revoked_at.is_(None),
            )
            .values(revoked_at=_at(now))
        )
        return _count(result) > 0


def revoke_all_sessions(session: Session, user_id: str, now: float) -> int:
    """End every live session of `user_id`, inside the caller's transaction."""
    result = session.execute(
        update(AuthSessionRow)
        .where(AuthSessionRow.user_id == user_id, AuthSessionRow.revoked_at.is_(None))
        .values(revoked_at=_at(now))
    )
    return _count(result)


def purge_expired_sessions(db: Database, now: float) -> int:
    """Delete every user's expired session rows; returns how many went.

    On PostgreSQL no tenant can see other users' rows, so a narrow definer function
    (migration 0003) does it; SQLite has one database user and no RLS.
    """
    with db.session(None) as session:
        if db.is_postgresql:
            # The function's clock is the database's, so `now` is not passed to it.
            purged = int(
                session.execute(text("SELECT intervoo_purge_expired_sessions()")).scalar_one()
            )
        else:
            expired = delete(AuthSessionRow).where(AuthSessionRow.expires_at < _at(now))
            purged = _count(session.execute(expired))
    if purged:
        log.info("purged expired sessions count=%d", purged)
    return purged


def _count(result: Any) -> int:
    return cast(CursorResult[Any], result).rowcount
