"""Each question of the record with the candidate's own words that answered it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from intervoo.live.record import AskedQuestion, SessionRecord


@dataclass(frozen=True, slots=True)
class Answered:
    question: AskedQuestion
    said: str  # the candidate's finals between this question and the next, joined
    suggestion: str


def answered_questions(record: SessionRecord) -> list[Answered]:
    """In the order asked. What the candidate said before the first question (small talk)
    answers nothing."""
    said: dict[str, list[str]] = defaultdict(list)
    for spoken in record.candidate:
        if (question_id := record.answers(spoken)) is not None:
            said[question_id].append(spoken.text)
    out = []
    for question in record.questions:
        suggested = record.suggestions.get(question.id)
        text = " ".join(said.get(question.id, ()))
        out.append(Answered(question, text, suggested.text if suggested else ""))
    return out
