"""Microphone capture with sounddevice (PortAudio), resampled to 16 kHz as it arrives."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any

import numpy as np

from intervoo.audio.frames import Pcm16, float_to_pcm16
from intervoo.audio.resample import Resampler
from intervoo.events import Channel

log = logging.getLogger(__name__)

BLOCK_MS = 32  # one VAD window: the end of speech reaches the endpointer at most 32 ms late
_MAX_QUEUED_BLOCKS = 5000 // BLOCK_MS  # 5 s: if the loop stalls longer, the oldest audio is dropped


class MicError(RuntimeError):
    """No usable microphone; the message says why."""


def _sounddevice() -> Any:
    try:
        import sounddevice
    except OSError as exc:  # raised at import when the PortAudio library is missing
        raise MicError(
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

    stream = sd.InputStream(
        device=device,
        channels=1,
        samplerate=rate,
        dtype="float32",
        blocksize=rate * BLOCK_MS // 1000,
        callback=on_audio,
    )
    resampler = Resampler(rate)
    stream.start()
    try:
        while True:
            block = await blocks.get()
            yield channel, float_to_pcm16(resampler.push(block))
    finally:
        stream.stop()
        stream.close()
