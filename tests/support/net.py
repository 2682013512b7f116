"""Small networking helpers for tests that run real servers on 127.0.0.1."""

from __future__ import annotations

import socket
import time

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_http_ok(url: str, timeout_s: float = 30.0) -> httpx.Response:
    """Poll a URL until it answers 200 (used only to wait for a subprocess server to boot).
    A /healthz that says the app is still starting (`intervoo serve` answers it at once)
    is waited past, so the test's first request does not wait out its own timeout."""
    deadline = time.monotonic() + timeout_s
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            response = httpx.get(url, timeout=1.0)
            if response.status_code == 200 and not _starting(response):
                return response
        except httpx.HTTPError as exc:
            last = exc
        time.sleep(0.1)
    raise TimeoutError(f"{url} did not answer 200 within {timeout_s}s (last error: {last})")


def _starting(response: httpx.Response) -> bool:
    if not response.url.path.endswith("/healthz"):
        return False
    return bool(response.json().get("app") == "starting")
