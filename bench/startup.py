"""How fast Intervoo starts: `intervoo --version`, `intervoo --help`, and `intervoo serve` until
GET /healthz answers 200. Each is run 5 times as a fresh process; the median is compared
with its target (0.2 s, 0.4 s, 1 s). The server runs on a throwaway data dir (SQLite) and
an unused port; the speech model warms in the background and is not waited for.
A bare `python -c pass` is measured alongside (runs interleaved): on a shared machine it
shows the load the numbers were taken under. `serve_app_ready` (no target) is when the
whole app behind the starting shell is ready. Prints one JSON object.
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


def _timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True, timeout=60)
    return time.perf_counter() - started


def _timed_run(args: list[str], env: dict[str, str]) -> float:
    return _timed([*_command(), *args], env)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _health(url: str) -> dict[str, str] | None:
    """/healthz's JSON when it answers 200, else None."""
    try:
        with urllib.request.urlopen(url, timeout=0.5) as response:
            return dict(json.load(response)) if response.status == 200 else None
    except OSError:
        return None


def _serve_until(env: dict[str, str]) -> tuple[float, float]:
    """Seconds until /healthz answers 200, and until it says the whole app is ready."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}/healthz"
    started = time.perf_counter()
    server = subprocess.Popen(
        [*_command(), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    healthy: float | None = None
    try:
        while True:
            health = _health(url)
            if health is not None and healthy is None:
                healthy = time.perf_counter() - started
            if health is not None and health.get("app") != "starting":
                return healthy or 0.0, time.perf_counter() - started
            if server.poll() is not None:
                raise RuntimeError(f"intervoo serve exited with {server.returncode}")
            if time.perf_counter() - started > SERVE_TIMEOUT_S:
                raise RuntimeError(f"no ready /healthz within {SERVE_TIMEOUT_S:g} s")
            time.sleep(0.01)
    finally:
        server.terminate()
        server.wait(timeout=30)


def _one_round(env: dict[str, str], samples: dict[str, list[float]]) -> None:
    """Each measurement once, one after the other, so a load swing touches all alike."""
    samples["python_pass"].append(_timed([sys.executable, "-c", "pass"], env))
    samples["version"].append(_timed_run(["--version"], env))
    samples["help"].append(_timed_run(["--help"], env))
    healthy, ready = _serve_until(env)
    samples["serve_healthz"].append(healthy)
    samples["serve_app_ready"].append(ready)


def main() -> None:
    names = ("python_pass", "version", "help", "serve_healthz", "serve_app_ready")
    samples: dict[str, list[float]] = {name: [] for name in names}
    with tempfile.TemporaryDirectory(prefix="intervoo-startup-") as data_dir:
        env = {**os.environ, "INTERVOO_DATA_DIR": data_dir}
        _timed_run(["--version"], env)  # first run: bytecode compiled, not measured
        for _ in range(RUNS):
            _one_round(env, samples)
    report: dict[str, object] = {"runs": RUNS, "load_avg_1m": round(os.getloadavg()[0], 2)}
    for name, values in samples.items():
        median = statistics.median(values)
        report[f"{name}_median_s"] = round(median, 3)
        if name in TARGETS_S:
            report[f"{name}_target_s"] = TARGETS_S[name]
            report[f"{name}_met"] = median <= TARGETS_S[name]
        report[f"{name}_all_s"] = [round(v, 3) for v in values]
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
