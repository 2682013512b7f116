"""The session's record: the whole interview in order, for the debrief (not a cut history)."""

from intervoo.events import Channel
from tests.live.helpers import Recorder, said
from tests.live.test_session import done_for, make_session

Q1 = "Tell me about a time you handled a production outage under pressure?"
Q2 = "Why do you want to work here?"


async def test_the_record_keeps_questions_suggestions_and_the_candidates_own_words() -> None:
    events = Recorder()
    session = make_session(events)
    session.start()
    session.on_transcript(said(Q1, start=500, final=False))
    session.on_transcript(said(Q1, start=500))
    await events.wait_for(done_for("q500"))
    session.on_transcript(
        said("I moved payments", channel=Channel.CANDIDATE, final=False, start=2000)
    )
    session.on_transcript(
        said("I moved payments to a queue.", channel=Channel.CANDIDATE, start=2000)
    )
    session.on_transcript(said(Q2, start=9000))
    await events.wait_for(done_for("q9000"))
    session.on_transcript(said("Your mission.", channel=Channel.CANDIDATE, start=10_500))
    await session.aclose()
    record = session.record
    assert [(q.id, q.text) for q in record.questions] == [("q500", Q1), ("q9000", Q2)]
    assert record.suggestions["q500"].text  # the composer's answer, in full
    assert [s.text for s in record.candidate] == ["I moved payments to a queue.", "Your mission."]
    assert [record.answers(s) for s in record.candidate] == ["q500", "q9000"]


def test_stop_may_ask_for_the_debrief_and_says_so_when_the_flag_is_not_a_boolean() -> None:
    from intervoo.live.protocol import ProtocolError, Stop, parse_command

    assert parse_command('{"type":"stop"}') == Stop(debrief=False)
    assert parse_command('{"type":"stop","debrief":true}') == Stop(debrief=True)
    try:
        parse_command('{"type":"stop","debrief":"yes"}')
    except ProtocolError as error:
        assert error.code == "frame.bad_field"
    else:
        raise AssertionError("a non-boolean debrief flag was accepted")


def test_the_debrief_event_travels_and_comes_back() -> None:
    from intervoo.events import DebriefEvent, event_to_json
    from intervoo.live.wire import event_from_json

    event = DebriefEvent("s1", {"questions": [{"id": "q1"}]}, t=5)
    assert event_from_json(event_to_json(event)) == event


def test_a_question_shown_at_its_turns_end_is_timed_by_that_end_and_its_final_is_taken() -> None:
    """Confirmed on the quick decode (`ends_turn`) before its final: the question ends where
    its words did, and the final that follows leaves no end for a later typed question."""
    from dataclasses import replace

    from intervoo.events import QuestionEvent, QuestionKind
    from intervoo.live.record import SessionRecord

    record = SessionRecord()
    turn = said(Q1, start=500, final=False)
    record.observe(replace(turn, ends_turn=True))
    record.observe(QuestionEvent("q1", Q1, QuestionKind.BEHAVIORAL, 0.9, False, t=1600))
    fuller = Q1.rstrip("?") + "."
    record.observe(said(fuller, start=500))
    record.observe(QuestionEvent("q1", fuller, QuestionKind.BEHAVIORAL, 0.9, False, t=1700))
    record.observe(QuestionEvent("q2", Q2, QuestionKind.MOTIVATION, 1.0, False, t=9000))
    assert [(q.id, q.at) for q in record.questions] == [("q1", 1500), ("q2", 9000)]
    assert record.questions[0].text == fuller  # its final's words, confirmed again
