"""`intervoo practice --answers FILE --json` on a real SQLite database."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from intervoo.cli import app
from intervoo.config import Settings
from intervoo.store import Database
from intervoo.stories.model import Story, StoryStatus
from intervoo.stories.repo import StoryRepo
from tests.practice.helpers import CLOSING, COST_STORY, MOTIVATION, OFF_TOPIC, SHAPED, seed_user

runner = CliRunner()


def _seeded(settings: Settings) -> None:
    db = Database(settings)
    try:
        db.upgrade()
        seed_user(db)
    finally:
        db.dispose()


def test_a_scripted_session_prints_feedback_per_answer_and_a_summary(
    settings: Settings, tmp_path: Path
) -> None:
    _seeded(settings)
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps([MOTIVATION, COST_STORY, CLOSING]))
    result = runner.invoke(app, ["practice", "--answers", str(answers), "--json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    feedback = [line for line in lines if line["type"] == "feedback"]
    assert len(feedback) == 3
    assert all(item["question"] and item["feedback"]["scores"] for item in feedback)
    summary = lines[-1]
    assert summary["type"] == "summary" and summary["answers"] == 3

    again = runner.invoke(app, ["practice", "--answers", str(answers), "--json"])
    first = {line["question"] for line in feedback}
    second = {json.loads(x)["question"] for x in again.stdout.splitlines()[:-1]}
    assert not first & second  # no repeats across recent sessions


_KINDS = {"career": "motivation"}  # the question classifier reads this one as technical


def test_each_shape_is_scored_by_its_own_rubric_and_relevance_comes_first(
    settings: Settings, tmp_path: Path
) -> None:
    """A strong answer of every shape scores >= 75; the same polished off-topic story given
    to each question scores <= 40 and hears first that it does not answer, and no draft
    story is made from it."""
    _seeded(settings)
    pairs = [{"question": q, "answer": a, **({"kind": _KINDS[s]} if s in _KINDS else {})}
             for s, (q, a) in SHAPED.items()]  # fmt: skip
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(pairs + [{**p, "answer": OFF_TOPIC} for p in pairs]))
    result = runner.invoke(app, ["practice", "--answers", str(answers), "--json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    shaped, off = lines[: len(pairs)], lines[len(pairs) : 2 * len(pairs)]
    for shape, line in zip(SHAPED, shaped, strict=True):
        feedback = line["feedback"]
        names = {s["name"] for s in feedback["scores"]}
        assert feedback["shape"] == shape and feedback["on_topic"] is True, line["question"]
        assert feedback["overall"] >= 75, (shape, feedback["scores"])
        assert ("star" in names) == (shape == "story"), shape
    assert {"structure", "trade-offs", "scale"} <= _names(shaped[1])
    assert {"plan", "role fit"} <= _names(shaped[2]) and "directness" in _names(shaped[3])
    assert "concept" in _names(shaped[4])
    for line in off:
        feedback = line["feedback"]
        assert feedback["on_topic"] is False and feedback["overall"] <= 40, line["question"]
        assert feedback["summary"].startswith(f"This doesn't answer '{line['question']}'")
    assert lines[-1]["stories"] >= 1  # the on-topic story, not one off-topic answer
    drafted = _drafts(settings)
    assert "reunion" not in json.dumps([s.model_dump(mode="json") for s in drafted])


def _drafts(settings: Settings) -> list[Story]:
    db = Database(settings)
    try:
        user_id = db.ensure_local_user()
        with db.session(user_id) as session:
            return StoryRepo(session, user_id).list(status=StoryStatus.DRAFT)
    finally:
        db.dispose()


def _names(line: dict[str, object]) -> set[str]:
    feedback = line["feedback"]
    assert isinstance(feedback, dict)
    return {s["name"] for s in feedback["scores"]}


def test_no_extract_keeps_answers_out_of_the_library(settings: Settings, tmp_path: Path) -> None:
    _seeded(settings)
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps([COST_STORY]))
    result = runner.invoke(app, ["practice", "--answers", str(answers), "--json", "--no-extract"])
    assert json.loads(result.stdout.splitlines()[-1])["stories"] == 0


def test_bad_answer_files_are_clear_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    for content, message in (("{", "is not JSON"), ('{"a": 1}', "JSON array"), ("[]", "array")):
        bad.write_text(content)
        result = runner.invoke(app, ["practice", "--answers", str(bad)])
        assert result.exit_code == 2 and message in _flat(result.output), result.output
    result = runner.invoke(app, ["practice", "--answers", str(tmp_path / "missing.json")])
    assert result.exit_code == 2 and "cannot read" in _flat(result.output)


def _flat(output: str) -> str:
    """Rich's error box wraps lines: compare the words only."""
    return " ".join(output.replace("│", " ").split())
