"""Waiting for background jobs through the API, as a client would (`GET /api/jobs`)."""

from __future__ import annotations

import time
from typing import Any, Protocol


class _Client(Protocol):
    def get(self, url: str) -> Any: ...


def wait_jobs_done(client: _Client, timeout_s: float = 30.0) -> None:
    """Until the signed-in user has no pending job; TimeoutError with what is left."""
    deadline = time.monotonic() + timeout_s
    while True:
        pending = client.get("/api/jobs").json()["pending"]
        if not pending:
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"jobs still pending after {timeout_s}s: {pending}")
        time.sleep(0.1)
