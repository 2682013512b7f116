import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from intervoo.audio.frames import (
    MAX_FRAME_SAMPLES,
    FrameError,
    encode_frame,
    float_to_pcm16,
    parse_frame,
    pcm16_to_float,
)
from intervoo.events import Channel


def test_parses_channel_and_little_endian_samples() -> None:
    frame = parse_frame(
        bytes([1]) + (258).to_bytes(2, "little") + (-2).to_bytes(2, "little", signed=True)
    )
    assert frame.channel is Channel.CANDIDATE
    assert frame.pcm.dtype == np.int16
    assert frame.pcm.tolist() == [258, -2]


@given(
    channel=st.sampled_from(list(Channel)),
    samples=st.lists(st.integers(-32768, 32767), max_size=MAX_FRAME_SAMPLES // 50),
)
def test_encode_then_parse_round_trips(channel: Channel, samples: list[int]) -> None:
    frame = parse_frame(encode_frame(channel, np.array(samples, dtype=np.int16)))
    assert frame.channel is channel
    assert frame.pcm.tolist() == samples


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "frame.empty"),
        (bytes([2, 0, 0]), "frame.channel"),
        (bytes([255]), "frame.channel"),
        (bytes([0, 1, 2, 3]), "frame.odd_length"),
        (bytes([0]) + bytes(2 * (MAX_FRAME_SAMPLES + 1)), "frame.too_long"),
    ],
)
def test_bad_frames_raise_a_coded_error(data: bytes, code: str) -> None:
    with pytest.raises(FrameError) as caught:
        parse_frame(data)
    assert caught.value.code == code
    assert caught.value.message


def test_a_full_second_is_accepted() -> None:
    frame = parse_frame(bytes([0]) + bytes(2 * MAX_FRAME_SAMPLES))
    assert len(frame.pcm) == MAX_FRAME_SAMPLES


def test_float_conversion_round_trips_and_clips() -> None:
    pcm = np.array([-32768, -1, 0, 1, 32767], dtype=np.int16)
    assert float_to_pcm16(pcm16_to_float(pcm)).tolist() == pcm.tolist()
    assert float_to_pcm16(np.array([2.0, -2.0])).tolist() == [32767, -32768]
