"""A pure, incremental decoder for `text/event-stream` (bytes in, events out, no I/O).

Follows the WHATWG event-stream rules: lines end in CRLF, LF or CR; a blank line dispatches
the event; `:` starts a comment; `data:` lines join with newlines; one leading space after
the colon is dropped. Chunks may split anywhere: inside a line, inside a UTF-8 character,
or between the CR and LF of a line ending.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

# No provider sends an event anywhere near this; a server that does is broken or hostile,
# and the decoder must not buffer it whole.
MAX_EVENT_CHARS = 1 << 20


class SSEEventTooLarge(ValueError):
    """An event (or one line of it) grew past `max_event_chars` before it ended."""


@dataclass(frozen=True, slots=True)
class SSEEvent:
    """One dispatched event. `event` is "message" when the stream named none."""

    event: str
    data: str


class SSEDecoder:
    """Feed it byte chunks as they arrive; it returns each complete event once."""

    def __init__(self, max_event_chars: int = MAX_EVENT_CHARS) -> None:
        self._max_event_chars = max_event_chars
        self._event_chars = 0  # of the event being read: its data lines so far
        self._utf8 = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._partial = ""  # text of the current, unfinished line
        self._skip_lf = False  # the last chunk ended in CR: a leading LF belongs to it
        self._at_start = True  # a UTF-8 byte order mark is dropped only at the very start
        self._event = ""
        self._data: list[str] = []

    def feed(self, chunk: bytes) -> list[SSEEvent]:
        text = self._utf8.decode(chunk)
        if not text:
            return []
        if self._at_start:
            self._at_start = False
            text = text.removeprefix("\ufeff")
        if self._skip_lf and text[0] == "\n":
            text = text[1:]
        self._skip_lf = text.endswith("\r")
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        lines = (self._partial + text).split("\n")
        self._partial = lines.pop()
        if len(self._partial) > self._max_event_chars:
            raise SSEEventTooLarge(f"an event line passed {self._max_event_chars} characters")
        events: list[SSEEvent] = []
        for line in lines:
            event = self._line(line)
            if event is not None:
                events.append(event)
        return events

    def finish(self) -> list[SSEEvent]:
        """At end of stream: dispatch complete lines that lacked the final blank line.

        A trailing partial line is a truncated write and is dropped, never guessed at.
        """
        self._utf8.decode(b"", final=True)
        self._partial = ""
        event = self._dispatch()
        return [event] if event is not None else []

    def _line(self, line: str) -> SSEEvent | None:
        if not line:
            return self._dispatch()
        if line[0] == ":":
            return None
        name, colon, value = line.partition(":")
        if colon and value[:1] == " ":
            value = value[1:]
        if name == "data":
            self._event_chars += len(value) + 1
            if self._event_chars > self._max_event_chars:
                raise SSEEventTooLarge(f"an event passed {self._max_event_chars} characters")
            self._data.append(value)
        elif name == "event":
            self._event = value
        # `id` and `retry` only matter to reconnecting browsers; unknown fields are ignored.
        return None

    def _dispatch(self) -> SSEEvent | None:
        if not self._data:
            self._event = ""
            return None
        event = SSEEvent(self._event or "message", "\n".join(self._data))
        self._event = ""
        self._data = []
        self._event_chars = 0
        return event
