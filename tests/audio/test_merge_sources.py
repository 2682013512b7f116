"""merge_sources: several capture sources as one stream of frames."""

from __future__ import annotations

import asyncio

import numpy as np

from intervoo.audio.capture import CaptureError, Frames, merge_sources
from intervoo.audio.frames import SAMPLE_RATE
from intervoo.events import Channel

BLOCK = SAMPLE_RATE * 32 // 1000


async def _source(
    channel: Channel, blocks: int, *, opens_s: float = 0.0, fails: bool = False
) -> Frames:
    await asyncio.sleep(opens_s)  # the device takes this long to open
    for _ in range(blocks):
        await asyncio.sleep(0.032)
        yield channel, np.full(BLOCK, 1000, np.int16)
    if fails:
        raise CaptureError("the device went away")


def _run(sources: dict[Channel, Frames]) -> tuple[dict[Channel, np.ndarray], list[str]]:
    lost: list[str] = []

    async def collect() -> dict[Channel, np.ndarray]:
        got: dict[Channel, list[np.ndarray]] = {channel: [] for channel in sources}
        async for channel, pcm in merge_sources(sources, lost.append):
            got[channel].append(pcm)
        return {channel: np.concatenate(parts) for channel, parts in got.items()}

    return asyncio.run(collect()), lost


def test_a_device_that_opens_late_starts_with_that_much_silence() -> None:
    heard, lost = _run(
        {
            Channel.INTERVIEWER: _source(Channel.INTERVIEWER, 10),
            Channel.CANDIDATE: _source(Channel.CANDIDATE, 10, opens_s=0.4),
        }
    )
    assert lost == []
    assert np.count_nonzero(heard[Channel.INTERVIEWER] == 0) < BLOCK  # on time: no padding
    padding = int(np.argmax(heard[Channel.CANDIDATE] != 0)) / SAMPLE_RATE
    assert 0.3 <= padding <= 0.6, padding
    assert np.count_nonzero(heard[Channel.CANDIDATE]) == 10 * BLOCK  # every block kept


def test_a_lost_source_is_said_once_and_the_other_goes_on() -> None:
    heard, lost = _run(
        {
            Channel.INTERVIEWER: _source(Channel.INTERVIEWER, 3, fails=True),
            Channel.CANDIDATE: _source(Channel.CANDIDATE, 12),
        }
    )
    assert lost == [
        "interviewer audio lost: the device went away; listening goes on with the candidate channel"
    ]
    assert np.count_nonzero(heard[Channel.CANDIDATE]) == 12 * BLOCK
