import numpy as np

from intervoo.audio.frames import pcm16_to_float
from intervoo.audio.vad import WINDOW_SAMPLES, EnergyVad, load_silero
from tests.support.speech import make_speech, read_samples


def probabilities(samples: np.ndarray) -> list[float]:
    stream = load_silero().stream()
    usable = len(samples) - len(samples) % WINDOW_SAMPLES
    return [
        stream.probability(samples[i : i + WINDOW_SAMPLES])
        for i in range(0, usable, WINDOW_SAMPLES)
    ]


def test_silero_tells_speech_from_silence_and_noise() -> None:
    pcm, _ = read_samples(
        make_speech("How do you prioritise your work?", lead_ms=1000, noise_db=-45)
    )
    probs = probabilities(pcm16_to_float(pcm))
    lead = probs[: 1000 // 32 - 3]  # noise only
    assert max(lead) < 0.3
    assert sum(p > 0.5 for p in probs) * 32 > 800  # more than 0.8 s of the sentence is speech


def test_the_energy_gate_answers_zero_on_digital_silence() -> None:
    assert probabilities(np.zeros(WINDOW_SAMPLES * 4, dtype=np.float32)) == [0.0] * 4


def test_quiet_speech_is_not_gated_before_the_model_hears_it() -> None:
    """Speech peaking at -50 dBFS, as the first words of a quiet line arrive while the gain
    stage is still rising: a -60 dBFS gate answered 0 for every window."""
    pcm, _ = read_samples(make_speech("Tell me about a project you are proud of."))
    audio = pcm16_to_float(pcm).astype(np.float64)
    quiet = (audio * 10 ** (-50 / 20) / np.abs(audio).max()).astype(np.float32)
    assert sum(p > 0.5 for p in probabilities(quiet)) * 32 > 800


def test_energy_vad_maps_loudness_to_probability() -> None:
    vad = EnergyVad(floor_db=-50, full_db=-30).stream()
    quiet = np.full(WINDOW_SAMPLES, 10 ** (-60 / 20), dtype=np.float32)
    loud = np.full(WINDOW_SAMPLES, 10 ** (-20 / 20), dtype=np.float32)
    middle = np.full(WINDOW_SAMPLES, 10 ** (-40 / 20), dtype=np.float32)
    assert vad.probability(quiet) == 0.0
    assert vad.probability(loud) == 1.0
    assert abs(vad.probability(middle) - 0.5) < 0.01
