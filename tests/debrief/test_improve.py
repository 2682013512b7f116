"""The LLM improves the debrief over the OpenAI-compatible wire format (a real HTTP server on
127.0.0.1); the ledger holds exactly the text sent; a failing LLM leaves the offline one."""

from __future__ import annotations

import json

import httpx

from intervoo.config import LLMProvider, Settings
from intervoo.debrief.improve import improve
from intervoo.debrief.model import Debrief, QuestionReview
from intervoo.llm.client import create_client
from intervoo.llm.ledger import PrivacyLedger
from tests.support.llm_server import LLMServer, json_error, openai_reply

SAID = "I moved the payment calls onto a queue and latency fell to 300 ms."
OFFLINE = Debrief(
    session_id="s1",
    company="Acme Cloud",
    questions=[
        QuestionReview(
            id="q1",
            question="Tell me about an outage.",
            kind="behavioral",
            said=SAID,
            note="To improve: say what you owned.",
        )
    ],  # fmt: skip
    follow_ups=["Offline follow-up?"],
    thank_you="Thank you (offline).",
)


def client_for(server: LLMServer, http: httpx.AsyncClient):  # type: ignore[no-untyped-def]
    settings = Settings(
        llm_provider=LLMProvider.OPENAI, llm_base_url=server.openai_base_url, llm_model="test-model"
    )
    return create_client(settings, http)


async def test_the_llm_rewrites_notes_follow_ups_and_thanks_and_the_ledger_has_it(
    llm_server: LLMServer, http: httpx.AsyncClient
) -> None:
    reply = {
        "notes": {"q1": "Open with the outage's cost."},
        "follow_ups": ["How did you test it?"],
        "thank_you": "Thank you for the talk about the checkout outage.",
    }
    llm_server.enqueue(openai_reply(["```json\n", json.dumps(reply), "\n```"]))
    ledger = PrivacyLedger("s1", None)
    improved = await improve(
        OFFLINE, client_for(llm_server, http), ledger, t=5, values=["Ownership"]
    )
    assert improved.questions[0].note == "Open with the outage's cost."
    assert improved.questions[0].said == SAID  # the candidate's words are never rewritten
    assert improved.follow_ups == ["How did you test it?"]
    assert improved.thank_you.startswith("Thank you for the talk")
    assert improved.improved_by == "openai:test-model"
    (entry,) = ledger.entries
    sent = llm_server.exchanges[0].json()["messages"]
    assert [m["content"] for m in sent] == [m["content"] for m in entry.messages]
    assert SAID in entry.messages[1]["content"] and entry.question_id == "debrief"


async def test_a_failing_llm_keeps_the_offline_debrief_and_says_why(
    llm_server: LLMServer, http: httpx.AsyncClient
) -> None:
    llm_server.enqueue(json_error(400, "model not found", kind="invalid_request_error"))
    improved = await improve(OFFLINE, client_for(llm_server, http), PrivacyLedger("s1", None), t=5)
    assert improved.questions == OFFLINE.questions and improved.thank_you == OFFLINE.thank_you
    assert improved.improved_by is None and "could not improve" in improved.notes[0]


async def test_a_reply_that_is_not_a_debrief_keeps_the_offline_one(
    llm_server: LLMServer, http: httpx.AsyncClient
) -> None:
    llm_server.enqueue(openai_reply(["Sure! Here are some thoughts on your interview."]))
    improved = await improve(OFFLINE, client_for(llm_server, http), PrivacyLedger("s1", None), t=5)
    assert improved.follow_ups == OFFLINE.follow_ups and "not a debrief" in improved.notes[0]
