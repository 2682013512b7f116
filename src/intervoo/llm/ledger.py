"""The privacy ledger: exactly what text a live session sent to the LLM, kept in memory only."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from intervoo.llm.messages import Message

MAX_FINISHED_SESSIONS = 64


@dataclass(frozen=True)
class LedgerEntry:
    question_id: str
    t: int
    endpoint: str
    model: str
    messages: tuple[Message, ...]

    @property
    def chars(self) -> int:
        return sum(len(message["content"]) for message in self.messages)

    def to_dict(self) -> dict[str, Any]:
        return {
            "question_id": self.question_id,
            "t": self.t,
            "endpoint": self.endpoint,
            "model": self.model,
            "chars": self.chars,
            "messages": [dict(message) for message in self.messages],
        }


@dataclass
class PrivacyLedger:
    session_id: str
    user_id: str | None
    entries: list[LedgerEntry] = field(default_factory=list)

    def record(
        self, question_id: str, t: int, endpoint: str, model: str, messages: Sequence[Message]
    ) -> None:
        # Copies: later edits to the caller's list must not rewrite history.
        copied = tuple(Message(role=m["role"], content=m["content"]) for m in messages)
        self.entries.append(LedgerEntry(question_id, t, endpoint, model, copied))

    def to_dict(self) -> dict[str, Any]:
        return {
            "session_id": self.session_id,
            "sent_to_llm": [entry.to_dict() for entry in self.entries],
            "total_chars": sum(entry.chars for entry in self.entries),
        }


class LedgerRegistry:
    """Ledgers by session id: live ones, plus the most recent finished ones, bounded."""

    def __init__(self, keep_finished: int = MAX_FINISHED_SESSIONS) -> None:
        self._live: dict[str, PrivacyLedger] = {}
        self._finished: OrderedDict[str, PrivacyLedger] = OrderedDict()
        self._keep_finished = keep_finished

    def open(self, ledger: PrivacyLedger) -> None:
        self._live[ledger.session_id] = ledger

    def close(self, session_id: str) -> None:
        ledger = self._live.pop(session_id, None)
        if ledger is None:
            return
        self._finished[session_id] = ledger
        while len(self._finished) > self._keep_finished:
            self._finished.popitem(last=False)

    def get(self, session_id: str, user_id: str | None) -> PrivacyLedger | None:
        """The ledger, only for the user whose session it is."""
        ledger = self._live.get(session_id) or self._finished.get(session_id)
        if ledger is None or ledger.user_id != user_id:
            return None
        return ledger
