"""The LLM-written questions a story answers: the prompt, the reply parser, and writing and
saving them against a real LLM wire-format server and a real SQLite database."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path

import httpx
import pytest

from intervoo.config import Settings
from intervoo.llm import LLMClient, LLMConnectionError, LLMError, Message, create_client
from intervoo.store import Database
from intervoo.stories.model import MAX_QUESTIONS, Story
from intervoo.stories.question_writer import (
    QUESTION_PROMPTS,
    WRITTEN_QUESTIONS,
    NoQuestionsError,
    fill_questions,
    messages_for,
    parse_questions,
    write_questions,
)
from intervoo.stories.repo import StoryRepo
from tests.support.llm_server import (
    Exchange,
    LLMServer,
    Reply,
    anthropic_reply,
    json_error,
    openai_reply,
)
from tests.support.net import free_port
from tests.support.story_questions import answer_as_written, failing_for, written_for

DATA = Path(__file__).parent / "data"
STORIES = {s["id"]: s for s in json.loads((DATA / "heldout4_stories.json").read_text())}
WRITTEN = json.loads((DATA / "heldout4_llm_questions.json").read_text())

# The instructions the fixtures' questions were written with (data/README.md).
MEASURED_PROMPTS = [
    (DATA / f"llm_questions_prompt_{name}.txt").read_text().rstrip("\n")
    for name in ("mixed", "by_angle")
]
FIRST_PROMPT = MEASURED_PROMPTS[0]


def _story(story_id: str = "h-line-cook-feud", **changes: object) -> Story:
    fields = {k: v for k, v in STORIES[story_id].items() if k != "id"}
    return Story.model_validate({**fields, **changes})


def _reply(story_id: str = "h-line-cook-feud", prompt: int = 0) -> str:
    """A realistic reply: what an LLM wrote for this story, one question per line."""
    return "\n".join(written_for(story_id, prompt))


def _pieces(text: str, size: int = 37) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)]


# --- the prompt -------------------------------------------------------------------------


@pytest.mark.parametrize("which", [0, 1])
def test_each_prompt_is_the_measured_one_followed_by_the_story(which: int) -> None:
    prompt = QUESTION_PROMPTS[which]
    assert prompt.text == MEASURED_PROMPTS[which]
    story = _story(task="")
    system, user = messages_for(story, prompt)
    assert system["role"] == "system" and user["role"] == "user"
    assert user["content"].startswith(prompt.text + "\n\n")
    star = user["content"][len(prompt.text) :].strip().splitlines()
    assert star == [
        f"Title: {story.title}",
        f"Situation: {story.situation}",
        f"Action: {story.action}",  # the empty task is left out
        f"Result: {story.result}",
    ]


def test_the_fixtures_hold_what_the_prompts_ask_for() -> None:
    assert [p.count for p in QUESTION_PROMPTS] == [8, 12]
    assert all(len(questions) == WRITTEN_QUESTIONS for questions in WRITTEN.values())


# --- parsing replies --------------------------------------------------------------------


def test_a_clean_reply_is_taken_line_by_line() -> None:
    for prompt in (0, 1):
        assert parse_questions(_reply(prompt=prompt), 12) == written_for("h-line-cook-feud", prompt)


def test_numbering_bullets_quotes_and_preambles_are_stripped() -> None:
    reply = """Here are 8 questions an interviewer might ask:

1. Tell me about a time you resolved a conflict on your team.
2) "How do you handle an argument that breaks out during service?"
- Describe a time you kept a key employee from leaving.
* **What do you do when two strong performers cannot get along?**
Q: How would you rebuild a working relationship between two people?
Question 6: Give me an example of a local fix that was adopted more widely.
(7) “How do you divide workload fairly between stations?”
8. Q3. How do you keep service running while defusing tension?

