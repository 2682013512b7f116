"""The starting shell under a real uvicorn server: /healthz answers at once, other requests
wait for the real app, and a refused build answers 503 and says why."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import httpx
import uvicorn

from intervoo.config import Settings
from intervoo.web.app import create_app
from intervoo.web.shell import StartingShell, StartupRefused
from tests.support.net import free_port


def _first_answer(url: str) -> httpx.Response:
    """The first answer of a server still binding its port."""
    for _ in range(300):
        try:
            return httpx.get(url, timeout=5)
        except httpx.ConnectError:
            time.sleep(0.1)
    raise TimeoutError(f"{url} never answered")


@contextmanager
def _serving(build: Callable[[], Any], refusals: list[str]) -> Iterator[str]:
    port = free_port()
    shell = StartingShell("1.2.3", build, refusals.append)
    server = uvicorn.Server(uvicorn.Config(shell, port=port, log_config=None))
    thread = threading.Thread(target=server.run)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def test_healthz_answers_while_the_app_builds_and_other_requests_wait(
    settings: Settings,
) -> None:
    release = threading.Event()

    def slow_build() -> Any:
        release.wait(timeout=30)
        return create_app(settings)

    with _serving(slow_build, []) as url, ThreadPoolExecutor(1) as pool:
        health = _first_answer(f"{url}/healthz").json()
        assert health == {"status": "ok", "version": "1.2.3", "app": "starting"}
        early = pool.submit(httpx.get, f"{url}/", timeout=30)
        assert not early.done()
        release.set()
        assert early.result().status_code == 200
        assert httpx.get(f"{url}/healthz").json()["app"] == "ready"


def test_a_refused_build_is_reported_and_answers_503() -> None:
    release = threading.Event()

    def refused() -> Any:
        release.wait(timeout=30)
        raise StartupRefused("no database")

    refusals: list[str] = []
    with _serving(refused, refusals) as url:
        assert _first_answer(f"{url}/healthz").status_code == 200
        release.set()
        assert httpx.get(f"{url}/api/stories", timeout=30).status_code == 503
        assert httpx.get(f"{url}/healthz").status_code == 503  # no longer "starting"
        assert refusals == ["no database"]
