"""Every event of the live pipeline, as small frozen dataclasses.

The same events travel over the WebSocket (`/ws/live`), are printed by
`intervoo listen --json` / `intervoo suggest --json`, and are read by tests and
benchmarks, so there is one protocol. Times are integer milliseconds on the
session clock (ms since the session started).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from enum import IntEnum, StrEnum
from typing import Any, ClassVar


class Channel(StrEnum):
    INTERVIEWER = "interviewer"
    CANDIDATE = "candidate"

    @property
    def tag(self) -> int:
        return ChannelTag[self.name].value

    @classmethod
    def from_tag(cls, tag: int) -> Channel:
        return cls[ChannelTag(tag).name]


class ChannelTag(IntEnum):
    """The first byte of a binary audio frame."""

    INTERVIEWER = 0
    CANDIDATE = 1


class QuestionKind(StrEnum):
    BEHAVIORAL = "behavioral"
    TECHNICAL = "technical"
    SYSTEM_DESIGN = "system_design"
    MOTIVATION = "motivation"
    RESUME = "resume"
    PERSONAL = "personal"
    LOGISTICS = "logistics"
    CLOSING = "closing"


@dataclass(frozen=True, slots=True)
class TranscriptEvent:
    type: ClassVar[str] = "transcript"
    channel: Channel
    text: str
    final: bool
    start: int
    end: int
    t: int = 0
    # A partial of the whole turn, sent once its speaker has surely finished: the turn is over
    # on these words, and the final (a fuller decode of the same audio) follows.
    ends_turn: bool = False


@dataclass(frozen=True, slots=True)
class TurnEndEvent:
    """For a device that endpoints its own speech (the browser's recognizer): the words it sent
    at a pause (`pause`, the device's id for it) end their turn after `silence_ms` of silence,
    by the server path's rule (a finished question soon, a trailing phrase later)."""

    type: ClassVar[str] = "turn_end"
    channel: Channel
    pause: int
    silence_ms: int
    t: int = 0


@dataclass(frozen=True, slots=True)
class QuestionEvent:
    type: ClassVar[str] = "question"
    id: str
    text: str
    kind: QuestionKind
    confidence: float
    speculative: bool
    follow_up_of: str | None = None
    t: int = 0


@dataclass(frozen=True, slots=True)
class SuggestionDelta:
    type: ClassVar[str] = "suggestion.delta"
    question_id: str
    text: str
    t: int = 0


@dataclass(frozen=True, slots=True)
class SuggestionDone:
    type: ClassVar[str] = "suggestion.done"
    question_id: str
    text: str
    sources: tuple[str, ...] = ()
    note: str | None = None
    ttft_ms: float | None = None
    t: int = 0


@dataclass(frozen=True, slots=True)
class TimingEvent:
    type: ClassVar[str] = "timing"
    question_id: str
    speech_end: int | None
    transcript_final: int | None
    detected: int | None
    first_token: int | None
    done: int | None
    # With an LLM: its first token (the composer's opener is `first_token`), and how much
    # of the prompt the provider read from its cache (issue 31).
    llm_first_token: int | None = None
    prompt_tokens: int | None = None
    cached_tokens: int | None = None
    t: int = 0


@dataclass(frozen=True, slots=True)
class ErrorEvent:
    type: ClassVar[str] = "error"
    code: str
    message: str
    t: int = 0


@dataclass(frozen=True, slots=True)
class StatusEvent:
    """Session life-cycle notices (started, stopped) with what the client needs to know."""

    type: ClassVar[str] = "status"
    state: str
    session_id: str = ""
    detail: dict[str, Any] = field(default_factory=dict)
    t: int = 0


@dataclass(frozen=True, slots=True)
class DebriefEvent:
    """The session's debrief, sent once at `stop` when the client asked for one: what was
    asked, what the candidate said, what to work on (`intervoo.debrief.model.Debrief`)."""

    type: ClassVar[str] = "debrief"
    session_id: str
    debrief: dict[str, Any]
    t: int = 0


Event = (
    TranscriptEvent
    | TurnEndEvent
    | QuestionEvent
    | SuggestionDelta
    | SuggestionDone
    | TimingEvent
    | ErrorEvent
    | StatusEvent
    | DebriefEvent
)


_OMIT_WHEN_NONE = frozenset(
    {"note", "ttft_ms", "follow_up_of", "llm_first_token", "prompt_tokens", "cached_tokens"}
)


_OMIT_WHEN_FALSE = frozenset({"ends_turn"})


def event_to_dict(event: Event) -> dict[str, Any]:
    """The wire form: `type` first, enums as their values, tuples as lists."""
    body = asdict(event)
    out: dict[str, Any] = {"type": event.type}
    for key, value in body.items():
        if key in _OMIT_WHEN_NONE and value is None:
            continue
        if key in _OMIT_WHEN_FALSE and value is False:
            continue
        out[key] = list(value) if isinstance(value, tuple) else value
    return out


def event_to_json(event: Event) -> str:
    return json.dumps(event_to_dict(event), ensure_ascii=False, separators=(",", ":"))
