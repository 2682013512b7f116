"""Client → server text frames of `/ws/live`, parsed into typed commands. Pure.

Every malformed frame raises ProtocolError with a stable code; the session
reports it as an `error` event and goes on.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from intervoo.events import Channel
from intervoo.questions.classify import MAX_CHARS

# The detector refuses longer utterances, so the protocol refuses them first.
MAX_TEXT_CHARS = MAX_CHARS
MAX_FIELD_CHARS = 200
MAX_PAUSE_ID = 2**31 - 1
# A lone surrogate cannot be encoded to send back, and NUL cannot be stored: neither is text.
_NOT_TEXT = re.compile("[\ud800-\udfff\x00]")


class ProtocolError(ValueError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Start:
    company: str | None = None
    role: str | None = None
    llm: str = "default"  # "default": the configured LLM; "none": the offline composer
    debrief: bool = False  # a debrief will be asked for at stop: prepare it as the words come


@dataclass(frozen=True)
class DeviceTranscript:
    channel: Channel
    text: str
    final: bool
    # The device's id for a partial decoded at a pause in speech: the server answers with a
    # `turn_end` event saying how much silence ends the turn after these words.
    pause: int | None = None


@dataclass(frozen=True)
class Ask:
    text: str


@dataclass(frozen=True)
class Stop:
    debrief: bool = False  # build the session's debrief and send it before `stopped`


Command = Start | DeviceTranscript | Ask | Stop


def parse_command(raw: str) -> Command:
    try:
        body = json.loads(raw)
    except ValueError:
        raise ProtocolError("frame.bad_json", "a text frame must be one JSON object") from None
    except RecursionError:
        raise ProtocolError("frame.bad_json", "a text frame is nested too deeply") from None
    if not isinstance(body, dict):
        raise ProtocolError("frame.bad_json", "a text frame must be one JSON object")
    kind = body.get("type")
    if kind == "start":
        llm = _text(body, "llm", required=False, limit=MAX_FIELD_CHARS) or "default"
        if llm not in ("default", "none"):
            raise ProtocolError("frame.bad_field", 'start.llm must be "default" or "none"')
        return Start(
            company=_text(body, "company", required=False, limit=MAX_FIELD_CHARS),
            role=_text(body, "role", required=False, limit=MAX_FIELD_CHARS),
            llm=llm,
            debrief=_flag(body, "start", "debrief"),
        )
    if kind == "transcript":
        return _transcript(body)
    if kind == "ask":
        return Ask(text=_text(body, "text", required=True) or "")
    if kind == "stop":
        return Stop(debrief=_flag(body, "stop", "debrief"))
    shown = repr(kind[:40]) if isinstance(kind, str) else "(not a string)"
    raise ProtocolError(
        "frame.unknown_type", f"unknown frame type {shown}: use start, transcript, ask or stop"
    )


def _flag(body: dict[str, Any], frame: str, name: str) -> bool:
    value = body.get(name, False)
    if not isinstance(value, bool):
        raise ProtocolError("frame.bad_field", f"{frame}.{name} must be true or false")
    return value


def _transcript(body: dict[str, Any]) -> DeviceTranscript:
    try:
        channel = Channel(body.get("channel", Channel.INTERVIEWER.value))
    except ValueError:
        raise ProtocolError(
            "frame.bad_field", "transcript.channel must be interviewer or candidate"
        ) from None
    final = body.get("final", True)
    if not isinstance(final, bool):
        raise ProtocolError("frame.bad_field", "transcript.final must be true or false")
    text = _text(body, "text", required=True) or ""
    return DeviceTranscript(channel, text, final, _pause(body, final))


def _pause(body: dict[str, Any], final: bool) -> int | None:
    pause = body.get("pause")
    if pause is None:
        return None
    if isinstance(pause, bool) or not isinstance(pause, int) or not 0 <= pause <= MAX_PAUSE_ID:
        raise ProtocolError(
            "frame.bad_field", f"transcript.pause must be an integer from 0 to {MAX_PAUSE_ID}"
        )
    if final:
        raise ProtocolError("frame.bad_field", "transcript.pause goes with a partial (final false)")
    return pause


def _text(
    body: dict[str, Any], name: str, *, required: bool, limit: int = MAX_TEXT_CHARS
) -> str | None:
    value = body.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value.strip()):
        raise ProtocolError("frame.bad_field", f"{name} must be a non-empty string")
    if len(value) > limit:
        raise ProtocolError("frame.too_long", f"{name} is longer than {limit} characters")
    if _NOT_TEXT.search(value):
        raise ProtocolError(
            "frame.bad_text", f"{name} holds a lone surrogate or NUL character: send plain text"
        )
    return value.strip() or None
