"""Echo cancellation of the candidate's microphone with the interviewer's channel as reference,
on real (espeak) speech through a room (sox reverb)."""

from __future__ import annotations

import asyncio

import numpy as np
import pytest

from intervoo.audio.echo import EchoSuppressor, cancel_echo
from intervoo.audio.frames import float_to_pcm16
from intervoo.audio.playback import Speed, play
from intervoo.events import Channel
from tests.support.echo import room_echo
from tests.support.speech import make_speech, read_samples

TEXT = (
    "Tell me about a time you disagreed with your manager, what you did about it, "
    "and what you would do differently if it happened again next week."
)


def _energy(x: np.ndarray) -> float:
    return float(np.mean(x.astype(np.float64) ** 2)) + 1e-9


def _speech(text: str, voice: str = "en-us") -> np.ndarray:
    samples, _ = read_samples(make_speech(text, voice=voice, lead_ms=0, tail_ms=0))
    return samples.astype(np.float32) / 32768


def _through(suppressor: EchoSuppressor, far: np.ndarray, near: np.ndarray) -> np.ndarray:
    sources = {Channel.INTERVIEWER: float_to_pcm16(far), Channel.CANDIDATE: float_to_pcm16(near)}
    frames = cancel_echo(play(sources, speed=Speed.FAST), canceller=lambda: suppressor)

    async def collect() -> dict[Channel, np.ndarray]:
        got: dict[Channel, list[np.ndarray]] = {Channel.INTERVIEWER: [], Channel.CANDIDATE: []}
        async for channel, pcm in frames:
            got[channel].append(pcm)
        return {channel: np.concatenate(parts) for channel, parts in got.items()}

    out = asyncio.run(collect())
    assert len(out[Channel.CANDIDATE]) == len(near)  # nothing lost, nothing added
    np.testing.assert_array_equal(out[Channel.INTERVIEWER], float_to_pcm16(far))
    return out[Channel.CANDIDATE].astype(np.float32) / 32768


def _reduction_db(before: np.ndarray, after: np.ndarray) -> float:
    half = slice(len(before) // 2, None)  # once the lag is known and the filter has adapted
    return float(10 * np.log10(_energy(before[half]) / _energy(after[half])))


@pytest.mark.parametrize(("speex", "gate", "at_least_db"), [(False, True, 6), (True, False, 8)])
def test_the_echo_of_the_interviewer_is_taken_out_of_the_microphone(
    speex: bool, gate: bool, at_least_db: float
) -> None:
    speech = _speech(TEXT)
    echo = room_echo(speech, delay_ms=120, level=0.5)[: len(speech)]
    suppressor = EchoSuppressor(speex=speex, gate=gate)
    if speex and not suppressor.cancels:
        pytest.skip("no libspeexdsp on this machine")
    assert _reduction_db(echo, _through(suppressor, speech, echo)) >= at_least_db


def test_the_candidate_with_headphones_is_left_alone() -> None:
    """Both talk at once, but the microphone does not hear the interviewer."""
    interviewer = _speech(TEXT)
    mine = _speech(TEXT.replace("Tell me about", "I remember"), voice="en-us+f3")
    length = min(len(interviewer), len(mine))
    cleaned = _through(EchoSuppressor(), interviewer[:length], mine[:length])
    assert abs(_reduction_db(mine[:length], cleaned)) < 1
