"""One client flooding /ws/live does not stall the server for everyone else.

The server is `intervoo serve` in its own process and the flood comes from another
process (in this one, the flood's busy loop would slow the probes, not the server).
The bound is generous on purpose: before back-pressure, /healthz waited 9.6 s (p95) and
up to 27 s while the server worked through the flood's buffered frames.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from intervoo.config import Settings
from tests.live.server import seed_candidate
from tests.support.net import free_port, wait_http_ok

pytestmark = pytest.mark.slow
ROOT = Path(__file__).parents[2]
STALLED_S = 3.0  # far above any scheduling hiccup, far below the stall it guards against


def test_healthz_answers_while_one_client_floods_asks(tmp_path: Path) -> None:
    data = tmp_path / "data"
    seed_candidate(Settings(data_dir=data))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "INTERVOO_DATA_DIR": str(data), "INTERVOO_LOG_LEVEL": "WARNING"}
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("intervoo")), "serve", "--port", str(port)],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_http_ok(f"{base}/healthz")
        flood = subprocess.Popen(
            [sys.executable, "-m", "tests.live.flood_client", base, str(data), "3"],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        waits = []
        with httpx.Client(timeout=STALLED_S * 4) as http:
            deadline = time.monotonic() + 8  # the flood, its leaving, and the backlog after
            while time.monotonic() < deadline:
                started = time.monotonic()
                assert http.get(f"{base}/healthz").status_code == 200
                waits.append(time.monotonic() - started)
                time.sleep(0.05)
        flood.kill()
        flood.wait(timeout=10)
    finally:
        server.kill()
        server.wait(timeout=10)
    assert len(waits) > 20 and max(waits) < STALLED_S, f"/healthz stalled {max(waits):.1f} s"
