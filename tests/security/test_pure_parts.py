"""The pure parts: Host/Origin rules, rate limits, session tokens, LLM budget, secret masking."""

from __future__ import annotations

import logging

import pytest
from pydantic import SecretStr

from intervoo.llm.errors import LLMError
from intervoo.llm.ledger import MemoryLedgers, PrivacyLedger
from intervoo.security.headers import client_address
from intervoo.security.limits import MemoryLLMSpendMeter
from intervoo.security.origin import OriginPolicy, split_host
from intervoo.security.ratelimit import SlidingWindowLimiter
from intervoo.security.secrets import SecretMaskingFilter
from intervoo.security.sessions import SessionSigner

POLICY = OriginPolicy.build("0.0.0.0", ["intervoo.example.com"], ["https://app.example.org"])


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        ("127.0.0.1:8765", ("127.0.0.1", 8765)),
        ("LocalHost", ("localhost", None)),
        ("[::1]:80", ("::1", 80)),
        ("a:b", None),
        ("[::1", None),
        ("x:0", None),
        ("x/y", None),
        ("user@host", None),
        ("", None),
    ],
)
def test_split_host(value: str, parsed: tuple[str, int | None] | None) -> None:
    assert split_host(value) == parsed


def test_origins_must_match_the_allowed_host_they_came_to() -> None:
    assert POLICY.host_allowed("intervoo.example.com") and not POLICY.host_allowed("0.0.0.0")
    assert POLICY.origin_allowed("https://intervoo.example.com", "intervoo.example.com")
    assert POLICY.origin_allowed("http://127.0.0.1:8765", "127.0.0.1:8765")
    assert POLICY.origin_allowed("https://app.example.org", "127.0.0.1:8765")  # configured
    assert not POLICY.origin_allowed("http://127.0.0.1:9999", "127.0.0.1:8765")
    assert not POLICY.origin_allowed("http://evil.example", "evil.example")  # host not allowed
    assert not POLICY.origin_allowed("null", "127.0.0.1")
    assert not POLICY.origin_allowed("http://127.0.0.1:8765/path", "127.0.0.1:8765")


def test_sliding_window_limits_each_key_and_forgets_old_events() -> None:
    now = [0.0]
    limiter = SlidingWindowLimiter(3, 10.0, clock=lambda: now[0], max_keys=2)
    assert [limiter.take("ip") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limiter.take("ip") == pytest.approx(10.0)
    assert limiter.take("other") == 0.0  # another key is not slowed
    now[0] = 10.5
    assert limiter.take("ip") == 0.0


def test_sliding_window_forgets_the_least_recently_active_key_past_max_keys() -> None:
    limiter = SlidingWindowLimiter(1, 10.0, clock=lambda: 0.0, max_keys=2)
    limiter.take("a")
    limiter.take("b")
    assert limiter.retry_after("a") > 0 and limiter.retry_after("b") > 0
    limiter.take("c")  # over max_keys: "a", the least recently active, is dropped
    assert limiter.retry_after("a") == 0.0
    assert limiter.retry_after("b") > 0 and limiter.retry_after("c") > 0


def test_session_tokens_expire_and_cannot_be_forged() -> None:
    signer = SessionSigner(SecretStr("k" * 40), ttl_s=60)
    token, claims = signer.issue("u1", now=1000.0)
    assert signer.verify(token, now=1059.0) == claims
    assert signer.verify(token, now=1061.0) is None
    other = SessionSigner(SecretStr("j" * 40), ttl_s=60)
    assert other.verify(token, now=1000.0) is None
    payload, signature = token.split(".")
    assert signer.verify(payload[:-1] + "x." + signature, now=1000.0) is None


async def test_llm_spend_is_refused_past_the_daily_allowance_and_nothing_is_recorded() -> None:
    day = [0.0]
    registry = MemoryLedgers(MemoryLLMSpendMeter(100, clock=lambda: day[0]))
    ledger = PrivacyLedger("s1", "u1")
    await registry.open(ledger)
    await ledger.record("q1", 0, "http://llm", "m", [{"role": "user", "content": "x" * 80}])
    with pytest.raises(LLMError) as refused:
        await ledger.record("q2", 1, "http://llm", "m", [{"role": "user", "content": "y" * 30}])
    assert refused.value.code == "llm_budget" and not refused.value.retryable
    assert [entry.question_id for entry in ledger.entries] == ["q1"]
    day[0] = 86_400.0  # a new day
    await ledger.record("q3", 2, "http://llm", "m", [{"role": "user", "content": "y" * 30}])
    assert len(ledger.entries) == 2


def test_secrets_never_reach_a_log_line(caplog: pytest.LogCaptureFixture) -> None:
    mask = SecretMaskingFilter(["sk-live-1234567890abcdef"])
    logger = logging.getLogger("intervoo.test.secrets")
    logger.addFilter(mask)
    try:
        with caplog.at_level(logging.INFO, logger="intervoo.test.secrets"):
            logger.info("key %s", "sk-live-1234567890abcdef")
            logger.info("header Authorization: Bearer abcdefghijklmnop")
            logger.info("url ?api_key=zzzzzzzzzzzz&x=1")
    finally:
        logger.removeFilter(mask)
    text = caplog.text
    assert "1234567890abcdef" not in text and "abcdefghijklmnop" not in text
    assert "zzzzzzzzzzzz" not in text and text.count("****") == 3


def test_the_client_address_is_the_peer_unless_a_trusted_proxy_forwards() -> None:
    assert client_address("10.0.0.9", "1.2.3.4", []) == "10.0.0.9"
    assert client_address("10.0.0.1", "1.2.3.4, 10.0.0.2", ["10.0.0.1", "10.0.0.2"]) == "1.2.3.4"
    assert client_address(None, None, []) == "unknown"
