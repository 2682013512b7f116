"""The doctor's LLM check sends a real tiny request and says what failed."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from intervoo.config import LLMProvider, Settings
from intervoo.doctor import check_llm
from tests.support.llm_server import ThreadedLLMServer, json_error, openai_reply


def settings_for(server: ThreadedLLMServer) -> Settings:
    return Settings(
        llm_provider=LLMProvider.OPENAI,
        llm_base_url=server.openai_base_url,
        llm_model="test-model",
        llm_api_key=SecretStr("sk-doctor-0000000000"),
    )


def test_passes_when_the_model_answers() -> None:
    with ThreadedLLMServer(openai_reply(["Ready."], first_delay=0.02)) as server:
        result = check_llm(settings_for(server))
        assert server.exchanges[0].json()["max_tokens"] == 8
    assert result.ok
    assert "test-model" in result.detail and "first token in" in result.detail


@pytest.mark.parametrize(
    ("status", "kind", "hint"),
    [(401, "authentication_error", "API_KEY"), (404, "not_found_error", "LLM_MODEL")],
)
def test_fails_with_the_reason_a_reachability_check_would_miss(
    status: int, kind: str, hint: str
) -> None:
    with ThreadedLLMServer(json_error(status, "nope", kind=kind)) as server:
        result = check_llm(settings_for(server))
    assert not result.ok
    assert hint in result.detail
    assert "sk-doctor" not in result.detail


def test_passes_without_a_provider(settings: Settings) -> None:
    assert check_llm(settings).ok
