"""Progress over sessions and its chart; voice answers from candidate transcripts."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest

from intervoo.events import Channel, TranscriptEvent
from intervoo.practice.progress import compute_progress, progress_svg
from intervoo.practice.voice import VoiceAnswerError, spoken_answer
from intervoo.store.records import PracticeAttempt, PracticeSession

SVG = "{http://www.w3.org/2000/svg}"


def _history() -> tuple[list[PracticeSession], list[PracticeAttempt]]:
    start = datetime(2025, 1, 1, tzinfo=UTC)
    sessions = [PracticeSession(id=f"s{i}", started_at=start + timedelta(days=i)) for i in range(3)]
    attempts = []
    for i, (conflict, ownership) in enumerate([(40, 60), (55, 70), (80, 90)]):
        for competency, score in (("conflict", conflict), ("ownership", ownership)):
            attempts.append(PracticeAttempt(session_id=f"s{i}", question="q", answer_text="a",
                            competency=competency, scores={"overall": score}))  # fmt: skip
    attempts.append(PracticeAttempt(session_id="s2", question="unanswered"))
    return sessions, attempts


def test_per_competency_series_in_time_order() -> None:
    progress = compute_progress(*_history())
    assert progress.sessions == 3 and progress.answers == 6
    assert [p.score for p in progress.series["conflict"]] == [40, 55, 80]
    assert [p.score for p in progress.series["overall"]] == [50, 62.5, 85]
    assert progress.latest("ownership") == 90


def test_the_chart_is_an_svg_with_one_line_per_series() -> None:
    svg = ET.fromstring(progress_svg(compute_progress(*_history())))
    assert svg.tag == f"{SVG}svg"
    lines = svg.findall(f"{SVG}polyline")
    assert sorted(line.findtext(f"{SVG}title") or "" for line in lines) == [
        "conflict", "overall", "ownership"]  # fmt: skip
    assert all(len(line.get("points", "").split()) == 3 for line in lines)
    empty = ET.fromstring(progress_svg(compute_progress([], [])))
    assert "No practice answers yet" in "".join(empty.itertext())


def _event(
    channel: Channel, text: str, start: int, end: int, final: bool = True
) -> TranscriptEvent:
    return TranscriptEvent(channel=channel, text=text, final=final, start=start, end=end)


def test_spoken_answer_keeps_only_final_candidate_speech() -> None:
    answer = spoken_answer([
        _event(Channel.INTERVIEWER, "Tell me about a conflict.", 0, 2000),
        _event(Channel.CANDIDATE, "Sure. At Acme", 2500, 3500, final=False),
        _event(Channel.CANDIDATE, "we shipped it.", 9000, 10_500),
        _event(Channel.CANDIDATE, "Sure.  At Acme I   disagreed with my lead.", 2500, 8000),
    ])  # fmt: skip
    assert answer.text == "Sure. At Acme I disagreed with my lead. we shipped it."
    assert answer.duration_s == 8.0


def test_no_candidate_speech_is_an_error() -> None:
    with pytest.raises(VoiceAnswerError):
        spoken_answer([_event(Channel.INTERVIEWER, "Hello?", 0, 500)])
