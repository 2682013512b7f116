import os
import subprocess
import sys
from pathlib import Path

import httpx

from intervoo import __version__
from intervoo.config import Settings
from intervoo.web.app import create_app
from tests.support.net import free_port, wait_http_ok


async def test_healthz_and_index(settings: Settings) -> None:
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
        health = await client.get("/healthz")
        assert health.json() == {
            "status": "ok",
            "version": __version__,
            "app": "ready",
            "speech_model": "not loaded",  # warming is off in tests and no audio came yet
        }
        index = await client.get("/")
        assert index.status_code == 200
        assert "<title>Intervoo</title>" in index.text
        script = await client.get("/static/app.js")
        assert script.status_code == 200


def test_creating_the_app_does_no_io(tmp_path: Path) -> None:
    create_app(Settings(data_dir=tmp_path / "not-yet"))
    assert not (tmp_path / "not-yet").exists()


def test_serve_answers_healthz(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "INTERVOO_DATA_DIR": str(tmp_path / "data")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "intervoo.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        response = wait_http_ok(f"http://127.0.0.1:{port}/healthz", timeout_s=60)
        assert response.json()["status"] == "ok"
        # Early requests wait for the real app instead of failing.
        index = httpx.get(f"http://127.0.0.1:{port}/", timeout=60)
        assert index.status_code == 200 and "<title>Intervoo</title>" in index.text
        assert httpx.get(f"http://127.0.0.1:{port}/healthz").json()["app"] == "ready"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        if proc.stdout:
            proc.stdout.close()


def test_serve_refuses_a_bad_setting_with_one_line(tmp_path: Path) -> None:
    env = {**os.environ, "INTERVOO_DATA_DIR": str(tmp_path / "data"), "INTERVOO_MODE": "server"}
    command = [sys.executable, "-m", "intervoo.cli", "serve", "--port", str(free_port())]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines() == [
        "error: server mode needs PostgreSQL (row-level security keeps users apart): set "
        "INTERVOO_DATABASE_URL to a postgresql:// URL, or run with INTERVOO_MODE=local"
    ]
