"""`GET /api/jobs`: your background work not done yet (questions being written, a practice
answer's story being drafted), with its attempts and last error."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from intervoo.jobs import list_pending
from intervoo.web.deps import Tenant

router = APIRouter(prefix="/api/jobs", tags=["jobs"])


@router.get("")
def pending_jobs(tenant: Tenant) -> dict[str, Any]:
    jobs = list_pending(tenant.session, tenant.user_id)
    return {"pending": [job.to_dict() for job in jobs]}
