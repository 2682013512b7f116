"""/api/practice beyond the flywheel: voice answers, LLM critique and personalisation on a
real HTTP server, progress, drafts approval and every bad request."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from intervoo.config import Settings
from intervoo.web.app import create_app
from tests.practice.helpers import COST_STORY, OFF_TOPIC, SHAPED, seed_user
from tests.support.auth import authenticated_client
from tests.support.llm_server import ThreadedLLMServer, json_error, openai_reply


def _client(settings: Settings) -> Iterator[TestClient]:
    with authenticated_client(create_app(settings)) as client:
        seed_user(client.app.state.db)  # type: ignore[attr-defined]
        yield client


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    yield from _client(settings)


@pytest.fixture
def llm() -> Iterator[ThreadedLLMServer]:
    with ThreadedLLMServer() as server:
        yield server


@pytest.fixture
def llm_client(settings: Settings, llm: ThreadedLLMServer) -> Iterator[TestClient]:
    configured = settings.model_copy(update={"llm_provider": "openai", "llm_model": "m",
                                              "llm_base_url": llm.openai_base_url})  # fmt: skip
    yield from _client(configured)


def _start(client: TestClient, **options: object) -> str:
    reply = client.post("/api/practice/sessions", json={"length": 2, **options})
    assert reply.status_code == 201, reply.text
    return str(reply.json()["session_id"])


def test_a_voice_answer_is_scored_with_its_pace(client: TestClient) -> None:
    session_id = _start(client)
    words = COST_STORY.split()
    half = len(words) // 2
    transcripts = [
        {"channel": "interviewer", "text": "Go ahead.", "final": True, "start": 0, "end": 900},
        {"channel": "candidate", "text": " ".join(words[:half]), "final": True,
         "start": 1000, "end": 16_000},
        {"channel": "candidate", "text": " ".join(words[half:]), "final": True,
         "start": 16_500, "end": 31_000},
    ]  # fmt: skip
    reply = client.post(f"/api/practice/sessions/{session_id}/answers",
                        json={"transcripts": transcripts})  # fmt: skip
    assert reply.status_code == 200, reply.text
    feedback = reply.json()["feedback"]
    assert feedback["duration_s"] == 30.0
    pace = next(s for s in feedback["scores"] if s["name"] == "pace")
    assert f"{len(words) * 2} words a minute" in pace["summary"]
    attempt = client.get(f"/api/practice/attempts/{reply.json()['attempt_id']}").json()
    assert attempt["answer"] == COST_STORY


def test_critique_and_stronger_version_from_the_llm(
    llm_client: TestClient, llm: ThreadedLLMServer
) -> None:
    llm.enqueue(openai_reply(["1. Why would you like to join Amazon as a builder?\n",
                              "2. What is one question you have for our team?"]))  # fmt: skip
    started = llm_client.post("/api/practice/sessions", json={"length": 2}).json()
    texts = [q["text"] for q in started["questions"]]
    assert texts[1] == "What is one question you have for our team?"
    # The cost story does not answer "Why would you like to join Amazon…": the offline
    # judge says so, no draft story is made (so no question-writing request goes out),
    # and the LLM's own verdict drops its rewrite.
    reply = llm_client.post(f"/api/practice/sessions/{started['session_id']}/answers",
                            json={"text": COST_STORY})  # fmt: skip
    feedback = reply.json()["feedback"]
    assert feedback["on_topic"] is False and feedback["overall"] <= 40
    assert feedback["summary"].startswith(f"This doesn't answer '{texts[0]}'")
    llm.enqueue(openai_reply(["ANSWERS: no\nCRITIQUE: This doesn't answer the question.\n",
                              "STRONGER: At Amazon I would cut costs by 35%."]))  # fmt: skip
    attempt_id = reply.json()["attempt_id"]
    critique = llm_client.post(f"/api/practice/attempts/{attempt_id}/critique")
    assert critique.json() == {"critique": "This doesn't answer the question.",
                               "stronger": "", "answers_question": False}  # fmt: skip
    sent = llm.exchanges[-1].json()["messages"]
    assert COST_STORY in sent[1]["content"] and "doesn't answer" in sent[1]["content"]
    assert "ANSWERS" in sent[0]["content"]
    assert llm_client.get("/api/practice/drafts").json() == []
    llm.enqueue(openai_reply(["ANSWERS: yes\nCRITIQUE: Good numbers; name your own part.\n",
                              "STRONGER: I want to build at Amazon."]))  # fmt: skip
    again = llm_client.post(f"/api/practice/attempts/{attempt_id}/critique").json()
    assert again["answers_question"] is True and again["stronger"].startswith("I want")
    saved = llm_client.get(f"/api/practice/attempts/{attempt_id}").json()
    assert saved["critique"]["stronger"].startswith("I want")
    llm.enqueue(json_error(401, "bad key", kind="authentication_error"))
    failed = llm_client.post(f"/api/practice/attempts/{attempt_id}/critique")
    assert failed.status_code == 502 and failed.json()["detail"]


def test_personalisation_errors_keep_the_bank_wording(
    llm_client: TestClient, llm: ThreadedLLMServer
) -> None:
    llm.enqueue(json_error(401, "bad key", kind="authentication_error"))
    started = llm_client.post("/api/practice/sessions", json={"length": 2, "seed": "k"})
    assert started.status_code == 201
    assert all(q["source"] == "bank" for q in started.json()["questions"])


def test_critique_without_an_llm_is_a_clear_conflict(client: TestClient) -> None:
    session_id = _start(client)
    reply = client.post(f"/api/practice/sessions/{session_id}/answers", json={"text": COST_STORY})
    critique = client.post(f"/api/practice/attempts/{reply.json()['attempt_id']}/critique")
    assert critique.status_code == 409 and "no LLM" in critique.json()["detail"]


def test_progress_json_and_chart_and_draft_approval(client: TestClient) -> None:
    session_id = _start(client, length=1, questions=["Tell me about a time you cut costs."])
    client.post(f"/api/practice/sessions/{session_id}/answers", json={"text": COST_STORY})
    progress = client.get("/api/practice/progress").json()
    assert progress["answers"] == 1 and "overall" in progress["series"]
    chart = client.get("/api/practice/progress.svg")
    assert chart.headers["content-type"].startswith("image/svg+xml")
    ET.fromstring(chart.text)
    [draft] = client.get("/api/practice/drafts").json()
    approved = client.post(f"/api/practice/drafts/{draft['id']}/approve").json()
    assert approved["status"] == "approved"
    assert client.get("/api/practice/drafts").json() == []


def test_bad_requests(client: TestClient) -> None:
    session_id = _start(client, length=1)
    pending = client.get(f"/api/practice/sessions/{session_id}/next").json()["attempt_id"]
    assert client.get(f"/api/practice/attempts/{pending}").status_code == 404  # not answered
    url = f"/api/practice/sessions/{session_id}/answers"
    assert client.post(url, json={"text": "   "}).status_code == 422
    assert client.post(url, json={}).status_code == 422
    assert client.post(url, json={"text": "a", "transcripts": []}).status_code == 422
    only_interviewer = [{"channel": "interviewer", "text": "Hi", "final": True, "start": 0,
                         "end": 10}]  # fmt: skip
    assert client.post(url, json={"transcripts": only_interviewer}).status_code == 422
    assert client.post(url, json={"text": COST_STORY}).status_code == 200
    assert client.post(url, json={"text": COST_STORY}).status_code == 409  # all answered
    assert client.post("/api/practice/sessions/nope/answers", json={"text": "x"}).status_code == 404
    assert client.get("/api/practice/sessions/nope/next").status_code == 404
    assert client.post("/api/practice/sessions", json={"length": 0}).status_code == 422
    assert client.get("/api/practice/attempts/nope").status_code == 404
    assert client.post("/api/practice/drafts/nope/approve").status_code == 404


def test_the_answers_route_scores_each_shape_and_drafts_no_off_topic_story(
    client: TestClient,
) -> None:
    questions = [q for q, _ in SHAPED.values()]
    session_id = _start(client, questions=questions + [SHAPED["story"][0]])
    for shape, (question, answer) in SHAPED.items():
        reply = client.post(f"/api/practice/sessions/{session_id}/answers", json={"text": answer})
        feedback = reply.json()["feedback"]
        assert feedback["on_topic"] is True, (shape, question)
        if shape != "career":  # the classifier reads this question as technical
            assert feedback["shape"] == shape and feedback["overall"] >= 75, (shape, feedback)
    reply = client.post(f"/api/practice/sessions/{session_id}/answers", json={"text": OFF_TOPIC})
    feedback = reply.json()["feedback"]
    assert feedback["on_topic"] is False and feedback["overall"] <= 40
    assert feedback["summary"].startswith(f"This doesn't answer '{SHAPED['story'][0]}'")
    drafts = client.get("/api/practice/drafts").json()
    assert drafts and "reunion" not in json.dumps(drafts)  # the on-topic story was drafted


def test_own_questions_are_checked(client: TestClient) -> None:
    for bad in ([""], ["x" * 301], []):
        reply = client.post("/api/practice/sessions", json={"questions": bad})
        assert reply.status_code == 422, bad
