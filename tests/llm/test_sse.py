"""The pure event-stream decoder: line endings, comments, fields, and chunks split anywhere."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from intervoo.llm.sse import SSEDecoder, SSEEvent

DATA = Path(__file__).parent / "data"


def decode_all(*chunks: bytes) -> list[SSEEvent]:
    decoder = SSEDecoder()
    events = [event for chunk in chunks for event in decoder.feed(chunk)]
    return events + decoder.finish()


def test_event_name_and_data_lines() -> None:
    stream = b"event: ping\ndata: {}\n\ndata: hello\n\n"
    assert decode_all(stream) == [SSEEvent("ping", "{}"), SSEEvent("message", "hello")]


def test_crlf_lf_and_cr_line_endings_decode_alike() -> None:
    lf = b"event: a\ndata: one\ndata: two\n\n: note\ndata: three\n\n"
    expected = [SSEEvent("a", "one\ntwo"), SSEEvent("message", "three")]
    assert decode_all(lf) == expected
    assert decode_all(lf.replace(b"\n", b"\r\n")) == expected
    assert decode_all(lf.replace(b"\n", b"\r")) == expected


def test_comments_and_keep_alives_make_no_events() -> None:
    assert decode_all(b": keep-alive\n\n:\n\n: OPENROUTER PROCESSING\n\n") == []


def test_one_leading_space_is_dropped_and_no_more() -> None:
    assert decode_all(b"data:x\n\ndata:  two spaces\n\n") == [
        SSEEvent("message", "x"),
        SSEEvent("message", " two spaces"),
    ]


def test_empty_data_field_still_dispatches_an_empty_event() -> None:
    assert decode_all(b"data:\n\n") == [SSEEvent("message", "")]


def test_blank_line_without_data_resets_the_event_name() -> None:
    assert decode_all(b"event: stale\n\ndata: x\n\n") == [SSEEvent("message", "x")]


def test_unknown_fields_id_and_retry_are_ignored() -> None:
    assert decode_all(b"id: 7\nretry: 100\nfoo: bar\ndata: x\n\n") == [SSEEvent("message", "x")]


def test_byte_order_mark_is_dropped_only_at_the_start() -> None:
    bom = "\ufeff".encode()
    assert decode_all(bom + b"data: x\n\n") == [SSEEvent("message", "x")]
    assert decode_all(b"data: x\n\ndata: " + bom + b"y\n\n")[1].data == "\ufeffy"


def test_split_between_cr_and_lf_is_one_line_ending() -> None:
    # If the LF after a chunk-final CR counted as a second line ending, the blank line
    # would dispatch "x" on its own and "y" as a separate event.
    assert decode_all(b"data: x\r", b"\ndata: y\r\n\r\n") == [SSEEvent("message", "x\ny")]


def test_utf8_character_split_across_chunks() -> None:
    raw = "data: café 日本\n\n".encode()
    cut = raw.index("é".encode()) + 1  # inside the two bytes of é
    assert decode_all(raw[:cut], raw[cut:]) == [SSEEvent("message", "café 日本")]


def test_finish_dispatches_complete_lines_but_drops_a_truncated_one() -> None:
    assert decode_all(b"data: [DONE]\n") == [SSEEvent("message", "[DONE]")]
    assert decode_all(b'data: {"choices":[{"delta":{"content":"Hel') == []


def test_events_come_out_as_soon_as_their_blank_line_arrives() -> None:
    decoder = SSEDecoder()
    assert decoder.feed(b"data: a\n") == []
    assert decoder.feed(b"\n") == [SSEEvent("message", "a")]


def _recorded() -> bytes:
    return (DATA / "openai_stream.txt").read_bytes() + (DATA / "anthropic_stream.txt").read_bytes()


@settings(max_examples=150, deadline=None)
@given(
    cuts=st.lists(st.integers(min_value=0, max_value=10_000), max_size=40),
    ending=st.sampled_from([b"\n", b"\r\n", b"\r"]),
)
def test_any_split_of_a_recorded_stream_gives_the_same_events(
    cuts: list[int], ending: bytes
) -> None:
    raw = _recorded().replace(b"\n", ending)
    points = sorted({cut % (len(raw) + 1) for cut in cuts})
    chunks = [raw[a:b] for a, b in zip([0, *points], [*points, len(raw)], strict=True)]
    whole = decode_all(raw)
    assert len(whole) == raw.count(b"data: ")  # every event in these files is one data line
    assert decode_all(*chunks) == whole


def test_byte_at_a_time_decoding_matches_whole() -> None:
    raw = _recorded().replace(b"\n", b"\r\n")
    assert decode_all(*(raw[i : i + 1] for i in range(len(raw)))) == decode_all(raw)
