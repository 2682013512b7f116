"""Echo cancellation of the candidate's microphone with the interviewer's channel as reference,
on real (espeak) speech through a room (sox reverb)."""

from __future__ import annotations

import asyncio

import numpy as np
import pytest

from intervoo.audio.echo import EchoError, cancel_echo
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


def test_the_echo_of_the_interviewer_is_taken_out_of_the_microphone() -> None:
    samples, _ = read_samples(make_speech(TEXT, lead_ms=0, tail_ms=0))
    speech = samples.astype(np.float32) / 32768
    echo = room_echo(speech, delay_ms=120, level=0.5)[: len(speech)]
    try:
        frames = cancel_echo(
            play(
                {
                    Channel.INTERVIEWER: float_to_pcm16(speech),
                    Channel.CANDIDATE: float_to_pcm16(echo),
                },
                speed=Speed.FAST,
            )
        )
    except EchoError as exc:
        pytest.skip(str(exc))

    async def collect() -> dict[Channel, np.ndarray]:
        got: dict[Channel, list[np.ndarray]] = {Channel.INTERVIEWER: [], Channel.CANDIDATE: []}
        async for channel, pcm in frames:
            got[channel].append(pcm)
        return {channel: np.concatenate(parts) for channel, parts in got.items()}

    out = asyncio.run(collect())
    assert len(out[Channel.CANDIDATE]) == len(echo)  # nothing lost, nothing added
    np.testing.assert_array_equal(out[Channel.INTERVIEWER], float_to_pcm16(speech))
    cleaned = out[Channel.CANDIDATE].astype(np.float32) / 32768
    second_half = slice(len(echo) // 2, None)  # once the filter has adapted
    reduction_db = 10 * np.log10(_energy(echo[second_half]) / _energy(cleaned[second_half]))
    assert reduction_db >= 8, reduction_db
