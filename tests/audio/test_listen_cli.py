import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from intervoo.cli import app
from intervoo.stt.wer import word_error_rate
from tests.support.speech import make_speech

runner = CliRunner()


@pytest.mark.slow
def test_listen_prints_protocol_events_for_a_wav(tmp_path: Path) -> None:
    text = "Why should we hire you?"
    wav = make_speech(text, rate=22_050)  # not 16 kHz: the command resamples
    result = runner.invoke(app, ["listen", "--audio", str(wav), "--speed", "fast", "--json"])
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    finals = [e for e in events if e["type"] == "transcript" and e["final"]]
    assert len(finals) == 1 and finals[0]["channel"] == "interviewer"
    assert word_error_rate(text, finals[0]["text"]) <= 0.2
    assert 0 <= finals[0]["start"] < finals[0]["end"] <= finals[0]["t"]


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty"), (b"RIFF\x00\x00\x00\x00WAVEjunk", "not a PCM WAV")],
)
def test_bad_files_get_a_clear_message(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.wav"
    path.write_bytes(content)
    result = runner.invoke(app, ["listen", "--audio", str(path), "--json"])
    assert result.exit_code == 2
    assert message in result.stderr


def test_exactly_one_source_and_a_known_speed(tmp_path: Path) -> None:
    assert "exactly one" in runner.invoke(app, ["listen"]).output
    wav = str(tmp_path / "x.wav")
    assert "exactly one" in runner.invoke(app, ["listen", "--audio", wav, "--mic"]).output
    assert (
        "realtime or fast" in runner.invoke(app, ["listen", "--audio", wav, "--speed", "x"]).output
    )


def test_mic_without_a_device_says_why() -> None:
    if shutil.which("pulseaudio") or Path("/dev/snd").exists():
        pytest.skip("this machine may have a microphone")
    result = runner.invoke(app, ["listen", "--mic"])
    assert result.exit_code == 2
    assert "PortAudio" in result.stderr or "no microphone" in result.stderr
