"""`intervoo practice --answers FILE --json` on a real SQLite database."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from intervoo.cli import app
from intervoo.config import Settings
from intervoo.store import Database
from tests.practice.helpers import CLOSING, COST_STORY, MOTIVATION, seed_user

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
    assert summary["type"] == "summary" and summary["answers"] == 3 and summary["stories"] == 1

    again = runner.invoke(app, ["practice", "--answers", str(answers), "--json"])
    first = {line["question"] for line in feedback}
    second = {json.loads(x)["question"] for x in again.stdout.splitlines()[:-1]}
    assert not first & second  # no repeats across recent sessions


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
