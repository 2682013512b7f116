"""Helpers for live tests: an event recorder and a scripted detector at the detection seam."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field

from intervoo.events import Channel, Event, QuestionEvent, QuestionKind, TranscriptEvent


@dataclass
class Recorder:
    """Collects every event a session emits; `wait_for` blocks until a matching one arrives."""

    events: list[Event] = field(default_factory=list)
    _changed: asyncio.Event = field(default_factory=asyncio.Event)

    def __call__(self, event: Event) -> None:
        self.events.append(event)
        self._changed.set()

    async def wait_for(self, match: Callable[[Event], bool], timeout_s: float = 5.0) -> Event:
        async with asyncio.timeout(timeout_s):
            while True:
                for event in self.events:
                    if match(event):
                        return event
                self._changed.clear()
                await self._changed.wait()

    def of(self, kind: str, question_id: str | None = None) -> list[Event]:
        return [
            e
            for e in self.events
            if e.type == kind
            and (
                question_id is None
                or getattr(e, "question_id", getattr(e, "id", None)) == question_id
            )
        ]

    def text_of(self, question_id: str) -> str:
        return "".join(e.text for e in self.of("suggestion.delta", question_id))  # type: ignore[union-attr]


@dataclass
class Classified:
    is_question: bool
    kind: QuestionKind | None
    confidence: float


def classify_by_words(text: str) -> Classified:
    lowered = text.lower()
    if "why" in lowered and ("work" in lowered or "join" in lowered):
        return Classified(True, QuestionKind.MOTIVATION, 0.9)
    if "design" in lowered:
        return Classified(True, QuestionKind.SYSTEM_DESIGN, 0.9)
    asks = text.rstrip().endswith("?")
    return Classified(asks, QuestionKind.BEHAVIORAL, 0.9 if asks else 0.3)


class ScriptedDetector:
    """Interviewer text ending in "?" is a question: speculative on the first such partial of
    an utterance (as the real detector, at most once), confirmed at the final. One id per
    utterance (its `start`); `follow_ups` marks texts as follow-ups."""

    def __init__(self, follow_ups: dict[str, str] | None = None) -> None:
        self.follow_ups = follow_ups or {}
        self.fed: list[TranscriptEvent] = []
        self._speculated: set[str] = set()

    def feed(self, event: TranscriptEvent) -> list[QuestionEvent]:
        self.fed.append(event)
        text = event.text.strip()
        if event.channel is not Channel.INTERVIEWER or not text.endswith("?"):
            return []
        found = classify_by_words(text)
        question_id = f"q{event.start}"
        if not event.final:
            if question_id in self._speculated:
                return []
            self._speculated.add(question_id)
        return [
            QuestionEvent(
                id=question_id,
                text=text,
                kind=found.kind or QuestionKind.BEHAVIORAL,
                confidence=found.confidence,
                speculative=not event.final,
                follow_up_of=self.follow_ups.get(text),
            )
        ]


def said(
    text: str, *, final: bool = True, start: int = 0, channel: Channel = Channel.INTERVIEWER
) -> TranscriptEvent:
    return TranscriptEvent(channel=channel, text=text, final=final, start=start, end=start + 1000)
