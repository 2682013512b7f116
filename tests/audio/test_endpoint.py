import pytest

from intervoo.audio.endpoint import (
    WINDOW_MS,
    EndpointConfig,
    Endpointer,
    Phase,
    Transition,
    default_completeness,
    required_silence_ms,
)


def run(endpointer: Endpointer, probs: list[float]) -> list[tuple[int, Transition]]:
    return [(i, t) for i, p in enumerate(probs) if (t := endpointer.update(p)) is not None]


def windows(ms: int) -> int:
    return -(-ms // WINDOW_MS)


def test_speech_then_silence_starts_then_pauses() -> None:
    endpointer = Endpointer()
    speech, silence = [0.9] * 20, [0.05] * windows(160)
    assert run(endpointer, [0.0, 0.0, *speech, *silence]) == [
        (2, Transition.START),
        (2 + 20 + windows(160) - 1, Transition.PAUSE),
    ]
    assert endpointer.phase is Phase.PAUSED
    assert (endpointer.speech_start, endpointer.speech_end) == (2, 22)
    assert endpointer.silence_ms == windows(160) * WINDOW_MS


def test_dips_above_the_release_threshold_do_not_end_speech() -> None:
    endpointer = Endpointer()
    assert run(endpointer, [0.9] * 5 + [0.4] * 20 + [0.9] * 5) == [(0, Transition.START)]
    assert endpointer.phase is Phase.SPEECH


def test_speech_after_a_pause_resumes_the_same_utterance() -> None:
    endpointer = Endpointer()
    probs = [0.9] * 10 + [0.0] * windows(700) + [0.9] * 10
    transitions = [t for _, t in run(endpointer, probs)]
    assert transitions == [Transition.START, Transition.PAUSE, Transition.RESUME]
    assert endpointer.speech_start == 0 and endpointer.speech_end == len(probs)


def test_a_click_is_discarded_not_transcribed() -> None:
    endpointer = Endpointer()
    transitions = [t for _, t in run(endpointer, [0.9] * 2 + [0.0] * 10)]
    assert transitions == [Transition.START, Transition.DISCARD]
    assert endpointer.phase is Phase.IDLE


def test_required_silence_goes_from_long_to_short_with_completeness() -> None:
    config = EndpointConfig()
    assert required_silence_ms(0.0, config) == 1500
    assert required_silence_ms(1.0, config) == 300
    assert required_silence_ms(7.0, config) == 300  # clamped
    assert 300 < required_silence_ms(0.5, config) < 1500


def test_inconsistent_configs_are_refused() -> None:
    with pytest.raises(ValueError):
        EndpointConfig(threshold=0.3, release_threshold=0.5)
    with pytest.raises(ValueError):
        EndpointConfig(min_end_silence_ms=2000, max_end_silence_ms=1500)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("What is your greatest strength?", "complete"),
        ("Walk me through your resume.", "complete"),
        ("Tell me about a time when", "trailing"),
        ("Tell me about a time when...", "trailing"),
        ("Can you describe the project that", "trailing"),
        ("Tell me about a project you are proud of", "middle"),
        ("So, first of all,", "trailing"),
        ("", "trailing"),
    ],
)
def test_default_completeness(text: str, expected: str) -> None:
    score = default_completeness(text)
    bounds = {"complete": (0.9, 1.0), "middle": (0.4, 0.6), "trailing": (0.0, 0.1)}[expected]
    assert bounds[0] <= score <= bounds[1]
