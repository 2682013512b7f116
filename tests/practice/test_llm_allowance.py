"""Server mode charges practice's LLM calls to the user's daily allowance, as live sessions
and story questions are: the rephrased plan, the critique, and the draft's questions.
Real app, real PostgreSQL, real LLM wire-format server on 127.0.0.1."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from intervoo.config import Mode, Settings
from intervoo.web.app import create_app
from tests.practice.helpers import COST_STORY
from tests.support.auth import TEST_SECRET_KEY, add_account, signed_in_client
from tests.support.jobs import wait_jobs_done
from tests.support.llm_server import ThreadedLLMServer, answer
from tests.support.pg import pg_database, pg_settings  # noqa: F401

pytestmark = pytest.mark.postgres

REPLY = "CRITIQUE: Name your own part.\nSTRONGER: I cut the cloud bill by 35%."


@pytest.fixture
def llm() -> Iterator[ThreadedLLMServer]:
    with ThreadedLLMServer(answer([REPLY])) as server:
        yield server


@contextmanager
def _signed_in_user(
    settings: Settings, llm: ThreadedLLMServer, chars_per_day: int, env: pytest.MonkeyPatch
) -> Iterator[tuple[TestClient, FastAPI, str]]:
    """A server-mode app with this daily LLM allowance, and a user signed in to it."""
    env.setenv("INTERVOO_SECRET_KEY", TEST_SECRET_KEY)
    env.setenv("INTERVOO_LLM_CHARS_PER_USER_PER_DAY", str(chars_per_day))
    configured = settings.model_copy(
        update={"llm_provider": "openai", "llm_model": "m", "llm_base_url": llm.openai_base_url}
    )
    configured.mode = Mode.SERVER
    app = create_app(configured)
    with TestClient(app):
        user_id = add_account(app, "a@example.com", "correct horse battery A")
        with signed_in_client(app, "a@example.com", "correct horse battery A") as client:
            yield client, app, user_id


def _practice_once(client: TestClient) -> str:
    asked = {"length": 1, "questions": ["Tell me about a time you cut costs."]}
    started = client.post("/api/practice/sessions", json=asked)
    assert started.status_code == 201, started.text
    session_id = started.json()["session_id"]
    reply = client.post(f"/api/practice/sessions/{session_id}/answers", json={"text": COST_STORY})
    assert reply.status_code == 200, reply.text
    return str(reply.json()["attempt_id"])


def test_past_the_allowance_practice_sends_nothing_and_says_why(
    pg_settings: Settings,  # noqa: F811
    llm: ThreadedLLMServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with _signed_in_user(pg_settings, llm, 100, monkeypatch) as (client, _, _):
        attempt_id = _practice_once(client)  # plan kept in the bank's words, draft saved
        refused = client.post(f"/api/practice/attempts/{attempt_id}/critique")
        assert refused.status_code == 429 and "allowance" in refused.json()["detail"]
        wait_jobs_done(client)  # the draft is saved by a background job
        [draft] = client.get("/api/practice/drafts").json()
        attempt = client.get(f"/api/practice/attempts/{attempt_id}").json()
    # The practice question at most (kept when the answer answers it): the LLM was refused.
    assert draft["questions"] in ([], [attempt["text"]])
    assert llm.exchanges == []


def test_within_the_allowance_a_critique_is_charged(
    pg_settings: Settings,  # noqa: F811
    llm: ThreadedLLMServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with _signed_in_user(pg_settings, llm, 1_000_000, monkeypatch) as (client, app, user_id):
        attempt_id = _practice_once(client)
        wait_jobs_done(client)  # the answer's story and its questions, charged first
        before = asyncio.run(app.state.security.limits.llm_meter.spent(user_id))
        critique = client.post(f"/api/practice/attempts/{attempt_id}/critique")
        assert critique.status_code == 200, critique.text
    sent = llm.exchanges[-1].json()["messages"]
    assert asyncio.run(app.state.security.limits.llm_meter.spent(user_id)) - before == sum(
        len(m["content"]) for m in sent
    )
