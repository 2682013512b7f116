import json

from typer.testing import CliRunner

from intervoo.cli import app
from intervoo.config import Settings
from tests.live.server import seed_candidate

runner = CliRunner()
QUESTION = "Tell me about a time you handled a production outage under pressure."


def test_suggest_json_prints_deltas_then_done_with_ttft() -> None:
    seed_candidate(Settings())
    result = runner.invoke(app, ["suggest", QUESTION, "--company", "Amazon", "--json"])
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert events[0]["type"] == "question" and events[0]["kind"] == "behavioral"
    deltas = [e for e in events if e["type"] == "suggestion.delta"]
    done = events[-1]
    assert done["type"] == "suggestion.done" and done["ttft_ms"] is not None
    assert "".join(d["text"] for d in deltas) == done["text"]
    assert "1200 ms to 300 ms" in done["text"]
    assert "story: Checkout outage during the holiday peak" in done["sources"]


def test_suggest_prints_a_readable_answer_and_its_sources() -> None:
    seed_candidate(Settings())
    result = runner.invoke(app, ["suggest", "Why do you want to work here?", "--company", "Amazon"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("What draws me to Amazon")
    assert "sources:" in result.stderr


def test_suggest_refuses_an_empty_question() -> None:
    result = runner.invoke(app, ["suggest", "   "])
    assert result.exit_code == 2
    assert "the question is empty" in result.output


def test_suggest_in_server_mode_needs_a_user(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("INTERVOO_MODE", "server")
    result = runner.invoke(app, ["suggest", QUESTION])
    assert result.exit_code == 1
    assert "name one with --user" in result.stderr


def test_suggest_with_a_broken_llm_setting_says_so_and_answers_offline(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    seed_candidate(Settings())
    monkeypatch.setenv("INTERVOO_LLM_PROVIDER", "openai")
    monkeypatch.setenv("INTERVOO_LLM_MODEL", "")
    result = runner.invoke(app, ["suggest", QUESTION, "--json"])
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert events[0]["type"] == "error" and events[0]["code"] == "llm_config"
    assert "INTERVOO_LLM_MODEL" in events[0]["message"]
    assert "using the offline composer" in events[0]["message"]
    assert "1200 ms to 300 ms" in events[-1]["text"]


def test_suggest_user_takes_an_email_or_an_id_and_an_unknown_one_is_an_error() -> None:
    from intervoo.security.accounts import create_account
    from intervoo.store import Database

    seed_candidate(Settings())
    db = Database(Settings())
    try:
        account = create_account(db, "a@example.com", "not-a-real-hash")
    finally:
        db.dispose()
    by_email = runner.invoke(app, ["suggest", QUESTION, "--user", "A@example.com", "--json"])
    by_id = runner.invoke(app, ["suggest", QUESTION, "--user", account.user_id, "--json"])
    unknown_email = runner.invoke(app, ["suggest", QUESTION, "--user", "nobody@example.com"])
    unknown_id = runner.invoke(app, ["suggest", QUESTION, "--user", "no-such-id"])
    assert (by_email.exit_code, by_id.exit_code) == (0, 0), by_email.output + by_id.output
    assert json.loads(by_email.stdout.splitlines()[-1])["type"] == "suggestion.done"
    assert unknown_email.exit_code == 1 and "no account has that email" in unknown_email.stderr
    assert unknown_id.exit_code == 1 and "no user has that id" in unknown_id.stderr
