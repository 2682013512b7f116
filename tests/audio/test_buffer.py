import numpy as np
import pytest

from intervoo.audio.buffer import SampleRing, UtteranceBuffer


def ramp(start: int, count: int) -> np.ndarray:
    return np.arange(start, start + count, dtype=np.float32)


def test_ring_keeps_only_the_latest_samples_in_order() -> None:
    ring = SampleRing(5)
    ring.push(ramp(0, 3))
    assert ring.contents().tolist() == [0, 1, 2]
    ring.push(ramp(3, 4))
    assert ring.contents().tolist() == [2, 3, 4, 5, 6]
    ring.push(ramp(7, 12))
    assert ring.contents().tolist() == [14, 15, 16, 17, 18]
    ring.clear()
    assert len(ring) == 0 and ring.contents().tolist() == []


def test_utterance_buffer_is_capped_and_reports_what_fitted() -> None:
    buffer = UtteranceBuffer(max_seconds=0.001)  # 16 samples
    assert buffer.append(ramp(0, 10)) == 10
    assert buffer.append(ramp(10, 10)) == 6
    assert buffer.room == 0 and len(buffer) == 16
    copy = buffer.snapshot()
    buffer.clear()
    assert copy.tolist() == list(range(16))  # a snapshot survives the buffer's reuse


def test_invalid_sizes_are_refused() -> None:
    with pytest.raises(ValueError):
        SampleRing(0)
    with pytest.raises(ValueError):
        UtteranceBuffer(0)
