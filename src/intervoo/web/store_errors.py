"""Storage failures a request can meet, each answered as one clear line instead of a 500.

A damaged stored row (edited by hand, or written by an old version) fails only the
requests that read it, with 409 naming the row; a full disk or a database that stays
locked says so with 507 / 503, and nothing the request did is half-written (its
transaction is rolled back).
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request, status
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError

from intervoo.store.errors import DamagedRowError, storage_problem

log = logging.getLogger(__name__)


def install_store_errors(app: FastAPI) -> None:
    app.add_exception_handler(DamagedRowError, _damaged_row)
    app.add_exception_handler(OperationalError, _operational)


async def _damaged_row(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DamagedRowError)
    log.warning("damaged row table=%s id=%s path=%s", exc.table, exc.row_id, request.url.path)
    return JSONResponse({"detail": str(exc)}, status_code=status.HTTP_409_CONFLICT)


async def _operational(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, OperationalError)
    problem = storage_problem(exc)
    if problem is None:
        raise exc
    code, message = problem
    log.warning("storage problem code=%s path=%s", code, request.url.path)
    return JSONResponse({"detail": message}, status_code=code)
