"""Server → client events back from their JSON form (for clients: edge, tests, benchmarks)."""

from __future__ import annotations

import json
from typing import Any

from intervoo.events import (
    Channel,
    DebriefEvent,
    ErrorEvent,
    Event,
    QuestionEvent,
    QuestionKind,
    StatusEvent,
    SuggestionDelta,
    SuggestionDone,
    TimingEvent,
    TranscriptEvent,
    TurnEndEvent,
)


class WireError(ValueError):
    pass


def event_from_json(raw: str) -> Event:
    body = json.loads(raw)
    if not isinstance(body, dict):
        raise WireError("an event must be a JSON object")
    try:
        return _event(body)
    except (KeyError, TypeError, ValueError) as exc:
        raise WireError(f"malformed {body.get('type')!r} event: {exc}") from None


def _event(body: dict[str, Any]) -> Event:
    kind = body.pop("type")
    if kind == "transcript":
        body["channel"] = Channel(body["channel"])
        return TranscriptEvent(**body)
    if kind == "turn_end":
        body["channel"] = Channel(body["channel"])
        return TurnEndEvent(**body)
    if kind == "question":
        body["kind"] = QuestionKind(body["kind"])
        return QuestionEvent(**body)
    if kind == "suggestion.delta":
        return SuggestionDelta(**body)
    if kind == "suggestion.done":
        body["sources"] = tuple(body.get("sources", ()))
        return SuggestionDone(**body)
    if kind == "timing":
        return TimingEvent(**body)
    if kind == "error":
        return ErrorEvent(**body)
    if kind == "status":
        return StatusEvent(**body)
    if kind == "debrief":
        return DebriefEvent(**body)
    raise WireError(f"unknown event type {kind!r}")
