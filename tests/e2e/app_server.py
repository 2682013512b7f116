"""The real Intervoo server for browser tests: `python -m intervoo.cli serve` as a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from intervoo.security.token import load_or_create_token
from tests.support.net import free_port, wait_http_ok


@dataclass
class AppServer:
    url: str
    process: subprocess.Popen[bytes]
    log_path: Path
    data_dir: Path

    def api(self) -> httpx.Client:
        """A client with the install's API token (the browser gets it as a cookie from /)."""
        token = load_or_create_token(self.data_dir)
        return httpx.Client(
            base_url=self.url, timeout=30.0, headers={"Authorization": f"Bearer {token}"}
        )

    def log(self) -> str:
        return self.log_path.read_text("utf-8", errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


@contextmanager
def serve(data_dir: Path, **env: str) -> Iterator[AppServer]:
    """Start the server on a free port with its own data dir; stopped (and awaited) after."""
    port = free_port()
    log_path = data_dir.parent / f"server-{port}.log"
    environment = {**os.environ, "INTERVOO_DATA_DIR": str(data_dir), **env}
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "intervoo.cli", "serve", "--port", str(port)],
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server = AppServer(f"http://127.0.0.1:{port}", process, log_path, data_dir)
    try:
        try:
            wait_http_ok(f"{server.url}/healthz", timeout_s=60)
        except TimeoutError as exc:
            log_tail = server.log()[-3000:]
            raise RuntimeError(f"the server did not start; its log:\n{log_tail}") from exc
        yield server
    finally:
        server.stop()


def llm_env(base_url: str) -> dict[str, str]:
    """The environment that points a served app at a test LLM server (OpenAI format)."""
    return {
        "INTERVOO_LLM_PROVIDER": "openai",
        "INTERVOO_LLM_BASE_URL": base_url,
        "INTERVOO_LLM_MODEL": "test-model",
        "INTERVOO_LLM_API_KEY": "sk-test-0123456789abcdef",
    }
