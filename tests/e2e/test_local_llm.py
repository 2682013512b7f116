"""Issue 27: the Settings screen finds a local OpenAI-compatible server, tests a model and
uses it; the next typed question streams through that server, with no restart."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.app_server import AppServer, serve
from tests.e2e.candidate import MISTAKE_STORY, set_up_candidate
from tests.e2e.pages import NARROW, open_page
from tests.support.llm_server import (
    Exchange,
    Reply,
    ThreadedLLMServer,
    models_reply,
    openai_reply,
)

pytestmark = [pytest.mark.browser]
MODEL = "llama-3.2-1b-instruct"
REPLY = ["Happy to — ", "my strength is owning ", "mistakes end to end."]


def llama_cpp(exchange: Exchange) -> Reply:
    if exchange.method == "GET" and exchange.path == "/v1/models":
        return models_reply(MODEL)
    return openai_reply(REPLY)


@pytest.fixture
def local_llm() -> Iterator[ThreadedLLMServer]:
    with ThreadedLLMServer(llama_cpp) as server:
        yield server


@pytest.fixture
def app_with_llm_port(tmp_path: Path, local_llm: ThreadedLLMServer) -> Iterator[AppServer]:
    ports = json.dumps([local_llm.server.port])
    with serve(
        tmp_path / "data", INTERVOO_LLM_DETECT_PORTS=ports, INTERVOO_LLM_PROVIDER="none"
    ) as app:
        yield app


def test_settings_finds_a_local_llm_and_the_next_question_streams_through_it(
    app_with_llm_port: AppServer, local_llm: ThreadedLLMServer, launch: Any, artifacts: Path
) -> None:
    app = app_with_llm_port
    with app.api() as api:
        set_up_candidate(api, [MISTAKE_STORY])
    browser = launch()
    watched = open_page(browser.new_context(viewport=NARROW), f"{app.url}/#/settings")
    page = watched.page

    page.get_by_role("button", name="Find a local LLM").click()
    expect(page.get_by_label("Model")).to_contain_text(MODEL)
    page.get_by_role("button", name="Test this model").click()
    expect(page.get_by_text(f"{MODEL} at {local_llm.openai_base_url} works")).to_be_visible()
    page.get_by_role("button", name="Use this model").click()
    expect(page.get_by_text(f"Now using {MODEL}")).to_be_visible()
    watched.assert_fits_width()
    watched.shot(artifacts, "settings-local-llm")

    page.goto(f"{app.url}/#/live")
    page.get_by_label("A question to answer now").fill("What is your greatest strength?")
    page.get_by_role("button", name="Answer this").click()
    expect(page.locator(".current .suggestion")).to_contain_text("".join(REPLY))
    chats = [e for e in local_llm.exchanges if e.path == "/v1/chat/completions"]
    # The test, the session prefix warming the cache (one token), the answer.
    assert [json.loads(e.body)["model"] for e in chats] == [MODEL, MODEL, MODEL]
    assert json.loads(chats[1].body)["max_tokens"] == 1
    assert "What is your greatest strength?" in chats[-1].body.decode()
    assert app.process.poll() is None  # the same server process all along
    assert watched.errors == []
