"""Binary audio frames of the live protocol: one channel-tag byte, then PCM16 LE mono 16 kHz."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from intervoo.events import Channel, ChannelTag

SAMPLE_RATE = 16_000
BYTES_PER_SAMPLE = 2
MAX_FRAME_SAMPLES = SAMPLE_RATE  # the protocol allows any frame length up to 1 s

Pcm16 = npt.NDArray[np.int16]
Samples = npt.NDArray[np.float32]  # float audio in [-1, 1], as VAD and STT take it


class FrameError(ValueError):
    """A binary frame that breaks the protocol; `code` is stable for clients."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class AudioFrame:
    channel: Channel
    pcm: Pcm16


def parse_frame(data: bytes) -> AudioFrame:
    """Split a binary frame into channel and samples, or raise FrameError saying what is wrong."""
    if not data:
        raise FrameError("frame.empty", "empty audio frame: expected a channel tag byte and PCM16")
    tag = data[0]
    if tag not in ChannelTag._value2member_map_:
        raise FrameError(
            "frame.channel",
            f"unknown channel tag {tag}: use 0 for interviewer or 1 for candidate",
        )
    body = memoryview(data)[1:]
    if len(body) % BYTES_PER_SAMPLE:
        raise FrameError(
            "frame.odd_length",
            f"audio frame has {len(body)} bytes of PCM: PCM16 needs an even byte count",
        )
    samples = len(body) // BYTES_PER_SAMPLE
    if samples > MAX_FRAME_SAMPLES:
        raise FrameError(
            "frame.too_long",
            f"audio frame holds {samples} samples ({samples / SAMPLE_RATE:.2f} s): "
            "frames may hold at most 1 s of 16 kHz audio",
        )
    pcm = np.frombuffer(body, dtype="<i2").astype(np.int16, copy=True)
    return AudioFrame(Channel.from_tag(tag), pcm)


def encode_frame(channel: Channel, pcm: Pcm16) -> bytes:
    """The inverse of parse_frame: what a client sends for `pcm` on `channel`."""
    return bytes([channel.tag]) + np.asarray(pcm, dtype="<i2").tobytes()


def pcm16_to_float(pcm: Pcm16) -> Samples:
    return pcm.astype(np.float32) / 32768.0


def float_to_pcm16(samples: npt.NDArray[np.floating]) -> Pcm16:
    clipped = np.clip(samples, -1.0, 1.0 - 1.0 / 32768.0)
    pcm: Pcm16 = np.round(clipped * 32768.0).astype(np.int16)
    return pcm