Note: these avoid details from the story.
"""
    assert parse_questions(reply, 8) == [
        "Tell me about a time you resolved a conflict on your team.",
        "How do you handle an argument that breaks out during service?",
        "Describe a time you kept a key employee from leaving.",
        "What do you do when two strong performers cannot get along?",
        "How would you rebuild a working relationship between two people?",
        "Give me an example of a local fix that was adopted more widely.",
        "How do you divide workload fairly between stations?",
        "How do you keep service running while defusing tension?",
    ]


def test_short_lines_repeats_and_overflow_are_dropped() -> None:
    many = [f"Tell me about challenge number {i} you faced." for i in range(12)]
    reply = "\n".join(["Questions", "Sure!", "Why us?", many[0], many[0].upper(), *many[1:]])
    assert parse_questions(reply, 8) == many[:8]
    assert parse_questions("x " * 200 + "?\nHow do you handle a hard week?", 8) == [
        "How do you handle a hard week?"  # a runaway line is dropped, not fatal
    ]
    assert parse_questions("", 8) == []
    assert parse_questions("Here are the questions:\n\n1.\n-", 8) == []


# --- writing with the LLM ---------------------------------------------------------------


def _client(http: httpx.AsyncClient, server: LLMServer, provider: str = "openai") -> LLMClient:
    base = server.openai_base_url if provider == "openai" else server.anthropic_base_url
    settings = Settings(llm_provider=provider, llm_model="test-model", llm_base_url=base)
    client = create_client(settings, http)
    assert client is not None
    return client


@pytest.mark.parametrize("provider", ["openai", "anthropic"])
async def test_write_questions_over_both_wire_formats(
    provider: str, llm_server: LLMServer, http: httpx.AsyncClient
) -> None:
    make = openai_reply if provider == "openai" else anthropic_reply
    # The same reply to both requests: the union keeps each question once.
    llm_server.enqueue(*[make(_pieces("Sure, here they are:\n" + _reply("h-chef-menu-clash")))] * 2)
    story = _story("h-chef-menu-clash")
    written = await write_questions(_client(http, llm_server, provider), story)
    assert written == written_for("h-chef-menu-clash", 0)
    sent = [e.json()["messages"][-1]["content"] for e in llm_server.exchanges]
    # One request per prompt: each measured instruction, then the story.
    opened_with = [m for p in sent for m in MEASURED_PROMPTS if p.startswith(m + "\n\n")]
    assert sorted(opened_with) == sorted(MEASURED_PROMPTS) and len(sent) == 2
    assert all(story.result in p for p in sent)


async def test_both_prompts_replies_make_the_written_questions(http: httpx.AsyncClient) -> None:
    async with LLMServer(answer_as_written) as server:
        written = await write_questions(_client(http, server), _story("h-chef-menu-clash"))
    assert written == WRITTEN["h-chef-menu-clash"]
    assert len(server.exchanges) == 2


async def test_a_reply_with_no_question_is_a_clear_error(
    llm_server: LLMServer, http: httpx.AsyncClient
) -> None:
    llm_server.enqueue(openai_reply([]), openai_reply(["Here are 8 questions:\n", "\n"]))
    llm_server.enqueue(openai_reply(["Sure!"]), openai_reply([]))
    llm = _client(http, llm_server)
    for _ in range(2):
        with pytest.raises(NoQuestionsError, match="no usable interview question") as caught:
            await write_questions(llm, _story())
        assert isinstance(caught.value, LLMError) and caught.value.code == "llm_no_questions"


async def test_a_dead_endpoint_is_an_llm_error(http: httpx.AsyncClient) -> None:
    base = f"http://127.0.0.1:{free_port()}/v1"  # nothing listens there
    settings = Settings(llm_provider="openai", llm_model="m", llm_base_url=base)
    llm = create_client(settings, http)
    assert llm is not None
    with pytest.raises(LLMConnectionError):
        await write_questions(llm, _story())


async def test_a_refused_charge_sends_nothing(
    llm_server: LLMServer, http: httpx.AsyncClient
) -> None:
    charged: list[int] = []

    def refuse(messages: Sequence[Message]) -> None:
        charged.append(sum(len(m["content"]) for m in messages))
        raise LLMError("your LLM allowance for today is used up")

    with pytest.raises(LLMError, match="allowance"):
        await write_questions(_client(http, llm_server), _story(), charge=refuse)
    assert charged and charged[0] > len(FIRST_PROMPT)
    assert llm_server.exchanges == []


# --- filling and saving -----------------------------------------------------------------


@pytest.fixture
def db(settings: Settings) -> Iterator[Database]:
    database = Database(settings)
    database.upgrade()
    try:
        yield database
    finally:
        database.dispose()


def _add(db: Database, *stories: Story) -> str:
    user_id = db.ensure_local_user()
    with db.session(user_id) as session:
        for story in stories:
            StoryRepo(session, user_id).add(story)
    return user_id


def _get(db: Database, user_id: str, story_id: str) -> Story:
    with db.session(user_id) as session:
        story = StoryRepo(session, user_id).get(story_id)
    assert story is not None
    return story


async def test_fill_merges_after_existing_questions_and_skips_done_stories(
    db: Database, http: httpx.AsyncClient
) -> None:
    mine = "How do you stop a row between cooks from spoiling service?"
    feud = _story(questions=[mine])
    done = _story("h-chef-menu-clash", questions=WRITTEN["h-chef-menu-clash"])
    user_id = _add(db, feud, done)
    async with LLMServer(answer_as_written) as server:
        llm = _client(http, server)
        filled = [s async for s in fill_questions(llm, db, user_id)]
        assert [s.id for s in filled] == [feud.id]  # the other already had all 20
        assert _get(db, user_id, feud.id).questions == [mine, *WRITTEN["h-line-cook-feud"]]
        assert len(server.exchanges) == 2  # one request per prompt
        # Forced: asked again; the union keeps everything once, within the bound.
        forced = [s async for s in fill_questions(llm, db, user_id, [done.id], force=True)]
        assert forced[0].questions == WRITTEN["h-chef-menu-clash"]
        assert [s async for s in fill_questions(llm, db, user_id, ["no-such-story"])] == []
        assert len(server.exchanges) == 4


async def test_an_edit_made_while_the_llm_writes_is_kept(
    db: Database, http: httpx.AsyncClient
) -> None:
    story = _story()
    user_id = _add(db, story)
    edited = story.model_copy(update={"title": "Kept the line cooks", "questions": ["Q one two"]})

    def edit_then_answer(exchange: Exchange) -> Reply:
        # Runs when a request arrives: after the story was read, before the save.
        with db.session(user_id) as session:
            StoryRepo(session, user_id).update(edited)
        return answer_as_written(exchange)

    async with LLMServer(edit_then_answer) as server:
        [saved] = [s async for s in fill_questions(_client(http, server), db, user_id)]
    assert saved.title == "Kept the line cooks"
    assert saved.questions == ["Q one two", *WRITTEN["h-line-cook-feud"]]


async def test_a_failure_midway_keeps_what_was_written(
    db: Database, llm_server: LLMServer, http: httpx.AsyncClient
) -> None:
    first, second = _story(), _story("h-chef-menu-clash")
    user_id = _add(db, first, second)

    written: list[Story] = []
    async with LLMServer(failing_for(second.result, json_error(401, "bad key"))) as server:
        with pytest.raises(LLMError):
            async for story in fill_questions(_client(http, server), db, user_id):
                written.append(story)
    assert [s.id for s in written] == [first.id]
    assert _get(db, user_id, first.id).questions == WRITTEN["h-line-cook-feud"]
    assert _get(db, user_id, second.id).questions == []


async def test_a_full_story_keeps_its_questions(
    db: Database, llm_server: LLMServer, http: httpx.AsyncClient
) -> None:
    full = [f"Tell me about hard problem number {i}." for i in range(MAX_QUESTIONS)]
    story = _story(questions=full)
    user_id = _add(db, story)
    async with LLMServer(answer_as_written) as server:
        llm = _client(http, server)
        [saved] = [s async for s in fill_questions(llm, db, user_id, [story.id], force=True)]
    assert saved.questions == full
