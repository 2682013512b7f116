"""Per-user limits of a server: open live sessions, LLM spend per day, login attempts.

Each limit is a small async interface with two homes: this process's memory (here:
one instance, or a local install) and Redis (`intervoo.security.redis_limits`, chosen
by INTERVOO_REDIS_URL), where every instance counts against the same numbers and a
restart clears nothing. `open_limits(settings, security)` picks the home.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from intervoo.llm.errors import LLMError
from intervoo.security.config import SecurityConfigError, SecuritySettings
from intervoo.security.ratelimit import SlidingWindowLimiter

DAY_S = 86_400
log = logging.getLogger(__name__)


class LLMBudgetExceeded(LLMError):
    """The user's LLM allowance for today is spent; the live session answers offline."""

    code = "llm_budget"


def budget_refused(user_id: str, chars: int) -> LLMBudgetExceeded:
    log.info("llm budget refused user=%s chars=%d", user_id, chars)
    return LLMBudgetExceeded("your LLM allowance for today is used up", retryable=False)


def utc_day(now: float) -> int:
    return int(now // DAY_S)


class LiveSessionLimit(Protocol):
    """At most `per_user` open live sessions for each user."""

    per_user: int

    async def try_open(self, user_id: str) -> str | None:
        """A lease on one of the user's places, or None when all are taken."""

    async def close(self, user_id: str, lease: str) -> None: ...

    async def open_count(self, user_id: str) -> int: ...


class LLMSpendMeter(Protocol):
    """Characters each user sent to the LLM today (UTC day), against a daily allowance."""

    chars_per_day: int

    async def spent(self, user_id: str) -> int: ...

    async def charge(self, user_id: str, chars: int) -> None:
        """Count `chars` against the allowance, or raise LLMBudgetExceeded (nothing counted)."""


class AttemptLimiter(Protocol):
    """At most `limit` attempts per window for each key (a client address, an email)."""

    async def retry_after(self, key: str) -> float:
        """Seconds until `key` may act again; 0 when it may act now."""

    async def hit(self, key: str) -> None: ...

    async def take(self, key: str) -> float:
        """Count an attempt if allowed: 0 when counted, else the seconds to wait."""

    async def reset(self, key: str) -> None: ...


class MemoryLiveSessionLimit:
    def __init__(self, per_user: int) -> None:
        self.per_user = per_user
        self._open: defaultdict[str, set[str]] = defaultdict(set)

    async def try_open(self, user_id: str) -> str | None:
        if len(self._open[user_id]) >= self.per_user:
            return None
        lease = uuid.uuid4().hex
        self._open[user_id].add(lease)
        return lease

    async def close(self, user_id: str, lease: str) -> None:
        self._open[user_id].discard(lease)
        if not self._open[user_id]:
            del self._open[user_id]

    async def open_count(self, user_id: str) -> int:
        return len(self._open.get(user_id, ()))


class MemoryLLMSpendMeter:
    def __init__(self, chars_per_day: int, clock: Callable[[], float] = time.time) -> None:
        self.chars_per_day = chars_per_day
        self._clock = clock
        self._day = -1
        self._spent: defaultdict[str, int] = defaultdict(int)

    async def spent(self, user_id: str) -> int:
        self._roll_day()
        return self._spent.get(user_id, 0)

    async def charge(self, user_id: str, chars: int) -> None:
        self._roll_day()
        if self._spent[user_id] + chars > self.chars_per_day:
            raise budget_refused(user_id, chars)
        self._spent[user_id] += chars

    def _roll_day(self) -> None:
        day = utc_day(self._clock())
        if day != self._day:
            self._day = day
            self._spent.clear()


class MemoryAttemptLimiter:
    """The bounded in-memory sliding window, behind the async interface Redis needs."""

    def __init__(self, limiter: SlidingWindowLimiter) -> None:
        self._limiter = limiter

    async def retry_after(self, key: str) -> float:
        return self._limiter.retry_after(key)

    async def hit(self, key: str) -> None:
        self._limiter.hit(key)

    async def take(self, key: str) -> float:
        return self._limiter.take(key)

    async def reset(self, key: str) -> None:
        self._limiter.reset(key)


@dataclass
class Limits:
    """Every per-user limit of one app, where they are kept ("memory" or "redis"), and the
    Redis client (None in memory) that the live ledgers share."""

    live_sessions: LiveSessionLimit
    llm_meter: LLMSpendMeter
    login_by_ip: AttemptLimiter
    login_failures: AttemptLimiter
    home: str
    redis: Any = None
    prefix: str = "intervoo"

    async def start(self) -> None:
        """Check the shared store answers: a server must not start with limits it cannot keep."""
        if self.redis is None:
            return
        from redis.exceptions import RedisError

        try:
            await self.redis.ping()
        except (OSError, RedisError) as exc:
            raise SecurityConfigError(
                f"INTERVOO_REDIS_URL does not answer ({type(exc).__name__}): start Redis or "
                "fix the URL; the limits of a multi-instance server are kept there"
            ) from None
        await _call(self.live_sessions, "start")

    async def stop(self) -> None:
        await _call(self.live_sessions, "stop")
        if self.redis is not None:
            await self.redis.aclose()


async def _call(target: object, name: str) -> None:
    method = getattr(target, name, None)
    if method is not None:
        await method()


def memory_limits(security: SecuritySettings) -> Limits:
    window = security.login_window_s
    return Limits(
        live_sessions=MemoryLiveSessionLimit(security.live_sessions_per_user),
        llm_meter=MemoryLLMSpendMeter(security.llm_chars_per_user_per_day),
        login_by_ip=MemoryAttemptLimiter(
            SlidingWindowLimiter(security.login_attempts_per_ip, window)
        ),
        login_failures=MemoryAttemptLimiter(
            SlidingWindowLimiter(security.login_failures_per_account, window)
        ),
        home="memory",
    )
