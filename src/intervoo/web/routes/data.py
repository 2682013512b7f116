"""The user's data as a whole: download it, delete it, restore it."""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Body, HTTPException, status

from intervoo.store import ExportFormatError, ImportConflictError
from intervoo.userdata.transfer import delete_user_data, export_user_data, import_user_data
from intervoo.web.deps import Tenant

router = APIRouter(prefix="/api/data", tags=["data"])
log = logging.getLogger(__name__)


@router.get("/export")
def export_data(tenant: Tenant) -> dict[str, Any]:
    """Everything you own, as one JSON file."""
    data = export_user_data(tenant.session, tenant.user_id)
    log.info("export user=%s rows=%d", tenant.user_id, _rows(data["tables"]))
    return data


@router.delete("")
def delete_data(tenant: Tenant) -> dict[str, Any]:
    """Delete everything you own; your account stays."""
    counts = delete_user_data(tenant.session, tenant.user_id)
    log.info("delete user=%s rows=%d", tenant.user_id, sum(counts.values()))
    return {"deleted": counts}


@router.post("/import", status_code=status.HTTP_201_CREATED)
def import_data(tenant: Tenant, data: Annotated[dict[str, Any], Body()]) -> dict[str, Any]:
    """Restore an export into an empty account."""
    try:
        counts = import_user_data(tenant.session, tenant.user_id, data)
    except ExportFormatError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from None
    except ImportConflictError as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from None
    log.info("import user=%s rows=%d", tenant.user_id, sum(counts.values()))
    return {"imported": counts}


def _rows(tables: dict[str, list[Any]]) -> int:
    return sum(len(rows) for rows in tables.values())
