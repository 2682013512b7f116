"""LLM-written story questions over HTTP: on demand (POST /api/stories/{id}/questions) and in
the background after a story is added, imported or its text edited. Real app, real SQLite
(PostgreSQL in server mode), real LLM wire-format server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from intervoo.config import Mode, Settings
from intervoo.stories.model import MAX_QUESTIONS
from intervoo.web.app import create_app
from tests.live.server import running_server
from tests.support.auth import (
    TEST_SECRET_KEY,
    add_account,
    auth_headers,
    authenticated_client,
    signed_in_client,
)
from tests.support.jobs import wait_jobs_done
from tests.support.llm_server import (
    LLMServer,
    ThreadedLLMServer,
    answer,
    json_error,
    openai_reply,
)
from tests.support.net import free_port
from tests.support.pg import pg_database, pg_settings  # noqa: F401
from tests.support.story_questions import SwitchableAnswers, answer_as_written

DATA = Path(__file__).parents[1] / "stories" / "data"
STORIES = json.loads((DATA / "heldout4_stories.json").read_text())
WRITTEN = json.loads((DATA / "heldout4_llm_questions.json").read_text())


def _story(index: int, **extra: Any) -> dict[str, Any]:
    return {k: v for k, v in STORIES[index].items() if k != "id"} | extra


def _with_llm(settings: Settings, base_url: str) -> Settings:
    return settings.model_copy(
        update={"llm_provider": "openai", "llm_model": "test-model", "llm_base_url": base_url}
    )


@pytest.fixture
def answers() -> SwitchableAnswers:
    return SwitchableAnswers()


@pytest.fixture
def llm(answers: SwitchableAnswers) -> Iterator[ThreadedLLMServer]:
    with ThreadedLLMServer(answers) as server:
        yield server


@pytest.fixture
def client(settings: Settings, llm: ThreadedLLMServer) -> Iterator[TestClient]:
    with authenticated_client(create_app(_with_llm(settings, llm.openai_base_url))) as c:
        yield c


def _add(client: TestClient, index: int, **extra: Any) -> dict[str, Any]:
    response = client.post("/api/stories", json=_story(index, **extra))
    assert response.status_code == 201, response.text
    story: dict[str, Any] = response.json()["story"]
    return story


# --- on demand --------------------------------------------------------------------------


def test_questions_on_demand_are_written_merged_and_saved(
    client: TestClient, llm: ThreadedLLMServer, answers: SwitchableAnswers
) -> None:
    full = WRITTEN[STORIES[1]["id"]]  # as many as the LLM writes, so done
    story = _add(client, 0, questions=full)  # already done: nothing in the background
    assert llm.exchanges == []
    answers.answer = partial(answer_as_written, preamble="Here are the questions:\n")
    written = client.post(f"/api/stories/{story['id']}/questions")
    assert written.status_code == 200, written.text
    # Asked again on demand; the new ones follow, within the per-story bound.
    assert written.json()["questions"] == [*full, *WRITTEN[STORIES[0]["id"]]][:MAX_QUESTIONS]
    assert (
        client.get(f"/api/stories/{story['id']}").json()["questions"] == written.json()["questions"]
    )
    assert STORIES[0]["result"] in llm.exchanges[0].json()["messages"][-1]["content"]


def test_unknown_story_is_404_and_llm_failures_are_502(
    client: TestClient, answers: SwitchableAnswers
) -> None:
    assert client.post("/api/stories/nope/questions").status_code == 404
    story = _add(client, 0, questions=WRITTEN[STORIES[0]["id"]])
    answers.answer = lambda _: json_error(401, "invalid x-api-key", kind="authentication_error")
    failed = client.post(f"/api/stories/{story['id']}/questions")
    assert failed.status_code == 502 and "invalid x-api-key" in failed.json()["detail"]
    answers.answer = lambda _: openai_reply(["Sure!\n", "Why?\n"])
    empty = client.post(f"/api/stories/{story['id']}/questions")
    assert empty.status_code == 502 and "no usable interview question" in empty.json()["detail"]
    assert (
        client.get(f"/api/stories/{story['id']}").json()["questions"] == WRITTEN[STORIES[0]["id"]]
    )


def test_without_an_llm_it_is_a_clear_conflict(settings: Settings) -> None:
    with authenticated_client(create_app(settings)) as client:
        story = _add(client, 0)
        response = client.post(f"/api/stories/{story['id']}/questions")
        assert response.status_code == 409
        assert "no LLM is configured" in response.json()["detail"]
        assert "INTERVOO_LLM_PROVIDER" in response.json()["detail"]
        assert client.post("/api/stories/nope/questions").status_code == 404


# --- in the background ------------------------------------------------------------------


async def test_adding_a_story_returns_before_the_llm_answers(settings: Settings) -> None:
    async with LLMServer(partial(answer_as_written, first_delay=1.5)) as llm:
        configured = _with_llm(settings, llm.openai_base_url)
        async with running_server(configured) as base_url:
            headers = auth_headers(configured)
            async with httpx.AsyncClient(base_url=base_url, headers=headers) as http:
                added = await http.post("/api/stories", json=_story(0))
                assert added.status_code == 201, added.text
                assert added.json()["story"]["questions"] == []
                # Returned before the LLM said a word (its first token is 1.5 s away).
                assert all(exchange.first_data_at is None for exchange in llm.exchanges)
                story_id = added.json()["story"]["id"]
                questions = await _questions_once_written(http, story_id)
    assert questions == WRITTEN[STORIES[0]["id"]]


async def _questions_once_written(http: httpx.AsyncClient, story_id: str) -> list[str]:
    async with asyncio.timeout(10):
        while True:
            story = (await http.get(f"/api/stories/{story_id}")).json()
            if story["questions"]:
                return list(story["questions"])
            await asyncio.sleep(0.05)


def test_edits_to_the_story_text_and_imports_write_questions_after_the_response(
    client: TestClient, llm: ThreadedLLMServer, answers: SwitchableAnswers
) -> None:
    # TestClient runs background tasks before it returns, so their effect is visible here.
    answers.answer = lambda _: json_error(401, "invalid x-api-key", kind="authentication_error")
    story = _add(client, 0)  # the background write fails: the story stays without questions
    assert client.get(f"/api/stories/{story['id']}").json()["questions"] == []
    sent = len(llm.exchanges)
    client.patch(f"/api/stories/{story['id']}", json={"status": "approved"})
    assert len(llm.exchanges) == sent  # not a text edit: nothing sent
    answers.answer = answer_as_written
    edited = client.patch(f"/api/stories/{story['id']}", json={"result": STORIES[0]["result"]})
    assert edited.status_code == 200 and edited.json()["questions"] == []
    assert (
        client.get(f"/api/stories/{story['id']}").json()["questions"] == WRITTEN[STORIES[0]["id"]]
    )
    imported = client.post("/api/stories/import", json=[_story(1), _story(2)])
    assert imported.json() == {"added": 2, "merged": 0}
    by_title = {s["title"]: s["id"] for s in client.get("/api/stories").json()}
    for index in (1, 2):
        saved = client.get(f"/api/stories/{by_title[STORIES[index]['title']]}").json()
        assert saved["questions"] == WRITTEN[STORIES[index]["id"]]


def test_an_import_writes_questions_for_the_imported_stories_only(
    client: TestClient, llm: ThreadedLLMServer, answers: SwitchableAnswers
) -> None:
    answers.answer = lambda _: json_error(401, "invalid x-api-key", kind="authentication_error")
    earlier = _add(client, 0)  # its background write fails: still short of questions
    answers.answer = answer_as_written
    sent = len(llm.exchanges)
    client.post("/api/stories/import", json=[_story(1)])
    prompts = [e.json()["messages"][-1]["content"] for e in llm.exchanges[sent:]]
    assert len(prompts) == 2 and all(STORIES[1]["result"] in p for p in prompts)
    assert client.get(f"/api/stories/{earlier['id']}").json()["questions"] == []


def test_a_resume_upload_writes_questions_for_the_stories_it_seeds(
    client: TestClient, answers: SwitchableAnswers
) -> None:
    written = [f"Tell me about cost saving number {i}." for i in range(12)]
    answers.answer = answer(["\n".join(written)])
    resume = {
        "basics": {"name": "Ana"},
        "work": [{"name": "Fernwood", "position": "Engineer", "startDate": "2021-01",
                  "highlights": ["Cut the cloud bill by 35% in three months"]}],
    }  # fmt: skip
    files = {"file": ("resume.json", json.dumps(resume), "application/json")}
    uploaded = client.post("/api/resume", files=files)
    assert uploaded.status_code == 201 and uploaded.json()["imported"]["seeded_stories"] == 1
    [seeded] = client.get("/api/stories").json()
    assert client.get(f"/api/stories/{seeded['id']}").json()["questions"] == written


def test_a_background_failure_is_logged_by_id_and_stays_pending(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    dead = _with_llm(settings, f"http://127.0.0.1:{free_port()}/v1")
    with (
        authenticated_client(create_app(dead)) as client,
        caplog.at_level(logging.WARNING, logger="intervoo.jobs.work"),
    ):
        story = _add(client, 0)
        saved = client.get(f"/api/stories/{story['id']}").json()
        [pending] = client.get("/api/jobs").json()["pending"]
    assert saved == story
    assert pending["kind"] == "story_questions" and pending["attempts"] == 1
    assert pending["last_error"] == "llm llm_connection"  # retried with back-off
    [record] = [r for r in caplog.records if r.name == "intervoo.jobs.work"]
    assert pending["id"] in record.getMessage() and "llm_connection" in record.getMessage()
    assert STORIES[0]["title"] not in caplog.text and STORIES[0]["result"] not in caplog.text


# --- server mode: tenants and the spend limit -------------------------------------------


@pytest.fixture
def server_settings(
    pg_settings: Settings,  # noqa: F811
    llm: ThreadedLLMServer,
    monkeypatch: pytest.MonkeyPatch,
) -> Settings:
    monkeypatch.setenv("INTERVOO_SECRET_KEY", TEST_SECRET_KEY)
    configured = _with_llm(pg_settings, llm.openai_base_url)
    configured.mode = Mode.SERVER
    return configured


@pytest.mark.postgres
def test_server_mode_isolates_users_and_meters_llm_spend(
    server_settings: Settings, llm: ThreadedLLMServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Writing one story's questions sends ~3,300 characters (two prompts): the allowance
    # covers two writes, not three.
    monkeypatch.setenv("INTERVOO_LLM_CHARS_PER_USER_PER_DAY", "8000")
    app = create_app(server_settings)
    with TestClient(app):
        a_id = add_account(app, "a@example.com", "correct horse battery A")
        add_account(app, "b@example.com", "correct horse battery B")
        with (
            signed_in_client(app, "a@example.com", "correct horse battery A") as a,
            signed_in_client(app, "b@example.com", "correct horse battery B") as b,
        ):
            story = _add(a, 0)  # written in the background, as A, charged to A
            wait_jobs_done(a)
            saved = a.get(f"/api/stories/{story['id']}").json()
            assert saved["questions"] == WRITTEN[STORIES[0]["id"]]
            assert b.post(f"/api/stories/{story['id']}/questions").status_code == 404
            assert a.post(f"/api/stories/{story['id']}/questions").status_code == 200
            assert len(llm.exchanges) == 4
            refused = a.post(f"/api/stories/{story['id']}/questions")
            assert refused.status_code == 429 and "allowance" in refused.json()["detail"]
            assert len(llm.exchanges) == 4  # refused before anything was sent
            assert asyncio.run(app.state.security.limits.llm_meter.spent(a_id)) <= 8000
