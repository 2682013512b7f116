"""How fast Intervoo starts: `intervoo --version`, `intervoo --help`, and `intervoo serve` until
GET /healthz answers 200. Each is run 5 times as a fresh process; the median is compared
with its target (0.2 s, 0.4 s, 1 s). The server runs on a throwaway data dir (SQLite) and
an unused port; the speech model warms in the background and is not waited for.
Prints one JSON object.
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

RUNS = 5
TARGETS_S = {"version": 0.2, "help": 0.4, "serve_healthz": 1.0}
SERVE_TIMEOUT_S = 30.0


def _command() -> list[str]:
    """The installed `intervoo` script next to this Python (what a user runs)."""
    script = Path(sys.executable).with_name("intervoo")
    return [str(script)] if script.exists() else [sys.executable, "-m", "intervoo.cli"]


def _timed_run(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([*_command(), *args], env=env, check=True, capture_output=True, timeout=60)
    return time.perf_counter() - started


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=0.5) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def _serve_until_healthy(env: dict[str, str]) -> float:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/healthz"
    started = time.perf_counter()
    server = subprocess.Popen(
        [*_command(), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while not _healthy(url):
            if server.poll() is not None:
                raise RuntimeError(f"intervoo serve exited with {server.returncode}")
            if time.perf_counter() - started > SERVE_TIMEOUT_S:
                raise RuntimeError(f"no healthy /healthz within {SERVE_TIMEOUT_S:g} s")
            time.sleep(0.01)
        return time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="intervoo-startup-") as data_dir:
        env = {**os.environ, "INTERVOO_DATA_DIR": data_dir}
        _timed_run(["--version"], env)  # first run: bytecode compiled, not measured
        samples = {
            "version": [_timed_run(["--version"], env) for _ in range(RUNS)],
            "help": [_timed_run(["--help"], env) for _ in range(RUNS)],
            "serve_healthz": [_serve_until_healthy(env) for _ in range(RUNS)],
        }
    report: dict[str, object] = {"runs": RUNS, "load_avg_1m": round(os.getloadavg()[0], 2)}
    for name, values in samples.items():
        median = statistics.median(values)
        report[f"{name}_median_s"] = round(median, 3)
        report[f"{name}_target_s"] = TARGETS_S[name]
        report[f"{name}_met"] = median <= TARGETS_S[name]
        report[f"{name}_all_s"] = [round(v, 3) for v in values]
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
