import wave
from pathlib import Path

import numpy as np
import pytest

from intervoo.audio.wavfile import AudioFileError, channel_sources, read_wav
from intervoo.events import Channel


def write_wav(path: Path, frames: np.ndarray, rate: int, width: int) -> Path:
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(1 if frames.ndim == 1 else frames.shape[1])
        writer.setsampwidth(width)
        writer.setframerate(rate)
        writer.writeframes(frames.tobytes())
    return path


def test_stereo_is_left_interviewer_right_candidate(tmp_path: Path) -> None:
    left = np.full(4410, 1000, dtype="<i2")
    right = np.full(4410, -2000, dtype="<i2")
    path = write_wav(tmp_path / "call.wav", np.stack([left, right], axis=1), 44_100, 2)
    sources = channel_sources(read_wav(path), Channel.CANDIDATE)
    assert set(sources) == {Channel.INTERVIEWER, Channel.CANDIDATE}
    assert abs(len(sources[Channel.INTERVIEWER]) - 1600) <= 1
    assert abs(int(np.median(sources[Channel.INTERVIEWER])) - 1000) <= 2
    assert abs(int(np.median(sources[Channel.CANDIDATE])) + 2000) <= 2


@pytest.mark.parametrize("width", [1, 2, 3, 4])
def test_reads_every_pcm_width(tmp_path: Path, width: int) -> None:
    value = 0.25
    if width == 1:
        raw = np.full(160, 128 + int(value * 128), dtype=np.uint8).tobytes()
    elif width == 3:
        sample = int(value * 2**23).to_bytes(3, "little", signed=True)
        raw = sample * 160
    else:
        dtype = {2: "<i2", 4: "<i4"}[width]
        raw = np.full(160, int(value * 2 ** (8 * width - 1)), dtype=dtype).tobytes()
    path = tmp_path / "mono.wav"
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(width)
        writer.setframerate(16_000)
        writer.writeframes(raw)
    audio = read_wav(path)
    assert audio.rate == 16_000 and len(audio.channels) == 1
    np.testing.assert_allclose(audio.channels[0], value, atol=1e-2)
    assert set(channel_sources(audio, Channel.CANDIDATE)) == {Channel.CANDIDATE}


def test_float_wav_is_refused_with_a_conversion_hint(tmp_path: Path) -> None:
    path = tmp_path / "float.wav"
    data = np.zeros(100, dtype="<f4").tobytes()
    header = b"RIFF" + (36 + len(data)).to_bytes(4, "little") + b"WAVEfmt "
    fmt = (16).to_bytes(4, "little") + (3).to_bytes(2, "little") + (1).to_bytes(2, "little")
    fmt += (16_000).to_bytes(4, "little") + (64_000).to_bytes(4, "little")
    fmt += (4).to_bytes(2, "little") + (32).to_bytes(2, "little")
    path.write_bytes(header + fmt + b"data" + len(data).to_bytes(4, "little") + data)
    with pytest.raises(AudioFileError, match="not a PCM WAV.*sox"):
        read_wav(path)


def test_empty_missing_and_silent_files_are_refused(tmp_path: Path) -> None:
    (tmp_path / "empty.wav").write_bytes(b"")
    with pytest.raises(AudioFileError, match="empty"):
        read_wav(tmp_path / "empty.wav")
    with pytest.raises(AudioFileError, match="no such file"):
        read_wav(tmp_path / "missing.wav")
    no_frames = write_wav(tmp_path / "none.wav", np.zeros(0, dtype="<i2"), 16_000, 2)
    with pytest.raises(AudioFileError, match="no audio"):
        read_wav(no_frames)
    (tmp_path / "text.wav").write_text("not audio at all")
    with pytest.raises(AudioFileError, match="not a PCM WAV"):
        read_wav(tmp_path / "text.wav")


def test_more_than_two_channels_is_refused(tmp_path: Path) -> None:
    path = write_wav(tmp_path / "surround.wav", np.zeros((100, 3), dtype="<i2"), 16_000, 2)
    with pytest.raises(AudioFileError, match="3 channels"):
        channel_sources(read_wav(path), Channel.INTERVIEWER)
