"""The per-user limits kept in Redis, so every instance of a server counts against one number.

Login attempts use the `limits` library's moving window (atomic in Redis). A live
session holds a lease in a per-user sorted set, renewed while its socket is open, so
the places of an instance killed with sessions open come back within LEASE_S. The LLM
allowance is one counter per user and UTC day, checked and added in one script so two
instances cannot both spend the last characters.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
import uuid
from typing import TYPE_CHECKING

from limits import RateLimitItemPerSecond
from limits.aio.storage import RedisStorage
from limits.aio.strategies import MovingWindowRateLimiter
from redis.exceptions import RedisError

from intervoo.security.config import SecuritySettings
from intervoo.security.limits import DAY_S, Limits, budget_refused, utc_day

if TYPE_CHECKING:
    from redis.asyncio import Redis

LEASE_S = 30
RENEW_EVERY_S = LEASE_S / 3
log = logging.getLogger(__name__)

# KEYS[1] the user's leases; ARGV: lease, limit, lease seconds. Redis's clock, not ours.
_OPEN_LEASE = """
local now = tonumber(redis.call('TIME')[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[3]))
return 1
"""
# KEYS[1] the user's leases; ARGV: lease seconds, then the leases to renew.
_RENEW_LEASES = """
local expires = tonumber(redis.call('TIME')[1]) + tonumber(ARGV[1])
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], 'XX', expires, ARGV[i]) end
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[1]))
return 1
"""
# KEYS[1] the user's counter for the day; ARGV: chars, allowance, key lifetime.
_CHARGE = """
local spent = tonumber(redis.call('GET', KEYS[1]) or '0')
if spent + tonumber(ARGV[1]) > tonumber(ARGV[2]) then return -1 end
local total = redis.call('INCRBY', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[3]))
return total
"""


class RedisLiveSessionLimit:
    def __init__(self, redis: Redis, prefix: str, per_user: int) -> None:
        self.per_user = per_user
        self._redis = redis
        self._prefix = f"{prefix}:live"
        self._open_lease = redis.register_script(_OPEN_LEASE)
        self._renew = redis.register_script(_RENEW_LEASES)
        self._mine: dict[str, set[str]] = {}  # this instance's leases, by user
        self._renewer: asyncio.Task[None] | None = None

    def _key(self, user_id: str) -> str:
        return f"{self._prefix}:{user_id}"

    async def try_open(self, user_id: str) -> str | None:
        lease = uuid.uuid4().hex
        args: list[str | int] = [lease, self.per_user, LEASE_S]
        if not await self._open_lease(keys=[self._key(user_id)], args=args):
            return None
        self._mine.setdefault(user_id, set()).add(lease)
        return lease

    async def close(self, user_id: str, lease: str) -> None:
        leases = self._mine.get(user_id, set())
        leases.discard(lease)
        if not leases:
            self._mine.pop(user_id, None)
        await self._redis.zrem(self._key(user_id), lease)

    async def open_count(self, user_id: str) -> int:
        key = self._key(user_id)
        return int(await self._redis.zcount(key, f"({time.time():.0f}", "+inf"))

    async def start(self) -> None:
        self._renewer = asyncio.create_task(self._renew_forever(), name="live-lease-renewal")

    async def stop(self) -> None:
        if self._renewer is not None:
            self._renewer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._renewer

    async def _renew_forever(self) -> None:
        """The open sessions' leases outlive them by at most LEASE_S (a killed instance)."""
        while True:
            await asyncio.sleep(RENEW_EVERY_S)
            try:
                await self.renew_all()
            except (OSError, RedisError) as exc:  # Redis away: the next round tries again
                log.warning("live lease renewal failed: %s", type(exc).__name__)

    async def renew_all(self) -> None:
        """Push back the expiry of every lease this instance holds."""
        for user_id, leases in list(self._mine.items()):
            await self._renew(keys=[self._key(user_id)], args=[LEASE_S, *leases])


class RedisLLMSpendMeter:
    def __init__(self, redis: Redis, prefix: str, chars_per_day: int) -> None:
        self.chars_per_day = chars_per_day
        self._redis = redis
        self._prefix = f"{prefix}:llm"
        self._charge = redis.register_script(_CHARGE)

    def _key(self, user_id: str) -> str:
        return f"{self._prefix}:{utc_day(time.time())}:{user_id}"

    async def spent(self, user_id: str) -> int:
        return int(await self._redis.get(self._key(user_id)) or 0)

    async def charge(self, user_id: str, chars: int) -> None:
        args = [chars, self.chars_per_day, 2 * DAY_S]
        if await self._charge(keys=[self._key(user_id)], args=args) < 0:
            raise budget_refused(user_id, chars)


class RedisAttemptLimiter:
    """`limits`' moving window: refused attempts are not counted, as in memory."""

    def __init__(self, storage: RedisStorage, name: str, limit: int, window_s: float) -> None:
        self._strategy = MovingWindowRateLimiter(storage)
        self._item = RateLimitItemPerSecond(limit, max(1, math.ceil(window_s)), namespace=name)

    async def retry_after(self, key: str) -> float:
        if await self._strategy.test(self._item, key):
            return 0.0
        stats = await self._strategy.get_window_stats(self._item, key)
        return max(0.0, stats.reset_time - time.time())

    async def hit(self, key: str) -> None:
        await self._strategy.hit(self._item, key)

    async def take(self, key: str) -> float:
        if await self._strategy.hit(self._item, key):
            return 0.0
        return max(1.0, await self.retry_after(key))

    async def reset(self, key: str) -> None:
        await self._strategy.clear(self._item, key)


def redis_client(url: str) -> Redis:
    from redis.asyncio import Redis

    # Short timeouts: a limit check sits in front of sign-ins and live sessions.
    return Redis.from_url(url, socket_timeout=2.0, socket_connect_timeout=2.0)


def redis_limits(url: str, prefix: str, security: SecuritySettings) -> Limits:
    redis = redis_client(url)
    storage = RedisStorage(
        "async+" + url, implementation="redispy", key_prefix=f"{prefix}:login", wrap_exceptions=True
    )
    window = security.login_window_s
    return Limits(
        live_sessions=RedisLiveSessionLimit(redis, prefix, security.live_sessions_per_user),
        llm_meter=RedisLLMSpendMeter(redis, prefix, security.llm_chars_per_user_per_day),
        login_by_ip=RedisAttemptLimiter(storage, "ip", security.login_attempts_per_ip, window),
        login_failures=RedisAttemptLimiter(
            storage, "fail", security.login_failures_per_account, window
        ),
        home="redis",
        redis=redis,
        prefix=prefix,
    )
