"""`intervoo company …` and `intervoo target …` against a real SQLite database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from intervoo.cli import app
from intervoo.companies.catalog import bundled_companies

runner = CliRunner()
DATA = Path(__file__).parent / "data"


def _run(*args: str, input: str | None = None) -> Any:
    result = runner.invoke(app, list(args), input=input)
    assert result.exit_code == 0, result.output
    return json.loads(result.output) if "--json" in args else result.output


def _fails(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    assert result.exit_code != 0
    return result.exit_code, result.output


def test_company_list_shows_bundled_and_own_companies() -> None:
    listed = _run("company", "list", "--json")
    assert len(listed) == len(bundled_companies())
    _run("company", "add", "--name", "Acme Robotics", "--alias", "acme", "--theme", "ownership",
         "--value", "Ship it: deliver small and often")  # fmt: skip
    listed = _run("company", "list", "--json")
    assert listed[0] == {"slug": "acme-robotics", "name": "Acme Robotics", "category": "other",
                         "aliases": ["acme"], "values": 1, "bundled": False}  # fmt: skip
    finance = _run("company", "list", "--category", "finance", "--json")
    assert finance and all(c["category"] == "finance" for c in finance)
    assert "Acme Robotics" in _run("company", "list")


def test_company_show_finds_by_alias_and_typo() -> None:
    assert _run("company", "show", "amazon web services", "--json")["slug"] == "amazon"
    assert _run("company", "show", "Facebook", "--json")["slug"] == "meta"
    text = _run("company", "show", "Goldman Sacks")
    assert "Goldman Sachs" in text and "Interview format" in text and "Sources" in text


def test_company_add_from_json_and_replace() -> None:
    profile = {"name": "Widget Works", "values": [{"name": "Care", "meaning": "We care."}]}
    path = Path("widget.json")
    path.write_text(json.dumps(profile))
    first = _run("company", "add", "--from-json", str(path), "--json")
    assert first["created"] is True and first["company"]["slug"] == "widget-works"
    again = _run("company", "add", "--name", "Widget Works", "--json")
    assert again["created"] is False and again["company"]["values"] == []
    assert "Removed widget-works" in _run("company", "rm", "widget-works")


def test_company_errors_are_one_clear_line() -> None:
    code, output = _fails("company", "show", "Nonexistent Widgets")
    assert code == 1 and "no company matches 'Nonexistent Widgets'" in output
    code, output = _fails("company", "add", "--name", "X", "--value", "no colon")
    assert code == 2 and "--value must look like" in output
    code, output = _fails("company", "add", "--name", "Amazon")
    assert code == 2 and "bundled company" in output
    code, output = _fails("company", "add")
    assert code == 2 and "--name" in output
    code, output = _fails("company", "add", "--from-json", "missing.json")
    assert code == 2 and "cannot read missing.json" in output
    code, output = _fails("company", "rm", "amazon")
    assert code == 1 and "no company with id amazon" in output
    assert "Traceback" not in output


def test_target_set_and_show_json() -> None:
    case = json.loads((DATA / "job_descriptions.json").read_text())["cases"][0]
    Path("jd.txt").write_text(case["text"])
    _run("target", "set", "--company", "stripe", "--role", case["title"], "--jd", "jd.txt",
         "--notes", "Panel on Tuesday")  # fmt: skip
    shown = _run("target", "show", "--json")
    assert shown["target"]["company_slug"] == "stripe"
    assert shown["target"]["job_description"] == case["text"]
    context = shown["context"]
    assert context["company"]["name"] == "Stripe"
    assert context["role"] == case["title"]
    assert set(case["skills"]) <= set(context["skills"])
    assert context["seniority"] == case["seniority"]
    assert context["notes"] == "Panel on Tuesday"
    assert "Users first" in [v["name"] for v in context["values"]]
    assert "Senior Backend Engineer, Payments at Stripe" in _run("target", "show")


def test_target_reads_the_description_from_stdin() -> None:
    jd = "Junior Python developer. Django and PostgreSQL."
    shown = _run("target", "set", "--company", "gitlab", "--role", "Developer", "--jd", "-",
                 "--json", input=jd)  # fmt: skip
    assert shown["context"]["skills"] == ["Python", "Django", "PostgreSQL"]
    assert shown["context"]["seniority"] == "junior"


def test_target_show_without_target_and_errors() -> None:
    assert _run("target", "show", "--json") == {"target": None, "context": {
        "company": None, "role": None, "values": [], "themes": [], "skills": [],
        "seniority": None, "notes": ""}}  # fmt: skip
    assert "No target set" in _run("target", "show")
    code, output = _fails("target", "set", "--company", "amazon", "--role", "SDE", "--jd", "no.txt")
    assert code == 2 and "cannot read no.txt" in output
    Path("jd.pdf").write_bytes(b"%PDF-1.7\n\xff\xfe\x00binary")
    code, output = _fails("target", "set", "--company", "amazon", "--role", "SDE", "--jd", "jd.pdf")
    assert code == 2 and "not a UTF-8 text file" in output
    code, output = _fails("target", "set", "--company", "Nonexistent Widgets", "--role", "SDE")
    assert code == 1 and "add it first" in output
