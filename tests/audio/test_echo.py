"""Echo cancellation of the candidate's microphone with the interviewer's channel as reference,
on real (espeak) speech through a room (sox reverb)."""

from __future__ import annotations

import asyncio

import numpy as np
import pytest

from intervoo.audio.echo import EchoSuppressor, cancel_echo
from intervoo.audio.echo_gate import Judge
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


def _double_talk() -> tuple[np.ndarray, np.ndarray, np.ndarray, slice]:
    """(interviewer, what the mic hears, the candidate alone, where the candidate speaks): the
    candidate talks over the interviewer's echo, two thirds of the way into it."""
    interviewer = _speech(f"{TEXT} {TEXT}")
    mine = _speech("I asked for the numbers and we agreed to run a small trial first.", "en-us+f3")
    near = room_echo(interviewer, delay_ms=120, level=0.5)[: len(interviewer)]
    start = len(near) * 2 // 3
    spoken = slice(start, min(len(near), start + len(mine)))
    alone = np.zeros_like(near)
    alone[spoken] = mine[: spoken.stop - start]
    return interviewer, near + alone, alone, spoken


@pytest.mark.parametrize(("judge", "kept"), [("near", False), ("both", True)])
def test_the_candidate_talking_over_the_echo_is_kept_when_the_canceller_has_a_say(
    judge: Judge, kept: bool
) -> None:
    """Double talk. Judged on the microphone alone, the gate turns down the candidate's
    quieter syllables with the echo under them; where the canceller's output, with the echo
    taken out, shows a voice above its residue, the frame is kept (`judge="both"`), and the
    echo alone is still turned down."""
    interviewer, near, alone, spoken = _double_talk()
    suppressor = EchoSuppressor(speex=True, judge=judge)
    if not suppressor.cancels:
        pytest.skip("no libspeexdsp on this machine")
    out = _through(suppressor, interviewer, near)
    before, after = (
        _spectral_distance(near[spoken], alone[spoken]),
        _spectral_distance(out[spoken], alone[spoken]),
    )
    echo_alone = slice(spoken.start // 2, spoken.start)
    assert _reduction_db(near[echo_alone], out[echo_alone]) >= 15
    assert (after < before - 2) is kept, (before, after)


def _spectral_distance(x: np.ndarray, ref: np.ndarray) -> float:
    """Mean |dB| difference of the 32 ms spectra where `ref` is speech (phase not compared)."""
    n = min(len(x), len(ref)) // 512 * 512

    def spectra(y: np.ndarray) -> np.ndarray:
        frames = y[:n].reshape(-1, 512) * np.hanning(512)
        return 10 * np.log10(np.abs(np.fft.rfft(frames, axis=1)) ** 2 + 1e-6)

    got, want = spectra(x), spectra(ref)
    active = want.max(axis=1) > want.max() - 40
    return float(np.mean(np.abs(got[active] - want[active])))
