"""`intervoo stories …` against a real SQLite database in the test's data dir."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from intervoo.cli import app

runner = CliRunner()


def _run(*args: str) -> Any:
    result = runner.invoke(app, ["stories", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output) if "--json" in args else result.output


def _add(title: str, result: str, action: str = "I did the work.") -> Any:
    return _run("add", "--title", title, "--situation", "s", "--task", "t", "--action", action,
                "--result", result, "--json")  # fmt: skip


def test_add_list_show_edit_rm() -> None:
    added = _add("Cut the AWS bill", "We saved $250k a year on cloud costs.")["story"]
    assert [(m["value"], m["unit"]) for m in added["metrics"]] == [(250000.0, "$")]
    assert [s["id"] for s in _run("list", "--json")] == [added["id"]]
    assert _run("show", added["id"], "--json")["result"].startswith("We saved")
    edited = _run("edit", added["id"], "--status", "approved", "--json")
    assert edited["status"] == "approved"
    assert _run("list", "--status", "approved", "--json")[0]["id"] == added["id"]
    assert _run("rm", added["id"], "--json") == {"deleted": added["id"]}
    assert _run("list", "--json") == []


def test_adding_a_retelling_merges_it() -> None:
    first = _add("Cut the AWS bill", "We saved $250k a year.", "I right-sized instances.")
    again = _add(
        "AWS bill cut",
        "We saved $250k a year.",
        "I analyzed spend by service, right-sized instances and bought reserved capacity.",
    )
    assert again["merged_into"] == first["story"]["id"]
    assert again["story"]["action"].startswith("I analyzed")
    assert len(_run("list", "--json")) == 1


def test_export_then_import_round_trips_and_dedupes(tmp_path: Path) -> None:
    _add("Cut the AWS bill", "We saved $250k a year.")
    _add("Mentored two interns", "Both interns got return offers after 12 weeks.")
    out = tmp_path / "stories.json"
    _run("export", "--output", str(out))
    exported = json.loads(out.read_text())
    assert {s["title"] for s in exported} == {"Cut the AWS bill", "Mentored two interns"}
    assert _run("import", str(out), "--json") == {"added": 0, "merged": 2}


def test_match_prints_id_title_score_why() -> None:
    story = _add("Cut the AWS bill", "We saved $250k a year on cloud costs.")["story"]
    rows = _run("match", "How have you saved your company money?", "--top", "3", "--json")
    assert rows[0]["id"] == story["id"]
    assert set(rows[0]) >= {"id", "title", "score", "why"}


def test_bad_inputs_get_clear_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('[{"title": "no STAR fields"}]')
    result = runner.invoke(app, ["stories", "import", str(bad)])
    assert result.exit_code == 2
    assert "story 1: missing field(s) situation, task, action, result" in result.output
    missing = runner.invoke(app, ["stories", "show", "nope"])
    assert missing.exit_code == 1 and "no story with id nope" in missing.output
    empty = runner.invoke(app, ["stories", "add", "--title", "  "])
    assert empty.exit_code == 2 and "title" in empty.output
    blank = runner.invoke(app, ["stories", "match", "   "])
    assert blank.exit_code == 2 and "the question is empty" in blank.output
