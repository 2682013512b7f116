"""`intervoo listen --audio interview.wav --debrief`: a stereo recording (left the
interviewer, right the candidate, real espeak-ng speech) ends with the debrief event."""

from __future__ import annotations

import json
import re
import wave
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from intervoo.cli import app
from intervoo.cli.listen_debrief import print_debrief
from tests.debrief.test_speech_debrief import RELIABLE_Q, RELIABLE_SAID, speech

pytestmark = pytest.mark.slow


def stereo(path: Path, left: np.ndarray, right: np.ndarray) -> Path:
    """The interviewer speaks, then the candidate answers (each silent while the other talks)."""
    samples = np.zeros((len(left) + len(right), 2), dtype=np.int16)
    samples[: len(left), 0] = left
    samples[len(left) :, 1] = right
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(2)
        writer.setsampwidth(2)
        writer.setframerate(16_000)
        writer.writeframes(samples.astype("<i2").tobytes())
    return path


def test_listen_with_debrief_ends_with_the_debrief(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    wav = stereo(tmp_path / "interview.wav", speech(RELIABLE_Q, "en-us"),
                 speech(RELIABLE_SAID, "en-us+f3"))  # fmt: skip
    args = ["listen", "--audio", str(wav), "--speed", "fast", "--offline", "--debrief", "--json"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert [e["type"] for e in events][-2:] == ["debrief", "status"]
    debrief = events[-2]["debrief"]
    (question,) = debrief["questions"]
    assert "reliable" in question["question"].lower()
    assert {"reconciliation", "audit"} <= set(re.findall(r"[a-z]+", question["said"].lower()))
    (draft,) = debrief["new_stories"]
    assert re.search(r"(5|five) days", " ".join(draft["numbers"]).lower())

    print_debrief(debrief)  # the text form of the same debrief
    printed = capsys.readouterr().out
    assert "== Debrief ==" in printed and "You said:" in printed and "Thank-you note:" in printed
    assert "New story (draft, not saved)" in printed
