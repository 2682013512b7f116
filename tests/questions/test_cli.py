from __future__ import annotations

import json
import subprocess
import sys

from typer.testing import CliRunner

from intervoo.cli import app

runner = CliRunner()


def test_detect_json_lines() -> None:
    lines = "why do you want to work here\n\ngreat, that makes sense\ndesign a url shortener\n"
    result = runner.invoke(app, ["detect", "--json"], input=lines)
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["text"] for r in records] == [
        "why do you want to work here",
        "great, that makes sense",
        "design a url shortener",
    ]
    assert [r["is_question"] for r in records] == [True, False, True]
    assert [r["kind"] for r in records] == ["motivation", None, "system_design"]
    assert all(set(r) == {"text", "is_question", "kind", "confidence"} for r in records)


def test_detect_human_output() -> None:
    result = runner.invoke(app, ["detect"], input="what is your notice period\n")
    assert result.exit_code == 0
    assert result.stdout.startswith("question  logistics")


def test_detect_reports_a_bad_line_and_goes_on() -> None:
    # A real process, so stdout and stderr are what a shell pipeline sees.
    proc = subprocess.run(
        [sys.executable, "-m", "intervoo.cli", "detect", "--json"],
        input="x" * 5000 + "\nwhy us\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert "line 1" in proc.stderr and "too long" in proc.stderr
    assert "Traceback" not in proc.stderr
    [record] = [json.loads(line) for line in proc.stdout.splitlines()]
    assert record["text"] == "why us" and record["is_question"]
