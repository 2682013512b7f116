"""Dependency telemetry is off before any dependency is imported, and the LLM's HTTP client
never takes a proxy from the environment."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from intervoo.config import Settings
from intervoo.llm.http import llm_http
from intervoo.telemetry import OFFLINE_ENV, allow_model_downloads, switch_off
from tests.support.strace import outside_attempts

VAD_LOAD = "from intervoo.audio.vad import load_silero; load_silero()"


def _clean_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in OFFLINE_ENV}
    env.pop("XDG_CACHE_HOME", None)
    return {**env, "HOME": str(home)}


def test_importing_intervoo_switches_every_dependency_off(tmp_path: Path) -> None:
    script = "import os, intervoo, json; print(json.dumps({k: os.environ.get(k) for k in %r}))"
    done = subprocess.run(
        [sys.executable, "-c", script % sorted(OFFLINE_ENV)],
        env=_clean_env(tmp_path),
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(done.stdout) == OFFLINE_ENV


def test_onnx_runtime_keeps_no_telemetry_queue_in_the_home_dir(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-c", VAD_LOAD], env=_clean_env(tmp_path), check=True)
    assert not (tmp_path / ".cache" / "Microsoft").exists()


def test_a_users_own_setting_wins_and_the_download_command_may_go_online() -> None:
    env = {"HF_HUB_OFFLINE": "0"}
    switch_off(env)
    assert env["HF_HUB_OFFLINE"] == "0" and env["ORT_DISABLE_TELEMETRY"] == "1"
    allow_model_downloads(env)
    assert env["HF_HUB_OFFLINE"] == "0"


async def _count_connections(counter: list[int]) -> asyncio.Server:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        counter.append(1)
        writer.close()

    return await asyncio.start_server(handle, "127.0.0.1", 0)


async def test_the_llm_client_ignores_proxies_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, settings: Settings
) -> None:
    hits: list[int] = []
    proxy = await _count_connections(hits)
    target = await _count_connections([])
    proxy_port = proxy.sockets[0].getsockname()[1]
    target_port = target.sockets[0].getsockname()[1]
    for name in ("HTTP_PROXY", "ALL_PROXY"):
        monkeypatch.setenv(name, f"http://127.0.0.1:{proxy_port}")
    try:
        async with httpx.AsyncClient() as trusting:  # what the code did before
            await _try_get(trusting, target_port)
        assert hits, "the environment's proxy should catch a default client"
        hits.clear()
        async with llm_http(settings) as http:
            await _try_get(http, target_port)
        assert hits == []
    finally:
        proxy.close()
        target.close()


async def _try_get(http: httpx.AsyncClient, port: int) -> None:
    try:
        await http.get(f"http://127.0.0.1:{port}/", timeout=5)
    except httpx.HTTPError:
        pass  # both servers hang up at once; only who was called matters


TRACE = """\
101 connect(3, {sa_family=AF_INET, sin_port=htons(5432), sin_addr=inet_addr("127.0.0.1")}, 16) = 0
101 connect(4, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1 ENOENT
101 bind(5, {sa_family=AF_INET, sin_port=htons(0), sin_addr=inet_addr("0.0.0.0")}, 16) = 0
102 connect(6, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("127.0.0.53")}, 16) = 0
102 connect(7, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), \
inet_pton(AF_INET6, "2603:1030::1", &sin6_addr), sin6_scope_id=0}, 28) = -1 ENETUNREACH
102 sendto(8, "x", 1, 0, {sa_family=AF_INET, sin_port=htons(443), \
sin_addr=inet_addr("13.69.109.130")}, 16) = 1
103 connect(9, {sa_family=AF_INET6, sin6_port=htons(8765), sin6_flowinfo=htonl(0), \
inet_pton(AF_INET6, "::ffff:127.0.0.1", &sin6_addr), sin6_scope_id=0}, 28) = 0
"""


def test_the_trace_reader_flags_dns_and_every_non_loopback_address() -> None:
    flagged = outside_attempts(TRACE)
    assert [line.split()[1].split("(")[0] for line in flagged] == ["connect", "connect", "sendto"]
    assert "127.0.0.53" in flagged[0] and "2603:1030::1" in flagged[1]
