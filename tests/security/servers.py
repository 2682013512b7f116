"""Real server-mode `intervoo serve` processes on 127.0.0.1, for tests across processes."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from intervoo.config import Settings
from tests.support.auth import TEST_SECRET_KEY
from tests.support.net import free_port, wait_http_ok


@contextmanager
def server_process(
    settings: Settings,
    log: Path,
    extra_env: dict[str, str] | None = None,
    args: tuple[str, ...] = (),
    *,
    pid: bool = False,
) -> Iterator[Any]:
    """`intervoo serve` in server mode on `settings`' database; yields its base URL (with
    `pid`: the URL and the process id, for a test that kills it)."""
    port = free_port()
    env = {
        **os.environ,
        "INTERVOO_MODE": "server",
        "INTERVOO_SECRET_KEY": TEST_SECRET_KEY,
        "INTERVOO_DATA_DIR": str(settings.data_dir),
        "INTERVOO_DATABASE_URL": str(settings.database_url),
        "INTERVOO_DATABASE_ADMIN_URL": str(settings.database_admin_url),
        **(extra_env or {}),
    }
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "intervoo.cli", "serve", "--port", str(port), *args],
            env=env,
            stdout=out,
            stderr=out,
        )
        try:
            wait_http_ok(f"http://127.0.0.1:{port}/healthz", timeout_s=120)  # a busy CI box
            base = f"http://127.0.0.1:{port}"
            yield (base, proc.pid) if pid else base
        finally:
            if proc.poll() is None:
                proc.terminate()
                proc.wait(timeout=30)
