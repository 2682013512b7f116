"""Issue 31: the privacy ledger shows each request's cache figures, in memory and in Redis
(where another instance reads the ledger of a session this one holds)."""

from __future__ import annotations

import redis.asyncio as aioredis

from intervoo.llm.ledger import MemoryLedgers, PrivacyLedger, RedisLedgers
from intervoo.llm.messages import Message
from tests.support.redis import RedisForTest, test_redis  # noqa: F401

SENT: list[Message] = [
    {"role": "system", "content": "prefix"},
    {"role": "user", "content": "QUESTION: Why us?"},
]


async def _record_three(ledger: PrivacyLedger) -> None:
    await ledger.record("prefix", 0, "http://127.0.0.1:8080/v1", "m", SENT)
    await ledger.record("q1", 10, "http://127.0.0.1:8080/v1", "m", SENT)
    ledger.note_cache("prefix", {"prompt_tokens": 900, "cached_tokens": 0})
    await ledger.record("q2", 20, "http://127.0.0.1:8080/v1", "m", SENT)
    ledger.note_cache("q2", {"prompt_tokens": 914, "cached_tokens": 900})
    ledger.note_cache("unknown", {"prompt_tokens": 1})  # nothing to add it to: ignored


def _caches(ledger: dict[str, object]) -> list[object]:
    return [entry.get("cache") for entry in ledger["sent_to_llm"]]  # type: ignore[attr-defined]


async def test_memory_ledgers_show_the_cache_figures() -> None:
    registry = MemoryLedgers()
    ledger = PrivacyLedger("s1", "u1")
    await registry.open(ledger)
    await _record_three(ledger)
    shown = await registry.get("s1", "u1")
    assert shown is not None
    assert _caches(shown) == [
        {"prompt_tokens": 900, "cached_tokens": 0},
        None,
        {"prompt_tokens": 914, "cached_tokens": 900},
    ]


async def test_redis_ledgers_rewrite_an_entry_with_its_cache_figures(
    test_redis: RedisForTest,  # noqa: F811
) -> None:
    client = aioredis.Redis.from_url(test_redis.url)
    try:
        registry = RedisLedgers(client, test_redis.prefix)
        ledger = PrivacyLedger("s1", "u1")
        await registry.open(ledger)
        await _record_three(ledger)
        await registry.close("s1")  # the writer has written everything by then
        other = RedisLedgers(client, test_redis.prefix)  # another instance reads it
        shown = await other.get("s1", "u1")
    finally:
        await client.aclose()
    assert shown is not None
    assert [e["question_id"] for e in shown["sent_to_llm"]] == ["prefix", "q1", "q2"]
    assert _caches(shown) == [
        {"prompt_tokens": 900, "cached_tokens": 0},
        None,
        {"prompt_tokens": 914, "cached_tokens": 900},
    ]
