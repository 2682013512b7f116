"""Background work the user waits for is shown on the Stories screen: a job that failed
says it will retry, and when the LLM comes back the notice goes and the questions appear,
without a reload."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.app_server import AppServer, llm_env, serve
from tests.e2e.pages import NARROW, open_page
from tests.e2e.test_story_questions import STORY, SUGGESTED, add_story, saved_questions
from tests.support.llm_server import Exchange, Reply, ThreadedLLMServer, answer, json_error

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def until_failed_once(server: AppServer, within_s: float = 30.0) -> dict[str, Any]:
    """The one pending job, once an attempt at it has failed."""
    deadline = time.monotonic() + within_s
    with server.api() as api:
        while time.monotonic() < deadline:
            pending = api.get("/api/jobs").json()["pending"]
            if pending and pending[0]["last_error"]:
                return dict(pending[0])
            time.sleep(0.2)
    raise AssertionError("no background job failed within the time")


def test_a_failing_job_is_shown_pending_then_its_questions_appear(
    tmp_path: Path, launch: Any, artifacts: Path
) -> None:
    healthy = threading.Event()
    questions = answer(["".join(f"{i}. {q}\n" for i, q in enumerate(SUGGESTED, start=1))])

    def reply(exchange: Exchange) -> Reply:
        return questions(exchange) if healthy.is_set() else json_error(503, "overloaded")

    with ThreadedLLMServer(reply) as llm:
        with serve(tmp_path / "data", **llm_env(llm.openai_base_url)) as server:
            story_id = add_story(server)  # too few questions: the server asks for more
            job = until_failed_once(server)
            assert job["last_error"] == "llm llm_server_error"

            url = f"{server.url}/#/stories"
            watched = open_page(launch().new_context(viewport=NARROW), url)
            page = watched.page
            notice = page.get_by_role("status").filter(has_text="background job")
            expect(notice).to_contain_text("1 background job pending")
            expect(notice).to_contain_text("failed once and will retry")
            card = page.locator(f".story[data-id='{story_id}']")
            expect(card.locator(".story-questions li")).to_have_text(STORY["questions"])
            watched.shot(artifacts, "pending-job-failed")

            healthy.set()  # the next retry (back-off 2, 4, 8 s) succeeds
            expect(notice).to_be_hidden(timeout=40_000)
            expected = [*STORY["questions"], *SUGGESTED]
            expect(card.locator(".story-questions li")).to_have_text(expected)
            assert saved_questions(server, story_id) == expected
            watched.shot(artifacts, "pending-job-done")
            assert watched.errors == []
