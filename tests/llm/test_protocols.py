"""The two wire protocols, pure: request shapes, recorded streams, error events."""

from __future__ import annotations

from pathlib import Path

import pytest

from intervoo.llm.errors import (
    LLMAuthError,
    LLMError,
    LLMModelNotFound,
    LLMRateLimited,
    LLMServerError,
    LLMStreamError,
    LLMTimeout,
    error_detail,
    error_for_status,
    parse_retry_after,
)
from intervoo.llm.messages import Message, RequestOptions, validate_messages, validate_options
from intervoo.llm.protocols import (
    AnthropicProtocol,
    OpenAIProtocol,
    StreamUpdate,
    WireProtocol,
    safe_endpoint,
)
from intervoo.llm.sse import SSEDecoder, SSEEvent

DATA = Path(__file__).parent / "data"
# The text the recorded streams carry, delta by delta (the empty delta is skipped).
RECORDED_DELTAS = [
    "I led",
    " the café",
    " migration",
    " — cut p95",
    " latency 40%",
    " in 6 weeks",
    " (日本 team).",
]
OPTIONS = RequestOptions(max_tokens=50, temperature=0.2, stop=("\n\n",))
CONVERSATION: list[Message] = [
    {"role": "system", "content": "Be brief."},
    {"role": "system", "content": "Use the resume."},
    {"role": "user", "content": "Question one"},
    {"role": "user", "content": "and its second part"},
    {"role": "assistant", "content": "Answer"},
]


def replay(protocol: WireProtocol, raw: bytes) -> list[StreamUpdate]:
    decoder = SSEDecoder()
    events = decoder.feed(raw) + decoder.finish()
    return [protocol.parse(event) for event in events]


@pytest.mark.parametrize(
    ("protocol", "recording"),
    [
        (OpenAIProtocol("https://api.openai.com/v1", "gpt-4o-mini"), "openai_stream.txt"),
        (AnthropicProtocol("https://api.anthropic.com", "claude"), "anthropic_stream.txt"),
    ],
)
def test_recorded_stream_gives_text_in_order_then_stop_usage_and_end(
    protocol: WireProtocol, recording: str
) -> None:
    updates = replay(protocol, (DATA / recording).read_bytes())
    assert [u.text for u in updates if u.text] == RECORDED_DELTAS
    assert updates[-1].done
    assert [u.stop_reason for u in updates if u.stop_reason] in (["stop"], ["end_turn"])
    assert [u.output_tokens for u in updates if u.output_tokens is not None] == [19]


def test_openai_request_shape() -> None:
    spec = OpenAIProtocol("http://localhost:11434/v1/", "llama3").build(
        validate_messages(CONVERSATION), OPTIONS, "sk-test"
    )
    assert spec.url == "http://localhost:11434/v1/chat/completions"
    assert spec.headers["authorization"] == "Bearer sk-test"
    assert spec.body == {
        "model": "llama3",
        "messages": CONVERSATION,
        "stream": True,
        "stream_options": {"include_usage": True},
        "max_tokens": 50,
        "temperature": 0.2,
        "stop": ["\n\n"],
    }


EPHEMERAL = {"type": "ephemeral"}


def test_no_key_means_no_auth_header_for_local_servers() -> None:
    spec = OpenAIProtocol("http://127.0.0.1:8080/v1", "m").build(
        validate_messages(CONVERSATION), RequestOptions(10, 0.0, ()), None
    )
    assert "authorization" not in spec.headers
    assert "stop" not in spec.body


def test_anthropic_request_hoists_system_and_merges_same_role_turns() -> None:
    spec = AnthropicProtocol("https://api.anthropic.com/v1", "claude").build(
        validate_messages(CONVERSATION), OPTIONS, "sk-ant"
    )
    assert spec.url == "https://api.anthropic.com/v1/messages"
    assert spec.headers["x-api-key"] == "sk-ant"
    assert spec.headers["anthropic-version"] == "2023-06-01"
    assert spec.body["system"] == [
        {"type": "text", "text": "Be brief.\n\nUse the resume.", "cache_control": EPHEMERAL}
    ]
    assert spec.body["messages"] == [
        {"role": "user", "content": "Question one\n\nand its second part"},
        {"role": "assistant", "content": "Answer"},
    ]
    assert spec.body["stop_sequences"] == ["\n\n"]
    assert spec.body["stream"] is True


def test_openai_skips_role_only_empty_and_usage_free_chunks() -> None:
    protocol = OpenAIProtocol("http://x/v1", "m")
    chunks = [
        '{"choices":[{"index":0,"delta":{"role":"assistant"},"finish_reason":null}]}',
        '{"choices":[{"index":0,"delta":{"content":""},"finish_reason":null}]}',
        '{"choices":[{"index":0,"delta":{"content":null},"finish_reason":null}]}',
        '{"choices":[]}',
    ]
    assert [protocol.parse(SSEEvent("message", c)) for c in chunks] == [StreamUpdate()] * 4


