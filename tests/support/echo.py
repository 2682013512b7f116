"""The interviewer as a laptop's microphone hears them from its speakers: the direct sound
and the room (sox `reverb`), some milliseconds late and quieter than the candidate."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import numpy as np

RATE = 16_000


def room_echo(speech: np.ndarray, *, delay_ms: int, level: float) -> np.ndarray:
    """float32 `speech` through a room (reverb 50 50 100), `delay_ms` late, scaled to `level`
    times its own peak. The result is longer than `speech` by the delay and the tail."""
    with tempfile.TemporaryDirectory() as work:
        dry, wet = Path(work) / "dry.raw", Path(work) / "wet.raw"
        (np.clip(speech, -1, 1) * 32767).astype("<i2").tofile(dry)
        raw = ["-t", "raw", "-r", str(RATE), "-e", "signed", "-b", "16", "-c", "1"]
        subprocess.run(
            ["sox", *raw, str(dry), "-t", "raw", str(wet), "reverb", "50", "50", "100"],
            check=True,
            capture_output=True,
        )
        room = np.fromfile(wet, "<i2").astype(np.float32) / 32768
    room *= level * float(np.abs(speech).max()) / max(1e-9, float(np.abs(room).max()))
    return np.concatenate([np.zeros(RATE * delay_ms // 1000, np.float32), room])
