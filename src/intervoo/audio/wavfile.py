"""Reading WAV files for playback: any rate, 8/16/24/32-bit PCM, mono or stereo."""

from __future__ import annotations

import wave
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from intervoo.audio.frames import SAMPLE_RATE, Pcm16, Samples, float_to_pcm16
from intervoo.audio.resample import resample
from intervoo.events import Channel


class AudioFileError(ValueError):
    """A file that cannot be played; the message says why and how to convert it."""


_CONVERT_HINT = "convert it with `sox IN.wav -b 16 OUT.wav`"


@dataclass(frozen=True, slots=True)
class WavAudio:
    rate: int
    channels: tuple[Samples, ...]  # float32 in [-1, 1], one array per channel


def read_wav(path: Path) -> WavAudio:
    """Decode a PCM WAV file, or raise AudioFileError saying what is wrong with it."""
    try:
        with wave.open(str(path), "rb") as reader:
            rate, width, count = (
                reader.getframerate(),
                reader.getsampwidth(),
                reader.getnchannels(),
            )
            data = reader.readframes(reader.getnframes())
    except FileNotFoundError:
        raise AudioFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise AudioFileError(f"{path}: is a directory, not a WAV file") from None
    except EOFError:
        raise AudioFileError(f"{path}: the file is empty or cut short") from None
    except wave.Error as exc:
        raise AudioFileError(
            f"{path}: not a PCM WAV file ({exc}); only uncompressed PCM is read: {_CONVERT_HINT}"
        ) from None
    if not data:
        raise AudioFileError(f"{path}: the file holds no audio")
    if rate <= 0:
        raise AudioFileError(f"{path}: invalid sample rate {rate}")
    interleaved = _to_float(data, width, path)
    usable = len(interleaved) - len(interleaved) % count
    frames = interleaved[:usable].reshape(-1, count)
    return WavAudio(rate, tuple(np.ascontiguousarray(frames[:, i]) for i in range(count)))


def _to_float(data: bytes, width: int, path: Path) -> Samples:
    if width == 1:  # 8-bit WAV is unsigned
        return ((np.frombuffer(data, np.uint8).astype(np.float32) - 128.0) / 128.0).astype(
            np.float32
        )
    if width == 2:
        return np.frombuffer(data, "<i2").astype(np.float32) / 32768.0
    if width == 3:
        raw = np.frombuffer(data[: len(data) - len(data) % 3], np.uint8).reshape(-1, 3)
        padded = np.zeros((len(raw), 4), np.uint8)
        padded[:, 1:] = raw  # little-endian 24-bit in the top bytes of an int32 keeps the sign
        return padded.view("<i4").reshape(-1).astype(np.float32) / 2147483648.0
    if width == 4:
        return (np.frombuffer(data, "<i4").astype(np.float64) / 2147483648.0).astype(np.float32)
    raise AudioFileError(f"{path}: {8 * width}-bit samples are not supported: {_CONVERT_HINT}")


def channel_sources(audio: WavAudio, mono_channel: Channel) -> Mapping[Channel, Pcm16]:
    """16 kHz PCM per protocol channel: mono goes to `mono_channel`; stereo is
    left = interviewer, right = candidate."""
    if len(audio.channels) > 2:
        raise AudioFileError(
            f"the file has {len(audio.channels)} channels: use mono, or stereo with the "
            "interviewer on the left and the candidate on the right"
        )
    targets = (mono_channel,) if len(audio.channels) == 1 else tuple(Channel)
    return {
        channel: float_to_pcm16(resample(samples, audio.rate, SAMPLE_RATE))
        for channel, samples in zip(targets, audio.channels, strict=True)
    }
