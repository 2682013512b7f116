"""`intervoo stories questions` and `--question` on add/edit, against a real SQLite database
and a real LLM wire-format server on 127.0.0.1."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from typer.testing import CliRunner

from intervoo.cli import app
from tests.support.llm_server import ReplyFactory, ThreadedLLMServer, json_error
from tests.support.net import free_port
from tests.support.story_questions import answer_as_written, failing_for

runner = CliRunner()
DATA = Path(__file__).parent / "data"
STORIES = json.loads((DATA / "heldout4_stories.json").read_text())
WRITTEN = json.loads((DATA / "heldout4_llm_questions.json").read_text())


def _invoke(*args: str) -> Result:
    return runner.invoke(app, ["stories", *args])


def _run(*args: str) -> Any:
    result = _invoke(*args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout) if "--json" in args else result.output


def _add(index: int, *questions: str) -> dict[str, Any]:
    s = STORIES[index]
    args = ["--title", s["title"], "--situation", s["situation"], "--task", s["task"]]
    args += ["--action", s["action"], "--result", s["result"]]
    for question in questions:
        args += ["--question", question]
    story: dict[str, Any] = _run("add", *args, "--json")["story"]
    return story


@contextmanager
def _serving(monkeypatch: pytest.MonkeyPatch, reply: ReplyFactory) -> Iterator[ThreadedLLMServer]:
    with ThreadedLLMServer(reply) as server:
        monkeypatch.setenv("INTERVOO_LLM_PROVIDER", "openai")
        monkeypatch.setenv("INTERVOO_LLM_MODEL", "test-model")
        monkeypatch.setenv("INTERVOO_LLM_BASE_URL", server.openai_base_url)
        yield server


@pytest.fixture
def llm(monkeypatch: pytest.MonkeyPatch) -> Iterator[ThreadedLLMServer]:
    """An LLM that writes each story's questions as the labeled set records."""
    with _serving(monkeypatch, answer_as_written) as server:
        yield server


def test_add_and_edit_take_questions_by_hand() -> None:
    story = _add(
        0, "How do you settle a feud on your team?", "  How do you   settle a FEUD on your team? "
    )
    assert story["questions"] == ["How do you settle a feud on your team?"]
    edited = _run("edit", story["id"], "--question", "What do you do when staff shout?", "--json")
    assert edited["questions"] == [
        "How do you settle a feud on your team?",
        "What do you do when staff shout?",
    ]
    assert "answers: What do you do when staff shout?" in _run("show", story["id"])
    too_long = _invoke("edit", story["id"], "--question", "why " * 100)
    assert too_long.exit_code == 2 and "at most 300" in too_long.output
    assert len(_run("show", story["id"], "--json")["questions"]) == 2  # nothing lost


def test_questions_for_named_stories_are_written_saved_and_printed(
    llm: ThreadedLLMServer,
) -> None:
    mine = "How do you settle a feud on your team?"
    first, second = _add(0, mine), _add(1)
    printed = _run("questions", first["id"], second["id"])
    assert first["title"] in printed and WRITTEN[STORIES[1]["id"]][-1] in printed
    shown = _run("show", first["id"], "--json")
    assert shown["questions"] == [mine, *WRITTEN[STORIES[0]["id"]]]
    assert _run("questions", second["id"], "--json") == [
        {"id": second["id"], "title": second["title"], "questions": WRITTEN[STORIES[1]["id"]]}
    ]  # named ids are asked again; repeats are kept once
    assert len(llm.exchanges) == 6  # two prompts per story


def test_all_writes_only_for_stories_short_of_questions(llm: ThreadedLLMServer) -> None:
    done = _add(0, *WRITTEN[STORIES[0]["id"]])
    short = _add(1, "How do you handle a chef who resists change?")
    rows = _run("questions", "--all", "--json")
    assert [row["id"] for row in rows] == [short["id"]]
    assert len(rows[0]["questions"]) == 1 + len(WRITTEN[STORIES[1]["id"]])
    assert "already has questions" in _run("questions", "--all")
    assert _run("show", done["id"], "--json")["questions"] == WRITTEN[STORIES[0]["id"]]
    assert len(llm.exchanges) == 2


def test_without_an_llm_it_says_how_to_configure_one() -> None:
    story = _add(0)
    result = _invoke("questions", story["id"])
    assert result.exit_code == 2
    assert "no LLM is configured" in result.output and "INTERVOO_LLM_PROVIDER" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_bad_arguments_fail_before_any_llm_call(llm: ThreadedLLMServer) -> None:
    story = _add(0)
    neither, both = _invoke("questions"), _invoke("questions", story["id"], "--all")
    assert neither.exit_code == both.exit_code == 2
    assert "give story ids or --all" in neither.output and "not both" in both.output
    unknown = _invoke("questions", story["id"], "nope")
    assert unknown.exit_code == 1 and "no story with id nope" in unknown.output
    assert llm.exchanges == []


def test_an_llm_failure_is_one_line_and_keeps_what_was_written(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first, second = _add(0), _add(1)
    revoked = failing_for(STORIES[1]["result"], json_error(401, "invalid x-api-key"))
    with _serving(monkeypatch, revoked):
        result = _invoke("questions", first["id"], second["id"], "--json")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and len(result.stderr.strip().splitlines()) == 1
    assert "the questions of 1 story written before it are saved" in result.stderr
    assert _run("show", first["id"], "--json")["questions"] == WRITTEN[STORIES[0]["id"]]
    assert _run("show", second["id"], "--json")["questions"] == []


def test_a_dead_endpoint_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    story = _add(0)
    monkeypatch.setenv("INTERVOO_LLM_PROVIDER", "openai")
    monkeypatch.setenv("INTERVOO_LLM_MODEL", "m")
    monkeypatch.setenv("INTERVOO_LLM_BASE_URL", f"http://127.0.0.1:{free_port()}/v1")
    result = _invoke("questions", story["id"])
    assert result.exit_code == 1 and result.output.startswith("error: ")
    assert len(result.output.strip().splitlines()) == 1
    assert _run("show", story["id"], "--json")["questions"] == []
