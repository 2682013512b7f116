import pytest

from intervoo.audio.endpoint import (
    WINDOW_MS,
    EndpointConfig,
    Endpointer,
    Phase,
    Transition,
    drop_intonation_mark,
    required_silence_ms,
    turn_end_silence_ms,
)
from intervoo.questions import completeness


def run(endpointer: Endpointer, probs: list[float]) -> list[tuple[int, Transition]]:
    return [(i, t) for i, p in enumerate(probs) if (t := endpointer.update(p)) is not None]


def windows(ms: int) -> int:
    return -(-ms // WINDOW_MS)


def test_speech_then_silence_starts_then_pauses() -> None:
    endpointer = Endpointer()
    pause = endpointer.config.pause_ms
    speech, silence = [0.9] * 20, [0.05] * windows(pause)
    assert run(endpointer, [0.0, 0.0, *speech, *silence]) == [
        (2, Transition.START),
        (2 + 20 + windows(pause) - 1, Transition.PAUSE),
    ]
    assert endpointer.phase is Phase.PAUSED
    assert (endpointer.speech_start, endpointer.speech_end) == (2, 22)
    assert endpointer.silence_ms == windows(pause) * WINDOW_MS


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
    assert required_silence_ms(1.0, config) == 200
    assert required_silence_ms(7.0, config) == 200  # clamped
    assert 300 < required_silence_ms(0.5, config) < 1500


def test_inconsistent_configs_are_refused() -> None:
    with pytest.raises(ValueError):
        EndpointConfig(threshold=0.3, release_threshold=0.5)
    with pytest.raises(ValueError):
        EndpointConfig(min_end_silence_ms=2000, max_end_silence_ms=1500)


def test_required_silence_reaches_the_minimum_at_complete_at() -> None:
    config = EndpointConfig(complete_at=0.8, min_end_silence_ms=300)
    assert required_silence_ms(0.8, config) == required_silence_ms(0.95, config) == 300
    assert required_silence_ms(0.4, config) == 900
    with pytest.raises(ValueError):
        EndpointConfig(complete_at=0.0)


@pytest.mark.parametrize(
    "question",
    [
        "What is your greatest strength?",
        "What is your greatest strength",  # Whisper does not always close it
        "Why do you want to work here?",
        "Walk me through your resume.",
        "Tell me about a time when you had to disagree with your manager.",
        "How do you handle feedback from your manager",
    ],
)
def test_a_finished_question_ends_after_about_300ms(question: str) -> None:
    assert required_silence_ms(completeness(question), EndpointConfig()) <= 300


@pytest.mark.parametrize(
    "opening", ["Tell me about a time when", "Can you describe the project that", "So, first,"]
)
def test_the_first_half_of_a_two_part_question_outwaits_a_700ms_pause(opening: str) -> None:
    assert required_silence_ms(completeness(opening), EndpointConfig()) >= 1400


def test_a_statement_waits_in_between() -> None:
    """The interviewer may go on to ask something after a statement."""
    wait = required_silence_ms(completeness("I read your resume last night."), EndpointConfig())
    assert 700 < wait < 1000


@pytest.mark.parametrize(
    ("heard", "scored"),
    [
        ("Tell me about a time when?", "Tell me about a time when"),
        ("Tell me about a situation where?", "Tell me about a situation where"),
        ("Walk me through your resume and?", "Walk me through your resume and"),
        ("Why do you want to work here?", "Why do you want to work here?"),
        ("How did you handle that?", "How did you handle that?"),
        ("Tell me about a time when", "Tell me about a time when"),
        ("", ""),
    ],
)
def test_a_question_mark_after_a_dangling_word_is_intonation(heard: str, scored: str) -> None:
    assert drop_intonation_mark(heard) == scored


def test_so_the_first_half_of_a_two_part_question_still_waits() -> None:
    score = completeness(drop_intonation_mark("Tell me about a time when?"))
    assert required_silence_ms(score, EndpointConfig()) >= 1400


@pytest.mark.parametrize(
    ("heard", "shortest", "longest"),
    [
        ("Why do you want to work an aman-on?", 700, 800),  # misheard last word, '?' heard
        ("Why do you want to work at Amazon?", 200, 200),
        ("Why do you want to work an aman-on", 1000, 1500),  # no '?': nothing says it ended
        ("Tell me about a time when?", 1400, 1500),  # intonation: the first half still waits
    ],
)
def test_a_question_mark_after_a_content_word_caps_the_wait(
    heard: str, shortest: int, longest: int
) -> None:
    assert shortest <= turn_end_silence_ms(heard, completeness, EndpointConfig()) <= longest


@pytest.mark.parametrize(
    ("logprob", "wait"),
    [(None, 200), (-0.3, 200), (-0.6, 200), (-1.01, 1200)],
)
def test_a_finished_looking_text_the_recognizer_was_unsure_of_waits_past_a_pause(
    logprob: float | None, wait: int
) -> None:
    """The first part of "Describe the project that / you are most proud of and why" was heard
    as "Describe the Project Merck." at -1.01: it must outlast the pause; a sure decode of it
    ends at once. A '?' after a content word still caps the wait."""
    heard = "Describe the Project Merck."
    assert turn_end_silence_ms(heard, completeness, EndpointConfig(), logprob) == wait
    asked = turn_end_silence_ms("Why do you want to work an aman-on?", completeness,
                                EndpointConfig(), logprob)  # fmt: skip
    assert asked <= 800
