"""The privacy ledger: exactly what text a live session sent to the LLM. Never audio.

A session records each request just before it is sent; in server mode the request is
first charged to the user's daily LLM allowance, and a refusal records (and sends)
nothing. Ledgers are kept by a registry: this process's memory, or, with
INTERVOO_REDIS_URL, Redis, so that any instance behind the load balancer can show
the ledger of a session another instance holds. A finished session's ledger stays
readable for FINISHED_KEEP_S (the page shows the session before until a new one
starts), then it is gone.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Protocol, cast

from intervoo.llm.messages import Message

if TYPE_CHECKING:
    from redis.asyncio import Redis

    from intervoo.security.limits import Limits, LLMSpendMeter

MAX_FINISHED_SESSIONS = 64
FINISHED_KEEP_S = 600
OPEN_KEEP_S = 12 * 3600  # a ledger whose instance was killed mid-session expires by itself
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LedgerEntry:
    question_id: str
    t: int
    endpoint: str
    model: str
    messages: tuple[Message, ...]
    # The provider's cache figures for this request (PromptUsage.to_dict), once it ends.
    cache: dict[str, Any] | None = None

    @property
    def chars(self) -> int:
        return sum(len(message["content"]) for message in self.messages)

    def to_dict(self) -> dict[str, Any]:
        out = {
            "question_id": self.question_id,
            "t": self.t,
            "endpoint": self.endpoint,
            "model": self.model,
            "chars": self.chars,
            "messages": [dict(message) for message in self.messages],
        }
        if self.cache is not None:
            out["cache"] = self.cache
        return out


def ledger_dict(session_id: str, entries: Sequence[dict[str, Any]]) -> dict[str, Any]:
    return {
        "session_id": session_id,
        "sent_to_llm": list(entries),
        "total_chars": sum(int(entry["chars"]) for entry in entries),
    }


@dataclass
class PrivacyLedger:
    session_id: str
    user_id: str | None
    entries: list[LedgerEntry] = field(default_factory=list)
    # Set by the registry: a charge that may refuse (LLMError), and where entries are kept.
    before_send: Callable[[int], Awaitable[None]] | None = None
    on_record: Callable[[LedgerEntry], None] | None = None
    on_cache: Callable[[int, LedgerEntry], None] | None = None

    async def record(
        self, question_id: str, t: int, endpoint: str, model: str, messages: Sequence[Message]
    ) -> None:
        """Record a request about to be sent; raises the charge's LLMError to refuse it."""
        # Copies: later edits to the caller's list must not rewrite history.
        copied = tuple(Message(role=m["role"], content=m["content"]) for m in messages)
        entry = LedgerEntry(question_id, t, endpoint, model, copied)
        if self.before_send is not None:
            await self.before_send(entry.chars)
        self.entries.append(entry)
        if self.on_record is not None:
            self.on_record(entry)

    def note_cache(self, question_id: str, cache: dict[str, Any]) -> None:
        """Add the provider's cache figures to the latest request of `question_id`."""
        for index in range(len(self.entries) - 1, -1, -1):
            if self.entries[index].question_id == question_id:
                self.entries[index] = replace(self.entries[index], cache=dict(cache))
                if self.on_cache is not None:
                    self.on_cache(index, self.entries[index])
                return

    def to_dict(self) -> dict[str, Any]:
        return ledger_dict(self.session_id, [entry.to_dict() for entry in self.entries])


# A ledger write: (None, entry) appends; (index, entry) rewrites that entry.
_Write = tuple[int | None, LedgerEntry]


class LedgerRegistry(Protocol):
    async def open(self, ledger: PrivacyLedger) -> None: ...

    async def close(self, session_id: str) -> None: ...

    async def get(self, session_id: str, user_id: str | None) -> dict[str, Any] | None:
        """The ledger as the API shows it, only for the user whose session it is."""


def _metered(ledger: PrivacyLedger, meter: LLMSpendMeter | None) -> None:
    if meter is None:
        return
    user_id = ledger.user_id or ""

    async def charge(chars: int) -> None:
        await meter.charge(user_id, chars)

    ledger.before_send = charge


