"""Background work survives the instance that accepted it: a story added on instance A,
whose questions A's worker is writing when A is killed (-9), gets them from the service
(instance B) within 60 s. Real PostgreSQL, two real `intervoo serve` processes, a real
LLM wire-format server that stalls the first requests."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from intervoo.config import Settings
from intervoo.security.sessions import SESSION_COOKIE
from tests.security.conftest import PASSWORD_A
from tests.security.servers import server_process
from tests.security.test_two_instances import _account, _login
from tests.support.llm_server import Exchange, Reply, Stall
from tests.support.story_questions import answer_as_written

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
DATA = Path(__file__).parents[1] / "stories" / "data"
STORY = json.loads((DATA / "heldout4_stories.json").read_text())[0]
WRITTEN = json.loads((DATA / "heldout4_llm_questions.json").read_text())[STORY["id"]]
WITHIN_S = 60.0


class StallFirstRequests:
    """The first requests stall (the worker is mid-job), later ones answer as written."""

    def __init__(self, stalled: int) -> None:
        self.left = stalled
        self.arrived = threading.Event()

    def __call__(self, exchange: Exchange) -> Reply:
        if self.left > 0:
            self.left -= 1
            self.arrived.set()
            return Reply(steps=(Stall(),))
        return answer_as_written(exchange)


def _questions(base: str, token: str, story_id: str) -> list[Any]:
    response = httpx.get(f"{base}/api/stories/{story_id}", cookies={SESSION_COOKIE: token})
    return list(response.json()["questions"]) if response.status_code == 200 else []


def test_work_accepted_by_a_killed_instance_is_done_by_the_service(
    server_settings: Settings, tmp_path: Path
) -> None:
    from tests.support.llm_server import ThreadedLLMServer

    _account(server_settings)
    replies = StallFirstRequests(stalled=2)  # one story's two prompts
    with ThreadedLLMServer(replies) as llm:
        env = {
            "INTERVOO_LLM_PROVIDER": "openai",
            "INTERVOO_LLM_MODEL": "test-model",
            "INTERVOO_LLM_BASE_URL": llm.openai_base_url,
            "INTERVOO_LLM_TIMEOUT_FIRST_TOKEN_S": "300",  # A would wait: it is killed first
        }
        with server_process(server_settings, tmp_path / "a.log", env, pid=True) as (a, a_pid):
            token = _login(a, "a@example.com", PASSWORD_A).cookies[SESSION_COOKIE]
            added = httpx.post(
                f"{a}/api/stories",
                json={k: v for k, v in STORY.items() if k != "id"},
                cookies={SESSION_COOKIE: token},
                headers={"Origin": a},
            )
            assert added.status_code == 201, added.text
            story_id = added.json()["story"]["id"]
            assert replies.arrived.wait(30), "A's worker never started the job"
            with server_process(server_settings, tmp_path / "b.log", env) as b:
                pending = httpx.get(f"{b}/api/jobs", cookies={SESSION_COOKIE: token}).json()
                os.kill(a_pid, signal.SIGKILL)
                killed_at = time.monotonic()
                while not (written := _questions(b, token, story_id)):
                    assert time.monotonic() - killed_at < WITHIN_S, "not done within 60 s"
                    time.sleep(0.5)
                done_after_s = time.monotonic() - killed_at
                left = httpx.get(f"{b}/api/jobs", cookies={SESSION_COOKIE: token}).json()
    assert [job["kind"] for job in pending["pending"]] == ["story_questions"]
    assert written == WRITTEN and done_after_s < WITHIN_S
    assert left == {"pending": []}
