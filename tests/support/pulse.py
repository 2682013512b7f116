"""A private PulseAudio server for capture tests: two null sinks (their monitors are system
audio) and a microphone made from one of them, on its own socket, so tests never touch (or
collide with) a desktop's sound server or each other's.

    server = start_pulse(tmp_dir)   # or the `pulse_server` fixture
    server.play(wav, sink="meeting", app="ZOOM")   # paplay into the meeting app's output
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import pytest

MEETING_SINK = "meeting"  # what the meeting app plays into; its monitor is the loopback
MIC_SINK = "micsink"  # what the "room" plays into; `MIC_SOURCE` hears it
MIC_SOURCE = "fakemic"  # an ordinary (non-monitor) source: a microphone to the clients

_CONFIG = f"""
load-module module-null-sink sink_name={MEETING_SINK} sink_properties=device.description=Meeting
load-module module-null-sink sink_name={MIC_SINK} sink_properties=device.description=Room
load-module module-remap-source master={MIC_SINK}.monitor source_name={MIC_SOURCE} \
source_properties=device.description=FakeMic
load-module module-native-protocol-unix auth-anonymous=1 socket={{socket}}
set-default-sink {MEETING_SINK}
set-default-source {MIC_SOURCE}
"""


@dataclass
class PulseServer:
    socket: Path
    process: subprocess.Popen[bytes]
    log: BinaryIO
    players: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def address(self) -> str:
        return f"unix:{self.socket}"

    def env(self) -> dict[str, str]:
        return {**os.environ, "PULSE_SERVER": self.address}

    def pactl(self, *args: str) -> str:
        done = subprocess.run(
            ["pactl", *args], env=self.env(), capture_output=True, text=True, timeout=10
        )
        if done.returncode:
            raise RuntimeError(f"pactl {' '.join(args)}: {done.stderr.strip()}")
        return done.stdout

    def play(self, wav: Path, *, sink: str = MEETING_SINK, app: str = "intervoo-test") -> None:
        """Start playing `wav` into `sink` (returns at once) as the app called `app`."""
        command = ["paplay", f"--device={sink}", f"--property=application.name={app}", str(wav)]
        self.players.append(subprocess.Popen(command, env=self.env()))

    def stop(self) -> None:
        for player in self.players:
            player.kill()
            player.wait()
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def start_pulse(directory: Path) -> PulseServer:
    """Start the server; pytest.skip with the reason when it cannot start here."""
    missing = [tool for tool in ("pulseaudio", "pactl", "paplay") if shutil.which(tool) is None]
    if missing:
        message = f"needs {', '.join(missing)} (apt-get install pulseaudio pulseaudio-utils)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    socket = directory / "native"
    config = directory / "default.pa"
    config.write_text(_CONFIG.format(socket=socket))
    env = {**os.environ, "HOME": str(directory), "XDG_RUNTIME_DIR": str(directory)}
    env.pop("PULSE_SERVER", None)
    command = ["pulseaudio", "--daemonize=no", "-n", "-F", str(config), "--exit-idle-time=-1"]
    command += ["--use-pid-file=no", "--log-target=stderr", "--disable-shm=yes"]
    log = open(directory / "pulse.log", "wb")  # noqa: SIM115  (outlives this function)
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    server = PulseServer(socket, process, log)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            server.stop()
            reason = (directory / "pulse.log").read_text(errors="replace").strip()[-500:]
            pytest.skip(f"PulseAudio cannot start on this machine: {reason}")
        try:
            server.pactl("info")
            return server
        except RuntimeError:
            time.sleep(0.1)
    server.stop()
    pytest.skip("PulseAudio did not answer within 15 s")


@pytest.fixture(scope="session")
def pulse_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PulseServer]:
    """One server for the session; clients in this process find it through PULSE_SERVER
    (SoundCard connects when first imported, so this is set before any test imports it)."""
    server = start_pulse(tmp_path_factory.mktemp("pulse"))
    previous = os.environ.get("PULSE_SERVER")
    os.environ["PULSE_SERVER"] = server.address
    try:
        yield server
    finally:
        server.stop()
        if previous is None:
            os.environ.pop("PULSE_SERVER", None)
        else:
            os.environ["PULSE_SERVER"] = previous
