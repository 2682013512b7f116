"""What one live session said, in order, kept in memory for its debrief. Never audio.

The session shows every event it emits to its record: the record keeps the confirmed
questions, each one's finished suggestion, and the candidate's final transcripts, with
their session times. The copilot's own history keeps only the last few exchanges, cut
short; a debrief needs the whole interview. Bounded all the same: a session left running
for a day keeps its first MAX_QUESTIONS questions and MAX_CANDIDATE_CHARS of speech.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from intervoo.events import Channel, Event, QuestionEvent, SuggestionDone, TranscriptEvent

MAX_QUESTIONS = 300
MAX_CANDIDATE_CHARS = 400_000  # about 20 hours of speech
# Words the candidate began saying up to this long before the question's speech ended
# answer it (they start to answer on its last words), if they ended after it.
ANSWER_GRACE_MS = 1500


@dataclass(frozen=True, slots=True)
class AskedQuestion:
    id: str
    text: str
    kind: str
    t: int  # when it was confirmed (ms on the session clock)
    follow_up_of: str | None = None
    # When its words ended: the interviewer final that confirmed it (audio time on the same
    # clock as the candidate's speech), else when it was confirmed (typed, device text).
    at: int = 0


@dataclass(frozen=True, slots=True)
class Suggested:
    question_id: str
    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Spoken:
    """One final transcript of the candidate's channel, with its speech times."""

    text: str
    start: int
    end: int
    t: int
    seen: int = 0  # questions recorded when it came: the order breaks a tie in time


@dataclass
class SessionRecord:
    """Read-only for everyone but the session that feeds it (`observe`)."""

    questions: list[AskedQuestion] = field(default_factory=list)
    suggestions: dict[str, Suggested] = field(default_factory=dict)
    candidate: list[Spoken] = field(default_factory=list)
    _chars: int = 0
    _interviewer_end: int | None = None  # the last interviewer final no question has taken

    def observe(self, event: Event) -> None:
        if isinstance(event, QuestionEvent):
            self._question(event)
        elif isinstance(event, SuggestionDone):
            # An interrupted answer still says what the copilot offered: keep the latest.
            self.suggestions[event.question_id] = Suggested(
                event.question_id, event.text, tuple(event.sources)
            )
        elif isinstance(event, TranscriptEvent) and (event.final or event.ends_turn):
            self._final(event)

    def answers(self, spoken: Spoken) -> str | None:
        """The id of the question these words answer: the last one asked before they began
        (None: before the first). By when they were spoken, not when their transcript came:
        a final can arrive after the next question, or before its own question's."""
        for index in range(len(self.questions) - 1, -1, -1):
            at = self.questions[index].at
            before = at < spoken.end or (at == spoken.end and index < spoken.seen)
            if before and at <= spoken.start + ANSWER_GRACE_MS:
                return self.questions[index].id
        return None

    def _final(self, event: TranscriptEvent) -> None:
        if event.channel is Channel.INTERVIEWER:
            # The final of a turn whose end already confirmed its question is taken.
            taken = bool(self.questions) and self.questions[-1].at == event.end
            self._interviewer_end = None if taken else event.end
            return
        if not event.final:
            return
        text = event.text.strip()
        if text and self._chars + len(text) <= MAX_CANDIDATE_CHARS:
            self._chars += len(text)
            spoken = Spoken(text, event.start, event.end, event.t, len(self.questions))
            self.candidate.append(spoken)

    def _question(self, event: QuestionEvent) -> None:
        if event.speculative or len(self.questions) >= MAX_QUESTIONS:
            return
        if self.questions and self.questions[-1].id == event.id:
            # The same question confirmed again: its final's fuller decode, or its second part.
            self.questions[-1] = replace(self.questions[-1], text=event.text)
            return
        at = event.t if self._interviewer_end is None else self._interviewer_end
        self._interviewer_end = None
        asked = AskedQuestion(
            event.id, event.text, event.kind.value, event.t, event.follow_up_of, at=at
        )
        self.questions.append(asked)
