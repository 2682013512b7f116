"""Redis for tests: a key prefix of its own per test, its keys deleted after.

The server is INTERVOO_TEST_REDIS_URL or redis://127.0.0.1:6379/0. Outside CI, with
none reachable, these tests skip and say how to run them; with CI=true they fail.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from uuid import uuid4

import pytest
import redis

from tests.support.pg import require_service

# Read at import: the autouse fixture in tests/conftest.py clears INTERVOO_* per test.
REDIS_URL = os.environ.get("INTERVOO_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
HOW_TO_RUN = "start Redis (`redis-server`, or `docker run --rm -p 6379:6379 redis:7`)"


@dataclass(frozen=True)
class RedisForTest:
    url: str
    prefix: str

    def env(self) -> dict[str, str]:
        return {"INTERVOO_REDIS_URL": self.url, "INTERVOO_REDIS_PREFIX": self.prefix}


@cache
def unreachable_reason() -> str | None:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        return f"Redis at {REDIS_URL} unreachable: {exc}"
    return None


def require_redis() -> None:
    require_service(unreachable_reason(), "Redis", HOW_TO_RUN)


@pytest.fixture
def test_redis() -> Iterator[RedisForTest]:
    require_redis()
    shared = RedisForTest(REDIS_URL, f"intervoo-test-{uuid4().hex[:12]}")
    try:
        yield shared
    finally:
        client = redis.Redis.from_url(REDIS_URL)
        keys = list(client.scan_iter(f"{shared.prefix}:*"))
        if keys:
            client.delete(*keys)
        client.close()
