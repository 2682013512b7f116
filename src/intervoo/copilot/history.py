"""The last few exchanges of the live conversation, kept in memory for follow-ups."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field

from intervoo.events import QuestionKind

MAX_EXCHANGES = 6
MAX_CANDIDATE_CHARS = 600


@dataclass
class Exchange:
    """One question, what the copilot suggested, and what the candidate actually said."""

    question_id: str
    question: str
    kind: QuestionKind
    suggestion: str = ""
    story_ids: tuple[str, ...] = ()
    candidate_said: str = ""

    def add_candidate_speech(self, text: str) -> None:
        joined = f"{self.candidate_said} {text}".strip()
        # Keep the latest words: they are the ones a follow-up reacts to.
        self.candidate_said = joined[-MAX_CANDIDATE_CHARS:]


@dataclass
class ConversationHistory:
    """Bounded, newest last. Replacing an exchange with the same id merges a confirmed question."""

    exchanges: deque[Exchange] = field(default_factory=lambda: deque(maxlen=MAX_EXCHANGES))

    def __iter__(self) -> Iterator[Exchange]:
        return iter(self.exchanges)

    def __len__(self) -> int:
        return len(self.exchanges)

    def get(self, question_id: str | None) -> Exchange | None:
        if question_id is None:
            return None
        for exchange in self.exchanges:
            if exchange.question_id == question_id:
                return exchange
        return None

    def record(self, exchange: Exchange) -> None:
        existing = self.get(exchange.question_id)
        if existing is not None:
            self.exchanges.remove(existing)
        self.exchanges.append(exchange)

    @property
    def latest(self) -> Exchange | None:
        return self.exchanges[-1] if self.exchanges else None

    def used_story_ids(self) -> set[str]:
        return {story_id for exchange in self.exchanges for story_id in exchange.story_ids}

    def add_candidate_speech(self, text: str) -> None:
        """Candidate words belong to the question they answer: the latest one."""
        if self.exchanges:
            self.exchanges[-1].add_candidate_speech(text)
