"""Two real server instances on one PostgreSQL and one Redis, as behind a load balancer:
the login limits, the live-session cap and the privacy ledger hold across them as on one;
an instance with another secret key refuses to start."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import websockets
import websockets.sync.client as ws

from intervoo.config import Settings
from intervoo.security.accounts import create_account
from intervoo.security.passwords import hash_password
from intervoo.security.sessions import SESSION_COOKIE
from intervoo.store import Database
from intervoo.stories.repo import StoryRepo
from tests.copilot.candidate import STORIES
from tests.security.conftest import PASSWORD_A
from tests.security.servers import server_process
from tests.support.llm_server import ThreadedLLMServer, answer
from tests.support.redis import RedisForTest, test_redis  # noqa: F401

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
FAILURES = 3
PER_ADDRESS = 8
OUTAGE_Q = "Tell me about a time you handled a production outage under pressure."
ANSWER = "I led the outage response and cut recovery time to 300 ms."


def _account(settings: Settings, *, with_stories: bool = False) -> None:
    db = Database(settings)
    try:
        db.upgrade()
        user_id = create_account(db, "a@example.com", hash_password(PASSWORD_A)).user_id
        with db.session(user_id) as session:
            for story in STORIES if with_stories else ():
                StoryRepo(session, user_id).add(story.model_copy())
    finally:
        db.dispose()


@contextmanager
def _two_instances(
    settings: Settings, tmp_path: Path, env: dict[str, str]
) -> Iterator[tuple[str, str]]:
    with ExitStack() as stack:
        first, second = (
            stack.enter_context(server_process(settings, tmp_path / f"i{i}.log", env))
            for i in (1, 2)
        )
        yield first, second


def _login(base: str, email: str, password: str) -> httpx.Response:
    return httpx.post(f"{base}/api/auth/login", json={"email": email, "password": password})


def test_login_limits_across_two_instances_equal_the_limits_on_one(
    server_settings: Settings,
    tmp_path: Path,
    test_redis: RedisForTest,  # noqa: F811
) -> None:
    _account(server_settings)
    env = {
        **test_redis.env(),
        "INTERVOO_LOGIN_FAILURES_PER_ACCOUNT": str(FAILURES),
        "INTERVOO_LOGIN_ATTEMPTS_PER_IP": str(PER_ADDRESS),
    }
    with _two_instances(server_settings, tmp_path, env) as bases:
        wrong = [
            _login(bases[i % 2], "a@example.com", "wrong").status_code for i in range(FAILURES)
        ]
        # Locked on both, even with the right password: the failures were counted together.
        locked = [_login(base, "a@example.com", PASSWORD_A).status_code for base in bases]
        # The address's attempts, from both instances: FAILURES + 2 so far.
        statuses = [
            _login(bases[i % 2], f"nobody{i}@example.com", "wrong").status_code
            for i in range(PER_ADDRESS - FAILURES - 2 + 1)
        ]
    assert wrong == [401] * FAILURES
    assert locked == [429, 429]
    assert statuses == [401] * (PER_ADDRESS - FAILURES - 2) + [429]


def _socket(base: str, token: str) -> ws.ClientConnection:
    url = base.replace("http://", "ws://") + "/ws/live"
    return ws.connect(url, additional_headers={"Cookie": f"{SESSION_COOKIE}={token}"})


def _events_until_done(socket: ws.ClientConnection) -> list[dict[str, object]]:
    events = []
    while True:
        event = json.loads(socket.recv(timeout=30))
        events.append(event)
        if event["type"] == "suggestion.done":
            return events


def test_the_live_cap_and_the_ledger_hold_across_two_instances(
    server_settings: Settings,
    tmp_path: Path,
    test_redis: RedisForTest,  # noqa: F811
) -> None:
    _account(server_settings)
    with ThreadedLLMServer(answer([ANSWER])) as llm:
        env = {
            **test_redis.env(),
            "INTERVOO_LLM_PROVIDER": "openai",
            "INTERVOO_LLM_MODEL": "test-model",
            "INTERVOO_LLM_BASE_URL": llm.openai_base_url,
        }
        with _two_instances(server_settings, tmp_path, env) as (first, second):
            token = _login(first, "a@example.com", PASSWORD_A).cookies[SESSION_COOKIE]
            with _socket(first, token) as one, _socket(second, token) as two:
                one.send(json.dumps({"type": "start"}))
                started = json.loads(one.recv(timeout=30))
                one.send(json.dumps({"type": "ask", "text": "Tell me about an outage."}))
                done = _events_until_done(one)[-1]
                with pytest.raises(websockets.exceptions.InvalidStatus):
                    _socket(first, token)  # a third session, on either instance
                headers = {"Authorization": f"Bearer {token}"}
                ledgers = [
                    httpx.get(f"{base}/api/live/{started['session_id']}/ledger", headers=headers)
                    for base in (first, second)
                ]
                two.close()
    # The holding line comes first, then the model's answer (issue 31).
    assert started["type"] == "status" and str(done["text"]).endswith(ANSWER)
    assert [response.status_code for response in ledgers] == [200, 200]
    assert ledgers[0].json() == ledgers[1].json()
    sent = ledgers[1].json()["sent_to_llm"]
    # The session's prefix warm-up (issue 31) and the question's one request.
    assert sum(e["question_id"] == "prefix" for e in sent) == 1
    (entry,) = [e for e in sent if e["question_id"] != "prefix"]
    assert entry["model"] == "test-model" and "Tell me about an outage." in json.dumps(entry)


def _until(socket: ws.ClientConnection, wanted: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    while not wanted(event := json.loads(socket.recv(timeout=30))):
        pass
    return event


def test_a_story_deleted_on_one_instance_leaves_a_session_open_on_the_other(
    server_settings: Settings, tmp_path: Path
) -> None:
    _account(server_settings, with_stories=True)
    outage = next(story for story in STORIES if "outage" in story.title.lower())
    source = f"story: {outage.title}"
    ask = json.dumps({"type": "ask", "text": OUTAGE_Q})
    with _two_instances(server_settings, tmp_path, {}) as (first, second):
        token = _login(first, "a@example.com", PASSWORD_A).cookies[SESSION_COOKIE]
        with _socket(first, token) as live:
            live.send(json.dumps({"type": "start"}))
            live.send(ask)
            before = _until(live, lambda e: e["type"] == "suggestion.done")
            listed = httpx.get(f"{second}/api/stories", cookies={SESSION_COOKIE: token}).json()
            story_id = next(s["id"] for s in listed if s["title"] == outage.title)
            deleted = httpx.delete(
                f"{second}/api/stories/{story_id}",
                cookies={SESSION_COOKIE: token},
                headers={"Origin": second},
            )
            updated = _until(live, lambda e: e.get("state") == "stories.updated")
            live.send(ask)
            after = _until(live, lambda e: e["type"] == "suggestion.done")
    assert source in before["sources"] and deleted.status_code == 204
    assert updated["detail"] == {"stories": len(STORIES) - 1}
    assert source not in after["sources"] and outage.title not in after["text"]


def test_an_instance_with_another_secret_key_refuses_to_start(
    server_settings: Settings, tmp_path: Path
) -> None:
    _account(server_settings)
    with server_process(server_settings, tmp_path / "first.log"):
        env = {
            **os.environ,
            "INTERVOO_MODE": "server",
            "INTERVOO_SECRET_KEY": "another-secret-key-of-forty-characters-xx",
            "INTERVOO_DATA_DIR": str(server_settings.data_dir),
            "INTERVOO_DATABASE_URL": str(server_settings.database_url),
            "INTERVOO_DATABASE_ADMIN_URL": str(server_settings.database_admin_url),
        }
        other = subprocess.run(
            [sys.executable, "-m", "intervoo.cli", "serve", "--port", "0"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert other.returncode != 0
    assert "INTERVOO_SECRET_KEY differs from the key of the instance(s)" in other.stderr


def test_serve_with_two_workers_counts_logins_once(
    server_settings: Settings,
    tmp_path: Path,
    test_redis: RedisForTest,  # noqa: F811
) -> None:
    _account(server_settings)
    env = {**test_redis.env(), "INTERVOO_LOGIN_FAILURES_PER_ACCOUNT": str(FAILURES)}
    log = tmp_path / "workers.log"
    with server_process(server_settings, log, env, ("--workers", "2")) as base:
        statuses = [_login(base, "a@example.com", "wrong").status_code for _ in range(FAILURES + 1)]
    assert statuses == [401] * FAILURES + [429]
    assert log.read_text().count("(mode=server)") == 2  # each worker's start


@pytest.mark.parametrize(
    ("mode", "why"),
    [("local", "is for server mode"), ("server", "--workers 2 needs INTERVOO_REDIS_URL")],
)
def test_serve_refuses_workers_that_could_not_share_their_limits(
    mode: str, why: str, server_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from intervoo.cli import app

    monkeypatch.setenv("INTERVOO_MODE", mode)
    monkeypatch.setenv("INTERVOO_DATABASE_URL", str(server_settings.database_url))
    monkeypatch.setenv("WEB_CONCURRENCY", "2")  # as platforms set it: the same as --workers 2
    result = CliRunner().invoke(app, ["serve"])
    assert result.exit_code == 2 and why in result.stderr
