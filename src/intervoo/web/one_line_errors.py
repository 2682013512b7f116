"""Every error detail is one line: a detail that quotes the client's input (an id from the
path, a name) shows its line breaks and control characters escaped, never raw."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from starlette.exceptions import HTTPException
from starlette.responses import Response

_ESCAPES = {ord(c): repr(c)[1:-1] for c in map(chr, range(32)) if c != "\t"}


def one_line(detail: str) -> str:
    return detail.translate(_ESCAPES)


async def _one_line_http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if isinstance(exc.detail, str):
        exc.detail = one_line(exc.detail)
    return await http_exception_handler(request, exc)


def install_one_line_errors(app: FastAPI) -> None:
    app.add_exception_handler(HTTPException, _one_line_http_error)
