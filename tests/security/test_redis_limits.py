"""The Redis homes of the limits, against a real Redis: a live-session lease is renewed while
its socket is open, and an instance killed with sessions open gives their places back."""

from __future__ import annotations

import time

import redis

from intervoo.security.config import SecuritySettings
from intervoo.security.redis_limits import LEASE_S, redis_limits
from tests.support.redis import RedisForTest, test_redis  # noqa: F401


async def test_leases_are_renewed_and_a_dead_instances_expire(
    test_redis: RedisForTest,  # noqa: F811
) -> None:
    settings = SecuritySettings(live_sessions_per_user=1)
    alive = redis_limits(test_redis.url, test_redis.prefix, settings)
    try:
        lease = await alive.live_sessions.try_open("u1")
        assert lease is not None and await alive.live_sessions.try_open("u1") is None
        key = f"{test_redis.prefix}:live:u1"
        plain = redis.Redis.from_url(test_redis.url)
        plain.zadd(key, {lease: time.time() + 1}, xx=True)  # as if about to expire
        await alive.live_sessions.renew_all()  # type: ignore[attr-defined]
        renewed = plain.zscore(key, lease)
        assert renewed is not None and renewed > time.time() + LEASE_S - 5
        plain.zadd(key, {lease: time.time() - 1}, xx=True)  # its instance died: not renewed
        assert await alive.live_sessions.try_open("u1") is not None  # the place came back
        plain.close()
    finally:
        await alive.stop()