class MemoryLedgers:
    """Ledgers by session id: live ones, plus the most recent finished ones, bounded."""

    def __init__(
        self, meter: LLMSpendMeter | None = None, keep_finished: int = MAX_FINISHED_SESSIONS
    ) -> None:
        self._meter = meter
        self._live: dict[str, PrivacyLedger] = {}
        self._finished: OrderedDict[str, PrivacyLedger] = OrderedDict()
        self._keep_finished = keep_finished

    async def open(self, ledger: PrivacyLedger) -> None:
        _metered(ledger, self._meter)
        self._live[ledger.session_id] = ledger

    async def close(self, session_id: str) -> None:
        ledger = self._live.pop(session_id, None)
        if ledger is None:
            return
        self._finished[session_id] = ledger
        while len(self._finished) > self._keep_finished:
            self._finished.popitem(last=False)

    async def get(self, session_id: str, user_id: str | None) -> dict[str, Any] | None:
        ledger = self._live.get(session_id) or self._finished.get(session_id)
        if ledger is None or ledger.user_id != user_id:
            return None
        return ledger.to_dict()


class RedisLedgers:
    """Ledgers in Redis: a list of JSON entries and the owner's id per session.

    Entries are written in order by one task per session, off the answer's path.
    """

    def __init__(self, redis: Redis, prefix: str, meter: LLMSpendMeter | None = None) -> None:
        self._redis = redis
        self._prefix = f"{prefix}:ledger"
        self._meter = meter
        self._writers: dict[str, tuple[asyncio.Queue[_Write | None], asyncio.Task[None]]] = {}

    def _keys(self, session_id: str) -> tuple[str, str]:
        return f"{self._prefix}:{session_id}:owner", f"{self._prefix}:{session_id}:entries"

    async def open(self, ledger: PrivacyLedger) -> None:
        _metered(ledger, self._meter)
        owner, _ = self._keys(ledger.session_id)
        await self._redis.set(owner, ledger.user_id or "", ex=OPEN_KEEP_S)
        queue: asyncio.Queue[_Write | None] = asyncio.Queue()
        writer = asyncio.create_task(self._write(ledger.session_id, queue), name="ledger-writer")
        self._writers[ledger.session_id] = (queue, writer)
        ledger.on_record = lambda entry: queue.put_nowait((None, entry))
        ledger.on_cache = lambda index, entry: queue.put_nowait((index, entry))

    async def _write(self, session_id: str, queue: asyncio.Queue[_Write | None]) -> None:
        from redis.exceptions import RedisError

        owner, entries = self._keys(session_id)
        while (write := await queue.get()) is not None:
            index, entry = write
            try:
                async with self._redis.pipeline(transaction=True) as pipe:
                    if index is None:
                        pipe.rpush(entries, json.dumps(entry.to_dict()))
                    else:  # the same writer pushed it, in order: its index is its place
                        pipe.lset(entries, index, json.dumps(entry.to_dict()))
                    pipe.expire(entries, OPEN_KEEP_S)
                    pipe.expire(owner, OPEN_KEEP_S)
                    await pipe.execute()
            except (OSError, RedisError) as exc:  # Redis away: the session goes on
                log.warning(
                    "ledger entry not shared session=%s: %s", session_id, type(exc).__name__
                )

    async def close(self, session_id: str) -> None:
        writer = self._writers.pop(session_id, None)
        if writer is None:
            return
        queue, task = writer
        queue.put_nowait(None)
        await task
        for key in self._keys(session_id):
            await self._redis.expire(key, FINISHED_KEEP_S)

    async def get(self, session_id: str, user_id: str | None) -> dict[str, Any] | None:
        owner_key, entries_key = self._keys(session_id)
        owner = await self._redis.get(owner_key)
        if owner is None or user_id is None or owner.decode() != user_id:
            return None
        raw_entries = await cast(Awaitable[list[bytes]], self._redis.lrange(entries_key, 0, -1))
        entries = [json.loads(raw) for raw in raw_entries]
        return ledger_dict(session_id, entries)


def ledgers_for(limits: Limits, *, metered: bool) -> LedgerRegistry:
    """Where this app keeps ledgers: with its limits (Redis or memory); `metered`: each
    request is charged to its user's LLM allowance first (server mode)."""
    meter = limits.llm_meter if metered else None
    if limits.redis is not None:
        return RedisLedgers(limits.redis, limits.prefix, meter)
    return MemoryLedgers(meter)