def test_anthropic_ignores_thinking_and_unknown_events() -> None:
    protocol = AnthropicProtocol("http://x", "m")
    thinking = (
        '{"type":"content_block_delta","index":0,'
        '"delta":{"type":"thinking_delta","thinking":"hmm"}}'
    )
    assert protocol.parse(SSEEvent("content_block_delta", thinking)) == StreamUpdate()
    assert protocol.parse(SSEEvent("future", '{"type":"future_event"}')) == StreamUpdate()


@pytest.mark.parametrize(
    ("payload", "expected", "retryable"),
    [
        ('{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
         LLMServerError, True),
        ('{"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}',
         LLMRateLimited, True),
        ('{"type":"error","error":{"type":"mystery","message":"odd"}}', LLMStreamError, False),
    ],
)  # fmt: skip
def test_anthropic_error_events_are_typed(
    payload: str, expected: type[LLMError], retryable: bool
) -> None:
    with pytest.raises(expected) as caught:
        AnthropicProtocol("http://x", "m").parse(SSEEvent("error", payload))
    assert caught.value.retryable is retryable


def test_openai_mid_stream_error_object_is_typed() -> None:
    payload = '{"error":{"message":"The server had an error","type":"server_error"}}'
    with pytest.raises(LLMServerError, match="The server had an error"):
        OpenAIProtocol("http://x/v1", "m").parse(SSEEvent("message", payload))


@pytest.mark.parametrize("data", ["{not json", "[1, 2]", '"text"'])
def test_malformed_event_is_a_stream_error_that_is_not_retried(data: str) -> None:
    with pytest.raises(LLMStreamError, match="malformed") as caught:
        OpenAIProtocol("http://x/v1", "m").parse(SSEEvent("message", data))
    assert caught.value.retryable is False


@pytest.mark.parametrize(
    ("status", "expected", "retryable"),
    [
        (401, LLMAuthError, False),
        (403, LLMAuthError, False),
        (404, LLMModelNotFound, False),
        (408, LLMTimeout, True),
        (429, LLMRateLimited, True),
        (500, LLMServerError, True),
        (529, LLMServerError, True),
        (400, LLMError, False),
    ],
)
def test_status_codes_map_to_typed_errors(
    status: int, expected: type[LLMError], retryable: bool
) -> None:
    error = error_for_status(status, "detail", model="m", endpoint="http://x")
    assert type(error) is expected
    assert error.retryable is retryable
    assert f"HTTP {status}" in str(error)


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (b'{"error":{"message":"Incorrect API key","type":"invalid_request_error"}}',
         "Incorrect API key"),
        (b'{"error":"model \'x\' not found"}', "model 'x' not found"),
        (b'{"detail":"Not Found"}', "Not Found"),
        (b"<html>Bad gateway</html>", "<html>Bad gateway</html>"),
    ],
)  # fmt: skip
def test_error_detail_reads_every_providers_shape(body: bytes, detail: str) -> None:
    assert error_detail(body) == detail


def test_error_detail_is_bounded() -> None:
    assert len(error_detail(b"x" * 10_000)) == 300


@pytest.mark.parametrize(("header", "seconds"), [("2", 2.0), ("0.5", 0.5), ("soon", None)])
def test_retry_after(header: str, seconds: float | None) -> None:
    assert parse_retry_after(header) == seconds


def test_safe_endpoint_hides_credentials_and_query() -> None:
    assert safe_endpoint("https://user:pw@host:8443/v1/?key=abc") == "https://host:8443/v1"


@pytest.mark.parametrize(
    ("messages", "message"),
    [
        ([], "non-empty"),
        ("hello", "non-empty"),
        ([{"role": "robot", "content": "x"}], "role 'robot'"),
        ([{"role": "user", "content": 3}], "content must be a str"),
        ([{"role": "system", "content": "x"}], "at least one user"),
    ],
)
def test_bad_messages_are_named(messages: list[Message], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        validate_messages(messages)


@pytest.mark.parametrize(
    ("max_tokens", "temperature", "stop", "message"),
    [
        (0, 0.3, None, "max_tokens"),
        (10, 2.5, None, "temperature"),
        (10, 0.3, "\n", "list of strings"),
        (10, 0.3, [""], "non-empty"),
    ],
)
def test_bad_options_are_named(
    max_tokens: int, temperature: float, stop: list[str] | None, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        validate_options(max_tokens, temperature, stop)
