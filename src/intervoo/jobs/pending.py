"""The pending record of background work: one `pending_jobs` row per job, under the user's
tenant, written in the transaction of the change that asks for the work and deleted when
the work is done. It is what the UI and the API show as pending, and what is replayed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from intervoo.store import Database
from intervoo.store.models import PendingJobRow, new_id
from intervoo.store.types import utcnow

MAX_ERROR_CHARS = 200


@dataclass(frozen=True)
class PendingJob:
    id: str
    user_id: str
    kind: str
    payload: dict[str, Any]
    attempts: int
    last_error: str | None
    created_at: datetime

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "attempts": self.attempts,
            "last_error": self.last_error,
            "created_at": self.created_at.isoformat(),
        }


def _job(row: PendingJobRow) -> PendingJob:
    return PendingJob(
        row.id, row.user_id, row.kind, dict(row.payload), row.attempts, row.last_error,
        row.created_at,
    )  # fmt: skip


def add_pending(session: Session, user_id: str, kind: str, payload: dict[str, Any]) -> str:
    """Record work to do, inside the caller's transaction; returns the job id."""
    job_id = new_id()
    session.add(
        PendingJobRow(id=job_id, user_id=user_id, kind=kind, payload=payload, created_at=utcnow())
    )
    return job_id


def list_pending(session: Session, user_id: str) -> list[PendingJob]:
    rows = session.execute(
        select(PendingJobRow)
        .where(PendingJobRow.user_id == user_id)
        .order_by(PendingJobRow.created_at)
    )
    return [_job(row) for row in rows.scalars()]


def load_pending(db: Database, user_id: str, job_id: str) -> PendingJob | None:
    with db.session(user_id) as session:
        row = session.get(PendingJobRow, job_id)
        return _job(row) if row is not None else None


def finish(db: Database, user_id: str, job_id: str) -> None:
    with db.session(user_id) as session:
        session.execute(
            delete(PendingJobRow).where(
                PendingJobRow.id == job_id, PendingJobRow.user_id == user_id
            )
        )


def record_failure(db: Database, user_id: str, job_id: str, error: str) -> None:
    with db.session(user_id) as session:
        session.execute(
            update(PendingJobRow)
            .where(PendingJobRow.id == job_id, PendingJobRow.user_id == user_id)
            .values(attempts=PendingJobRow.attempts + 1, last_error=error[:MAX_ERROR_CHARS])
        )
