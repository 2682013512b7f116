"""Issue 31: never a blank wait. With an LLM configured, a holding line is on screen as soon
as the question is (it waits for nothing: not the question's embedding, not the model), and
the model's answer continues below it when it comes; the line is never replaced (no
flicker), and the model is not sent it again. The prompt cache figures are shown.

The LLM is a real HTTP server on 127.0.0.1 in the OpenAI format: a warm-up (one token)
is answered at once; a question's first token comes 1.5 s in, as a slow local model's.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from intervoo.copilot.answer import HOLDING_LINE
from tests.e2e.app_server import AppServer, llm_env, serve
from tests.e2e.candidate import MISTAKE_STORY, set_up_candidate
from tests.e2e.pages import NARROW, open_page
from tests.support.llm_server import (
    OPENAI_PREAMBLE,
    Exchange,
    Reply,
    ThreadedLLMServer,
    openai_events,
    stream_reply,
)

pytestmark = [pytest.mark.browser]
QUESTION = "Tell me about a time you made a mistake at work."
BULLETS = ["- I owned the miss with the client that same day.\n", "- We added a release check.\n"]
FIRST_TOKEN_S = 1.5

# Every distinct headline the page shows, with when it appeared (ms since page load).
WATCH_HEADLINES = """
window.headlines = [];
new MutationObserver(() => {
  const h = document.querySelector('.current .headline');
  const text = h ? h.textContent : null;
  const last = window.headlines[window.headlines.length - 1];
  if (text && (!last || last.text !== text)) window.headlines.push({text, at: performance.now()});
}).observe(document.body, {subtree: true, childList: true, characterData: true});
"""


def slow_local_model(exchange: Exchange) -> Reply:
    body = exchange.json()
    if body["max_tokens"] == 1:  # the session prefix warming the cache
        return stream_reply(openai_events(["-"], prompt_tokens=900, cached_tokens=0))
    events = openai_events(BULLETS, prompt_tokens=914, cached_tokens=900)
    return stream_reply(events, first_delay=FIRST_TOKEN_S, preamble=OPENAI_PREAMBLE)


@pytest.fixture
def slow_llm() -> Iterator[ThreadedLLMServer]:
    with ThreadedLLMServer(slow_local_model) as server:
        yield server


@pytest.fixture
def app_with_slow_llm(tmp_path: Path, slow_llm: ThreadedLLMServer) -> Iterator[AppServer]:
    with serve(tmp_path / "data", **llm_env(slow_llm.openai_base_url)) as app:
        yield app


def test_the_opener_shows_at_once_and_the_model_continues_below_it(
    app_with_slow_llm: AppServer, slow_llm: ThreadedLLMServer, launch: Any, artifacts: Path
) -> None:
    app = app_with_slow_llm
    with app.api() as api:
        set_up_candidate(api, [MISTAKE_STORY])
    browser = launch()
    watched = open_page(browser.new_context(viewport=NARROW), f"{app.url}/#/live")
    page = watched.page
    page.evaluate(WATCH_HEADLINES)

    page.get_by_label("A question to answer now").fill(QUESTION)
    page.get_by_role("button", name="Answer this").click()
    current = page.locator(".current")
    expect(current.locator(".question")).to_contain_text("mistake")
    # Long before the model's first token (1.5 s), a line is there to say.
    expect(current.locator(".headline")).to_have_text(HOLDING_LINE, timeout=1_000)
    opener = current.locator(".headline").inner_text()
    assert "- I owned" not in current.locator(".suggestion").inner_text()
    watched.shot(artifacts, "live-opener-before-model")

    expect(current.locator(".suggestion")).to_contain_text("We added a release check")
    expect(current.locator(".cache")).to_have_text("cache 900/914")
    expect(current.locator(".headline")).to_have_text(opener)
    texts = [h["text"] for h in page.evaluate("window.headlines")]
    assert [t for t in texts if t != "…"] == [opener]  # the headline never changed: no flicker
    items = current.locator(".suggestion li").all_inner_texts()
    assert items[-2:] == [b.removeprefix("- ").strip() for b in BULLETS]
    chats = [e for e in slow_llm.exchanges if e.path == "/v1/chat/completions"]
    asked = [e for e in chats if QUESTION in e.body.decode()]
    warm = [e for e in chats if e.json()["max_tokens"] == 1]
    assert len(asked) == 1 and len(warm) == 1 and warm[0].received_at < asked[0].received_at
    assert warm[0].json()["messages"][0] == asked[0].json()["messages"][0]  # the same prefix
    assert opener not in json.dumps(asked[0].json())  # read once on screen, not by the model
    watched.assert_fits_width()
    watched.shot(artifacts, "live-opener-and-model")
    assert watched.errors == []
