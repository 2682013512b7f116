"""Microphone capture with sounddevice (PortAudio), resampled to 16 kHz as it arrives; and
`merge_sources`, which runs several capture sources (microphone, system-audio loopback) as one
stream of frames that goes on when one of them is lost."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

import numpy as np

from intervoo.audio.frames import SAMPLE_RATE, Pcm16, float_to_pcm16
from intervoo.audio.resample import Resampler
from intervoo.events import Channel

log = logging.getLogger(__name__)

BLOCK_MS = 32  # one VAD window: the end of speech reaches the endpointer at most 32 ms late
_MAX_QUEUED_BLOCKS = 5000 // BLOCK_MS  # 5 s: if the loop stalls longer, the oldest audio is dropped
MAX_LATE_S = 5.0  # a device that opens later than the others is padded with silence, up to this
STALL_S = 2.0  # no audio for this long from a stream that has stopped: the device is gone

Frames = AsyncIterator[tuple[Channel, Pcm16]]


class CaptureError(RuntimeError):
    """A capture source cannot start or has stopped; the message says why and what to do."""


class MicError(CaptureError):
    """No usable microphone; the message says why."""


class PortAudioMissing(MicError):
    """sounddevice cannot load the PortAudio library."""


def _sounddevice() -> Any:
    try:
        import sounddevice
    except OSError as exc:  # raised at import when the PortAudio library is missing
        raise PortAudioMissing(
            f"microphone capture needs the PortAudio library ({exc}): install it "
            "(e.g. `apt-get install libportaudio2`, `brew install portaudio`)"
        ) from None
    return sounddevice


def input_device(device: int | str | None = None) -> tuple[Any, dict[str, Any]]:
    """The sounddevice module and the input device's description, or MicError."""
    sd = _sounddevice()
    try:
        info = dict(sd.query_devices(device, kind="input"))
    except (ValueError, sd.PortAudioError) as exc:
        raise MicError(f"no microphone found ({exc}); check `python -m sounddevice`") from None
    return sd, info


async def microphone(
    channel: Channel, *, device: int | str | None = None
) -> AsyncIterator[tuple[Channel, Pcm16]]:
    """Yield 32 ms blocks of 16 kHz PCM from the microphone until the consumer stops."""
    sd, info = input_device(device)
    rate = int(info["default_samplerate"])
    loop = asyncio.get_running_loop()
    blocks: asyncio.Queue[np.ndarray] = asyncio.Queue(maxsize=_MAX_QUEUED_BLOCKS)

    def offer(block: np.ndarray) -> None:
        if blocks.full():
            blocks.get_nowait()
            log.warning("mic audio dropped: the event loop fell behind")
        blocks.put_nowait(block)

    def on_audio(indata: np.ndarray, frames: int, time: Any, status: Any) -> None:
        loop.call_soon_threadsafe(offer, indata[:, 0].copy())  # runs on PortAudio's thread

    try:
        stream = sd.InputStream(
            device=device,
            channels=1,
            samplerate=rate,
            dtype="float32",
            blocksize=rate * BLOCK_MS // 1000,
            callback=on_audio,
        )
        stream.start()
    except sd.PortAudioError as exc:  # busy, or access refused (e.g. macOS privacy settings)
        message = f"cannot open the microphone {info['name']!r}: {exc}{_PERMISSION_HINT}"
        raise MicError(message) from None
    resampler = Resampler(rate)
    try:
        while True:
            block = await _next_block(blocks, stream, info["name"])
            yield channel, float_to_pcm16(resampler.push(block))
    finally:
        stream.stop()
        stream.close()


_PERMISSION_HINT = (
    " (if access was refused: allow this terminal to use the microphone in the system's "
    "privacy settings)"
)


async def _next_block(blocks: asyncio.Queue[np.ndarray], stream: Any, name: str) -> np.ndarray:
    """The next block; MicError once the stream has stopped delivering (device unplugged)."""
    while True:
        try:
            return await asyncio.wait_for(blocks.get(), timeout=STALL_S)
        except TimeoutError:
            if not stream.active:
                raise MicError(f"the microphone {name!r} stopped (unplugged?)") from None


async def merge_sources(sources: dict[Channel, Frames], on_lost: Callable[[str], None]) -> Frames:
    """The frames of every source as they come. A source that fails (CaptureError) is
    reported to `on_lost` and the others go on; the stream ends when every source has."""
    queue: asyncio.Queue[tuple[Channel, Pcm16] | Exception | None] = asyncio.Queue(maxsize=64)

    loop = asyncio.get_running_loop()
    started = loop.time()

    async def pump(channel: Channel, frames: Frames) -> None:
        first = True
        try:
            async for frame in frames:
                if first:  # a device that took longer to open starts with that much silence,
                    first = False  # so the channels stay aligned by position (for echo.py)
                    late = loop.time() - started - len(frame[1]) / SAMPLE_RATE
                    if late > 0:
                        silence = np.zeros(int(min(late, MAX_LATE_S) * SAMPLE_RATE), np.int16)
                        await queue.put((channel, silence))
                await queue.put(frame)
        except CaptureError as exc:
            others = [c.value for c in sources if c is not channel]
            goes_on = f"; listening goes on with the {others[0]} channel" if others else ""
            on_lost(f"{channel.value} audio lost: {exc}{goes_on}")
        except Exception as exc:  # a bug: raised to the consumer rather than hanging it
            await queue.put(exc)
        await queue.put(None)

    tasks = [asyncio.create_task(pump(c, f), name=f"capture-{c}") for c, f in sources.items()]
    running = len(tasks)
    try:
        while running:
            item = await queue.get()
            if item is None:
                running -= 1
            elif isinstance(item, Exception):
                raise item
            else:
                yield item
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for frames in sources.values():
            aclose = getattr(frames, "aclose", None)
            if aclose is not None:
                await aclose()
