"""The deployment example's reverse proxy, for real: Caddy with `deploy/Caddyfile` in front of
two server-mode instances on one PostgreSQL and one Redis (the compose topology, without
containers). Through it: sign-in, a live session over its WebSocket, and the per-address
login limit keyed on the real client, not on the proxy, whatever the client claims."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
import pytest
import websockets.sync.client as ws

from intervoo.config import Settings
from intervoo.security.sessions import SESSION_COOKIE
from tests.security.conftest import PASSWORD_A
from tests.security.servers import server_process
from tests.security.test_two_instances import OUTAGE_Q, _account
from tests.support.net import free_port, wait_http_ok
from tests.support.redis import RedisForTest, test_redis  # noqa: F401

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
CADDYFILE = Path(__file__).parents[2] / "deploy" / "Caddyfile"
PER_ADDRESS = 6
# Two clients on loopback addresses of their own; the proxy dials the instances from 127.0.0.1.
CLIENT, OTHER_CLIENT = "127.0.0.3", "127.0.0.4"


def _caddy() -> str:
    found = shutil.which("caddy")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("caddy is not installed (.ci/run installs Debian's caddy)")
        pytest.skip("caddy is not installed (Debian: apt-get install caddy)")
    return found


def _caddyfile(port: int, upstreams: list[str]) -> str:
    """deploy/Caddyfile as shipped, pointed at these instances and this port."""
    shipped = CADDYFILE.read_text("utf-8")
    assert ":80 {" in shipped and "intervoo-1:8765 intervoo-2:8765" in shipped
    ours = shipped.replace(":80 {", f":{port} {{").replace(
        "intervoo-1:8765 intervoo-2:8765", " ".join(u.removeprefix("http://") for u in upstreams)
    )
    return "{\n\tadmin off\n\tauto_https off\n}\n" + ours  # one test's proxy, no ports of its own


@contextmanager
def _proxy(tmp_path: Path, upstreams: list[str]) -> Iterator[str]:
    port = free_port()
    config = tmp_path / "Caddyfile"
    config.write_text(_caddyfile(port, upstreams), "utf-8")
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "caddy")}
    with (tmp_path / "caddy.log").open("wb") as log:
        proc = subprocess.Popen(
            [_caddy(), "run", "--config", str(config), "--adapter", "caddyfile"],
            env=env,
            stdout=log,
            stderr=log,
        )
    try:
        wait_http_ok(f"http://127.0.0.1:{port}/healthz", timeout_s=30)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def _client(base: str, address: str) -> httpx.Client:
    transport = httpx.HTTPTransport(local_address=address)
    return httpx.Client(base_url=base, transport=transport, timeout=30)


def _login(client: httpx.Client, password: str, spoof: str | None = None) -> httpx.Response:
    headers = {"X-Forwarded-For": spoof} if spoof else {}
    body = {"email": "a@example.com", "password": password}
    return client.post("/api/auth/login", json=body, headers=headers)


def test_the_shipped_caddyfile_serves_two_instances_as_one(
    server_settings: Settings,
    tmp_path: Path,
    test_redis: RedisForTest,  # noqa: F811
) -> None:
    _caddy()
    _account(server_settings, with_stories=True)
    env = {
        **test_redis.env(),
        "INTERVOO_TRUSTED_PROXIES": '["127.0.0.1"]',
        "INTERVOO_ALLOWED_HOSTS": '["127.0.0.1"]',
        "INTERVOO_LOGIN_ATTEMPTS_PER_IP": str(PER_ADDRESS),
    }
    with ExitStack() as stack:
        instances = [
            stack.enter_context(server_process(server_settings, tmp_path / f"i{i}.log", env))
            for i in (1, 2)
        ]
        base = stack.enter_context(_proxy(tmp_path, instances))
        client = stack.enter_context(_client(base, CLIENT))
        token = _login(client, PASSWORD_A).cookies[SESSION_COOKIE]
        url = base.replace("http://", "ws://") + "/ws/live"
        cookie = {"Cookie": f"{SESSION_COOKIE}={token}", "Origin": base}
        with ws.connect(url, additional_headers=cookie) as socket:
            socket.send(json.dumps({"type": "start"}))
            started = json.loads(socket.recv(timeout=30))
            socket.send(json.dumps({"type": "ask", "text": OUTAGE_Q}))
            answer = ""
            while (event := json.loads(socket.recv(timeout=30)))["type"] != "suggestion.done":
                answer += event.get("text", "") if event["type"] == "suggestion.delta" else ""
        # A client that claims other addresses is still limited as itself (the proxy sets
        # X-Forwarded-For), and its lock does not fall on another client behind the proxy.
        client.cookies.clear()  # signed out again (a signed-in client's POST needs its CSRF token)
        claimed = [
            _login(client, "wrong", spoof=f"10.0.0.{i}").status_code for i in range(PER_ADDRESS)
        ]
        other = _login(stack.enter_context(_client(base, OTHER_CLIENT)), "wrong").status_code
        logs = [(tmp_path / f"i{i}.log").read_text("utf-8", errors="replace") for i in (1, 2)]
    assert started["type"] == "status" and started.get("session_id")
    assert "1200 ms" in answer, answer  # the checkout outage story, through the proxy
    # 1 sign-in + PER_ADDRESS tries: the address's allowance ran out on the last.
    assert claimed == [401] * (PER_ADDRESS - 1) + [429]
    assert other == 401
    assert all("/api/auth/login" in log for log in logs), "round robin reached both instances"
