"""What one live session said, in order, kept in memory for its debrief. Never audio.

The session shows every event it emits to its record: the record keeps the confirmed
questions, each one's finished suggestion, and the candidate's final transcripts, with
their session times. The copilot's own history keeps only the last few exchanges, cut
short; a debrief needs the whole interview. Bounded all the same: a session left running
for a day keeps its first MAX_QUESTIONS questions and MAX_CANDIDATE_CHARS of speech.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from intervoo.events import Channel, Event, QuestionEvent, SuggestionDone, TranscriptEvent

MAX_QUESTIONS = 300
MAX_CANDIDATE_CHARS = 400_000  # about 20 hours of speech
# Words the candidate began saying up to this long before a question was confirmed answer
# it: a question is confirmed a moment after its speech ends (the endpointer, the detector),
# and a candidate may start to answer in that moment.
ANSWER_GRACE_MS = 1500


@dataclass(frozen=True, slots=True)
class AskedQuestion:
    id: str
    text: str
    kind: str
    t: int  # when it was confirmed (ms on the session clock)
    follow_up_of: str | None = None


@dataclass(frozen=True, slots=True)
class Suggested:
    question_id: str
    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Spoken:
    """One final transcript of the candidate's channel, and the question it answers: the
    last one confirmed before its speech began (None: before the first one). By when it was
    spoken, not when its transcript came: a final can arrive after the next question."""

    text: str
    start: int
    end: int
    t: int
    after: str | None = None


@dataclass
class SessionRecord:
    """Read-only for everyone but the session that feeds it (`observe`)."""

    questions: list[AskedQuestion] = field(default_factory=list)
    suggestions: dict[str, Suggested] = field(default_factory=dict)
    candidate: list[Spoken] = field(default_factory=list)
    _chars: int = 0

    def observe(self, event: Event) -> None:
        if isinstance(event, QuestionEvent):
            self._question(event)
        elif isinstance(event, SuggestionDone):
            # An interrupted answer still says what the copilot offered: keep the latest.
            self.suggestions[event.question_id] = Suggested(
                event.question_id, event.text, tuple(event.sources)
            )
        elif (
            isinstance(event, TranscriptEvent)
            and event.final
            and event.channel is Channel.CANDIDATE
            and event.text.strip()
            and self._chars + len(event.text) <= MAX_CANDIDATE_CHARS
        ):
            self._chars += len(event.text)
            after = self._answered_by(event.start)
            spoken = Spoken(event.text.strip(), event.start, event.end, event.t, after)
            self.candidate.append(spoken)

    def _answered_by(self, start: int) -> str | None:
        for question in reversed(self.questions):
            if question.t <= start + ANSWER_GRACE_MS:
                return question.id
        return None

    def _question(self, event: QuestionEvent) -> None:
        if event.speculative or len(self.questions) >= MAX_QUESTIONS:
            return
        if self.questions and self.questions[-1].id == event.id:
            return  # the same question confirmed again
        asked = AskedQuestion(event.id, event.text, event.kind.value, event.t, event.follow_up_of)
        self.questions.append(asked)
