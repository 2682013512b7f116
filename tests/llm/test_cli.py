"""`intervoo llm test` and `intervoo llm ask` against a real server on its own thread."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from intervoo.cli import app
from tests.support.llm_server import (
    ThreadedLLMServer,
    anthropic_reply,
    json_error,
    openai_events,
    openai_reply,
    stream_reply,
)

runner = CliRunner()
KEY = "sk-cli-secret-987654321"


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[ThreadedLLMServer]:
    with ThreadedLLMServer() as server:
        monkeypatch.setenv("INTERVOO_LLM_PROVIDER", "openai")
        monkeypatch.setenv("INTERVOO_LLM_BASE_URL", server.openai_base_url)
        monkeypatch.setenv("INTERVOO_LLM_MODEL", "test-model")
        monkeypatch.setenv("INTERVOO_LLM_API_KEY", KEY)
        yield server


def test_ask_streams_the_raw_reply(server: ThreadedLLMServer) -> None:
    server.enqueue(openai_reply(["Hello", ", ", "world"]))
    result = runner.invoke(app, ["llm", "ask", "Say hello"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "Hello, world\n"
    [exchange] = server.exchanges
    assert exchange.json()["messages"] == [{"role": "user", "content": "Say hello"}]


def test_ask_json_prints_one_delta_per_chunk_then_done(
    server: ThreadedLLMServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INTERVOO_LLM_PROVIDER", "anthropic")
    monkeypatch.setenv("INTERVOO_LLM_BASE_URL", server.anthropic_base_url)
    server.enqueue(anthropic_reply(["Caf", "é"], first_delay=0.05))
    result = runner.invoke(app, ["llm", "ask", "Q", "--json", "--system", "Be brief."])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines[:2] == [{"type": "delta", "text": "Caf"}, {"type": "delta", "text": "é"}]
    assert lines[2]["type"] == "done" and lines[2]["text"] == "Café"
    assert lines[2]["ttft_ms"] >= 50.0
    (system,) = server.exchanges[0].json()["system"]
    assert system["text"] == "Be brief." and system["cache_control"] == {"type": "ephemeral"}


def test_ask_error_is_one_clear_line_without_the_key(server: ThreadedLLMServer) -> None:
    server.enqueue(json_error(401, f"bad key {KEY}", kind="authentication_error"))
    result = runner.invoke(app, ["llm", "ask", "Q"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ")
    assert "INTERVOO_LLM_API_KEY" in result.stderr
    assert KEY not in result.output
    assert "Traceback" not in result.output


def test_ask_json_error_is_a_protocol_event(server: ThreadedLLMServer) -> None:
    server.enqueue(stream_reply(openai_events(["partial"])[:2], end="drop"))
    result = runner.invoke(app, ["llm", "ask", "Q", "--json"])
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines[0] == {"type": "delta", "text": "partial"}
    assert lines[-1]["type"] == "error" and lines[-1]["code"] == "llm_stream_error"


def test_ask_rejects_an_empty_prompt(server: ThreadedLLMServer) -> None:
    result = runner.invoke(app, ["llm", "ask", "  "])
    assert result.exit_code == 2
    assert "empty" in result.stderr
    assert server.exchanges == []


def test_llm_test_reports_model_ttft_and_rate(server: ThreadedLLMServer) -> None:
    server.enqueue(openai_reply(["I", " am", " ready", "."], first_delay=0.1, between=0.02))
    result = runner.invoke(app, ["llm", "test", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["model"] == "test-model" and report["provider"] == "openai"
    assert report["ttft_ms"] >= 100.0
    assert report["tokens"] == 4 and report["tokens_reported"] is True
    # 3 tokens after the first, 20 ms apart: about 50/s, never more (a busy machine: fewer).
    assert 0.0 < report["tokens_per_s"] <= 50.0


def test_llm_test_human_output(server: ThreadedLLMServer) -> None:
    server.enqueue(openai_reply(["ok"]))
    result = runner.invoke(app, ["llm", "test"])
    assert result.exit_code == 0, result.output
    assert "test-model" in result.stdout
    assert "first token" in result.stdout


def test_llm_test_without_a_provider_says_how_to_set_one() -> None:
    result = runner.invoke(app, ["llm", "test"])
    assert result.exit_code == 1
    assert "INTERVOO_LLM_PROVIDER" in result.stderr


@pytest.mark.parametrize("command", [["llm"], ["llm", "test"], ["llm", "ask"]])
def test_llm_commands_have_help(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.stdout
