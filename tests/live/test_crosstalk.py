"""The crosstalk filter: the interviewer's words heard on the candidate's microphone."""

from __future__ import annotations

from intervoo.events import Channel, TranscriptEvent
from intervoo.live.crosstalk import CrosstalkFilter

QUESTION = "Tell me about a time you disagreed with your manager and how you handled it."


def said(channel: Channel, text: str, start: int, end: int, final: bool = True) -> TranscriptEvent:
    return TranscriptEvent(channel, text, final, start=start, end=end)


def texts(events: list[TranscriptEvent]) -> list[tuple[str, str]]:
    return [(e.channel.value, e.text) for e in events]


def test_an_echo_of_the_question_is_dropped_and_the_answer_after_it_kept() -> None:
    f = CrosstalkFilter()
    out = f.feed(said(Channel.INTERVIEWER, QUESTION, 1000, 5000))
    # the recognizer heard the echo through the room a little differently
    out += f.feed(
        said(Channel.CANDIDATE, "about a time you disagree with your managers", 1900, 5100)
    )
    out += f.feed(said(Channel.CANDIDATE, "Sure. At Acme my manager wanted to ship", 6500, 9000))
    assert texts(out) == [
        ("interviewer", QUESTION),
        ("candidate", "Sure. At Acme my manager wanted to ship"),
    ]
    assert f.dropped == 1


def test_the_candidate_talking_over_the_echo_keeps_their_own_words() -> None:
    f = CrosstalkFilter()
    f.feed(said(Channel.INTERVIEWER, QUESTION, 1000, 5000))
    merged = "tell me about a time you disagreed with your manager yes I remember one"
    out = f.feed(said(Channel.CANDIDATE, merged, 1050, 6500))
    assert texts(out) == [("candidate", "yes I remember one")]


def test_the_candidate_starting_over_after_the_echo_is_said_once() -> None:
    """Whisper's restart of the candidate's words, hidden behind the echo's words at the start
    of the final, is cut once the echo is."""
    f = CrosstalkFilter()
    f.feed(said(Channel.INTERVIEWER, QUESTION, 1000, 5000))
    answer = "I asked for the numbers and we agreed to run a small trial first."
    heard = f"with your manager {answer} I asked for the numbers"
    out = f.feed(said(Channel.CANDIDATE, heard, 4000, 9000))
    assert texts(out) == [("candidate", answer)]


def test_a_candidate_final_waits_for_the_interviewer_final_it_overlaps() -> None:
    f = CrosstalkFilter()
    assert f.feed(said(Channel.INTERVIEWER, "Tell me about a", 1000, 2000, final=False))
    assert f.feed(said(Channel.CANDIDATE, "tell me about a time you", 1100, 3500)) == []
    later = f.feed(said(Channel.CANDIDATE, "I led the migration", 8000, 9500))
    assert later == []  # held behind the first, so the candidate's order is kept
    out = f.feed(said(Channel.INTERVIEWER, QUESTION, 1000, 5000))
    assert texts(out) == [("interviewer", QUESTION), ("candidate", "I led the migration")]


def test_speech_apart_in_time_or_in_words_is_left_alone() -> None:
    f = CrosstalkFilter()
    f.feed(said(Channel.INTERVIEWER, QUESTION, 1000, 5000))
    answer = "my manager and I disagreed about the release date"  # their words, later
    assert texts(f.feed(said(Channel.CANDIDATE, answer, 9000, 12000))) == [("candidate", answer)]
    assert texts(f.feed(said(Channel.CANDIDATE, "Okay.", 2000, 2400))) == [("candidate", "Okay.")]
    assert f.dropped == 0


def test_what_still_waits_at_the_end_is_flushed() -> None:
    f = CrosstalkFilter()
    f.feed(said(Channel.INTERVIEWER, "So tell me", 1000, 2000, final=False))
    assert f.feed(said(Channel.CANDIDATE, "I shipped it in March", 1500, 4000)) == []
    assert texts(f.flush()) == [("candidate", "I shipped it in March")]
