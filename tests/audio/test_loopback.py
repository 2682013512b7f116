"""System-audio capture through a real PulseAudio server (started by the test): real espeak
speech played into a null sink, captured from its monitor, transcribed, detected."""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import sys
import time
import wave
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from intervoo.audio.capture import Frames, merge_sources
from intervoo.audio.frames import SAMPLE_RATE, Pcm16, float_to_pcm16
from intervoo.audio.loopback import LoopbackError, choose_loopback, list_sources, loopback
from intervoo.cli import app
from intervoo.copilot.context import build_candidate_context
from intervoo.events import Channel, Event, QuestionEvent, TranscriptEvent
from intervoo.live.listen import run_live
from intervoo.stt.engine import SttEngine
from intervoo.stt.wer import normalize_words, word_error_rate
from tests.support.echo import room_echo
from tests.support.pulse import (
    MEETING_SINK,
    MIC_SINK,
    MIC_SOURCE,
    PulseServer,
    pulse_server,  # noqa: F401  (session fixture)
)
from tests.support.speech import make_speech, read_samples, require_tools

QUESTION = "Tell me about a time you disagreed with your manager."


async def _capture(
    server: PulseServer, frames: Frames, wav: Path, seconds: float, sink: str = MEETING_SINK
) -> AsyncIterator[tuple[Channel, Pcm16]]:
    """`frames` for `seconds` of audio; `wav` starts playing once the capture is running."""
    heard = 0
    async for channel, pcm in frames:
        if heard == 0:
            server.play(wav, sink=sink, app="ZOOM")
        heard += len(pcm)
        yield channel, pcm
        if heard >= seconds * SAMPLE_RATE:
            break
    await frames.aclose()  # type: ignore[attr-defined]


def test_sources_mark_the_meeting_apps_output(pulse_server: PulseServer) -> None:  # noqa: F811
    wav = make_speech("one two three four five six seven eight nine ten", tail_ms=3000)
    pulse_server.play(wav, sink=MIC_SINK, app="ZOOM")  # not the default output
    sources = {source.id: source for source in list_sources()}
    assert (
        sources[f"{MEETING_SINK}.monitor"].loopback and sources[f"{MEETING_SINK}.monitor"].default
    )
    assert not sources[MIC_SOURCE].loopback and sources[MIC_SOURCE].default
    zoom = sources[f"{MIC_SINK}.monitor"]
    assert zoom.meeting and any("ZOOM" in app for app in zoom.apps)
    assert choose_loopback(list(sources.values())).id == zoom.id  # the meeting app wins
    result = CliRunner().invoke(app, ["devices", "--json"])
    assert result.exit_code == 0, result.output
    listed = [json.loads(line) for line in result.stdout.splitlines()]
    assert [s["id"] for s in listed if s["chosen"]] == [zoom.id]


def test_an_unknown_device_is_named_with_the_choices(pulse_server: PulseServer) -> None:  # noqa: F811
    with pytest.raises(LoopbackError, match=r"'nope' matches no loopback device.*meeting\.monitor"):
        choose_loopback(list_sources(), "nope")
    assert choose_loopback(list_sources(), "Meeting").id == f"{MEETING_SINK}.monitor"


def test_no_sound_server_says_so(tmp_path: Path) -> None:
    env = {"PULSE_SERVER": f"unix:{tmp_path}/none", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "intervoo.cli", "devices"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert "no sound server" in done.stderr


@pytest.mark.slow
def test_system_audio_is_transcribed_and_the_question_detected(
    pulse_server: PulseServer,  # noqa: F811
    whisper_engine: SttEngine,
) -> None:
    wav = make_speech(QUESTION, tail_ms=0)
    events: list[Event] = []
    frames = loopback(Channel.INTERVIEWER, device=f"{MEETING_SINK}.monitor")
    captured = _capture(pulse_server, frames, wav, seconds=5.5)
    ctx = build_candidate_context(None, [])
    asyncio.run(run_live(captured, whisper_engine, events.append, ctx, None))
    finals = [e for e in events if isinstance(e, TranscriptEvent) and e.final]
    assert [e.channel for e in finals] == [Channel.INTERVIEWER]
    assert word_error_rate(QUESTION, finals[0].text) <= 0.2, finals[0].text
    questions = [e for e in events if isinstance(e, QuestionEvent) and not e.speculative]
    assert len(questions) == 1 and "manager" in questions[0].text.lower()


def test_a_device_that_goes_away_is_said_and_the_other_goes_on(
    pulse_server: PulseServer,  # noqa: F811
) -> None:
    module = pulse_server.pactl(
        "load-module",
        "module-null-sink",
        "sink_name=gone",
        "sink_properties=device.description=Gone",
    ).strip()
    lost: list[str] = []

    async def run() -> dict[Channel, int]:
        sources = {
            Channel.INTERVIEWER: loopback(Channel.INTERVIEWER, device="gone.monitor"),
            # PortAudio's ALSA would not see this server: the other source is a loopback too
            Channel.CANDIDATE: loopback(Channel.CANDIDATE, device=f"{MIC_SINK}.monitor"),
        }
        heard = {Channel.INTERVIEWER: 0, Channel.CANDIDATE: 0}
        frames = merge_sources(sources, lost.append)
        unplugged = False
        async for channel, pcm in frames:
            heard[channel] += len(pcm)
            if heard[Channel.CANDIDATE] >= SAMPLE_RATE // 2 and not unplugged:
                pulse_server.pactl("unload-module", module)
                unplugged = True
            if lost and heard[Channel.CANDIDATE] >= 5 * SAMPLE_RATE:
                break
        await frames.aclose()
        return heard

    heard = asyncio.run(asyncio.wait_for(run(), 30))
    assert len(lost) == 1, lost
    assert "interviewer audio lost" in lost[0] and "went away" in lost[0]
    assert "goes on with the candidate" in lost[0]
    assert heard[Channel.CANDIDATE] >= 5 * SAMPLE_RATE


ANSWER = "I asked for the numbers and we agreed to run a small trial first."
OPEN_S = 4.0  # opening a PulseAudio stream took up to 3 s on a loaded machine


# `intervoo listen` started the way a terminal starts it. A shell that runs a job in the
# background (as CI may) makes it ignore SIGINT, and Python keeps that: Ctrl-C then does nothing.
CTRL_C_AS_IN_A_TERMINAL = (
    "import signal, sys, runpy; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "sys.argv[0] = 'intervoo'; runpy.run_module('intervoo.cli', run_name='__main__')"
)


def _interrupt(process: subprocess.Popen[str]) -> bool:
    """Ctrl-C, then wait for a clean exit; a process that does not stop is killed, never left
    running after the test. True when it stopped by itself."""
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=30)
        return True
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        return False
    finally:
        if process.stdout is not None:
            process.stdout.close()


