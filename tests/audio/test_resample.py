import numpy as np
import pytest

from intervoo.audio.resample import Resampler, resample


def tone(freq: float, rate: int, seconds: float = 1.0) -> np.ndarray:
    t = np.arange(int(rate * seconds)) / rate
    return (0.5 * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def dominant_frequency(samples: np.ndarray, rate: int) -> float:
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples))))
    return float(np.fft.rfftfreq(len(samples), 1 / rate)[int(np.argmax(spectrum))])


@pytest.mark.parametrize("src_rate", [8_000, 22_050, 44_100, 48_000])
def test_keeps_the_pitch_and_the_duration(src_rate: int) -> None:
    out = resample(tone(440.0, src_rate), src_rate, 16_000)
    assert abs(len(out) - 16_000) <= 1
    assert abs(dominant_frequency(out, 16_000) - 440.0) < 2.0


def test_filters_what_the_new_rate_cannot_hold() -> None:
    """A 10 kHz tone would alias to 6 kHz at 16 kHz; the low-pass removes it instead."""
    out = resample(tone(10_000.0, 44_100), 44_100, 16_000)
    assert float(np.sqrt(np.mean(out[200:] ** 2))) < 0.02  # the input's RMS is 0.35


def test_chunked_output_equals_one_shot_output() -> None:
    signal = tone(300.0, 44_100, 0.5) + tone(1_200.0, 44_100, 0.5)
    whole = resample(signal, 44_100, 16_000)
    resampler = Resampler(44_100, 16_000)
    sizes = [1, 7, 441, 1000, 3]
    chunks, start = [], 0
    while start < len(signal):
        size = sizes[len(chunks) % len(sizes)]
        chunks.append(resampler.push(signal[start : start + size]))
        start += size
    pieces = np.concatenate(chunks)
    assert len(pieces) == len(whole)
    np.testing.assert_allclose(pieces, whole, atol=1e-5)


def test_same_rate_passes_through_and_bad_rates_are_refused() -> None:
    signal = tone(100.0, 16_000, 0.1)
    np.testing.assert_array_equal(resample(signal, 16_000), signal)
    with pytest.raises(ValueError, match="positive"):
        Resampler(0)
