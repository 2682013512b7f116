"""System-audio capture through a real PulseAudio server (started by the test): real espeak
speech played into a null sink, captured from its monitor, transcribed, detected."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from intervoo.audio.capture import Frames, merge_sources
from intervoo.audio.frames import SAMPLE_RATE, Pcm16
from intervoo.audio.loopback import LoopbackError, choose_loopback, list_sources, loopback
from intervoo.cli import app
from intervoo.copilot.context import build_candidate_context
from intervoo.events import Channel, Event, QuestionEvent, TranscriptEvent
from intervoo.live.listen import run_live
from intervoo.stt.engine import SttEngine
from intervoo.stt.wer import word_error_rate
from tests.support.pulse import (
    MEETING_SINK,
    MIC_SINK,
    MIC_SOURCE,
    PulseServer,
    pulse_server,  # noqa: F401  (session fixture)
)
from tests.support.speech import make_speech

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