def _wav(path: Path, samples: np.ndarray) -> Path:
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(SAMPLE_RATE)
        writer.writeframes(float_to_pcm16(np.clip(samples, -1, 1)).tobytes())
    return path


def _room(tmp_path: Path) -> tuple[Path, Path]:
    """(what the meeting app plays, what the room's microphone hears): the question; then
    its echo through laptop speakers (-6 dB, 120 ms, reverb) and, after it, the answer."""
    question, _ = read_samples(make_speech(QUESTION, lead_ms=0, tail_ms=0))
    answer, _ = read_samples(make_speech(ANSWER, voice="en-us+f3", lead_ms=0, tail_ms=0))
    q, a = question.astype(np.float32) / 32768, answer.astype(np.float32) / 32768
    echo = room_echo(q, delay_ms=120, level=10 ** (-6 / 20))
    room = np.zeros(len(q) + SAMPLE_RATE + len(a) + SAMPLE_RATE, np.float32)
    room[: len(echo)] = echo[: len(room)]
    start = len(q) + SAMPLE_RATE
    room[start : start + len(a)] += a
    return _wav(tmp_path / "meeting.wav", q), _wav(tmp_path / "room.wav", room)


@pytest.mark.slow
@pytest.mark.xfail(
    strict=False,
    reason="issue 24, known defect: on a quiet machine a fragment of the room echo can still "
    "reach the candidate channel ('I do this every measure.', CI 17:07); the echo gate's "
    "delay estimate and the crosstalk filter miss it",
)
def test_listen_hears_the_meeting_and_the_mic_without_the_echo(
    pulse_server: PulseServer,  # noqa: F811
    tmp_path: Path,
) -> None:
    """`intervoo listen --loopback --mic` as a user runs it: the interviewer from the meeting
    app's output, the candidate from a microphone that also hears the speakers."""
    require_tools("sox")
    meeting, room = _room(tmp_path)
    command = [sys.executable, "-c", CTRL_C_AS_IN_A_TERMINAL, "listen", "--loopback", "--mic"]
    command += ["--mic-device", MIC_SOURCE, "--offline", "--json"]
    env = {**pulse_server.env(), "INTERVOO_DATA_DIR": str(tmp_path / "data")}
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    events: list[dict[str, Any]] = []
    try:
        assert process.stdout is not None
        deadline = time.monotonic() + 120
        for line in process.stdout:
            events.append(json.loads(line))
            if events[-1]["type"] == "status" and events[-1]["state"] == "started":
                time.sleep(OPEN_S)  # the devices open as the session starts
                pulse_server.play(meeting, sink=MEETING_SINK, app="ZOOM")
                pulse_server.play(room, sink=MIC_SINK, app="room")
            mine = [e for e in events if e.get("channel") == "candidate" and e.get("final")]
            if any("trial" in e["text"].lower() for e in mine) or time.monotonic() > deadline:
                break
    finally:
        stopped = _interrupt(process)
    assert stopped, "intervoo listen did not stop within 30 s of Ctrl-C"
    finals = [e for e in events if e["type"] == "transcript" and e["final"]]
    theirs = " ".join(e["text"] for e in finals if e["channel"] == "interviewer")
    mine = [e["text"] for e in finals if e["channel"] == "candidate"]
    assert word_error_rate(QUESTION, theirs) <= 0.2, (theirs, mine)
    assert any(e["type"] == "question" and not e["speculative"] for e in events)
    assert word_error_rate(ANSWER, " ".join(mine)) <= 0.25, mine
    question_words = set(normalize_words(QUESTION)) - set(normalize_words(ANSWER))
    assert not any(len(question_words & set(normalize_words(m))) >= 3 for m in mine), mine
