import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from intervoo import __version__
from intervoo.cli import app

runner = CliRunner()


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"intervoo {__version__}"


def _loaded_after(code: str) -> list[str]:
    """Which of the heavy modules a fresh interpreter holds after running `code`."""
    heavy = ("typer", "rich", "pydantic", "intervoo.config", "asyncio", "sqlalchemy", "numpy")
    probe = f"{code}\nimport sys\nprint(sorted(m for m in {heavy!r} if m in sys.modules))"
    proc = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    *output, loaded = proc.stdout.strip().splitlines()
    assert output == [f"intervoo {__version__}"] or not output
    return list(json.loads(loaded.replace("'", '"')))


def test_version_is_answered_before_typer_loads() -> None:
    code = "import sys; sys.argv = ['intervoo', '--version']\nfrom intervoo.cli import main; main()"
    assert _loaded_after(code) == []


def test_the_commands_load_without_settings_or_heavy_libraries() -> None:
    """`--help` builds every group; the settings, asyncio and the store load with a command."""
    assert _loaded_after("from intervoo.cli import app") == ["typer"]


def test_help_loads_no_rich() -> None:
    """Rich's help formatting took longer to import than the rest of `--help` together."""
    code = (
        "import contextlib, io, sys; sys.argv = ['intervoo', '--help']\n"
        "from intervoo.cli import main\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()): main()"
    )
    assert _loaded_after(code) == ["typer"]


def test_config_show_json_masks_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTERVOO_LLM_API_KEY", "sk-abcdefghijklmnop")
    result = runner.invoke(app, ["config", "show", "--json"])
    assert result.exit_code == 0, result.output
    view = json.loads(result.stdout)
    assert view["llm_api_key"] == "****mnop"
    assert "abcdefgh" not in result.stdout


def test_bad_setting_exits_nonzero_with_one_line() -> None:
    # A real process, so we see exactly what a user sees on the terminal.
    proc = subprocess.run(
        [sys.executable, "-m", "intervoo.cli", "config", "show"],
        env={"INTERVOO_PORT": "abc", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "INTERVOO_PORT" in lines[0]
    assert "Traceback" not in proc.stderr


def _failed_checks(table: str) -> list[str]:
    """The names of the checks the doctor's table marks FAIL."""
    rows = (line.split("│") for line in table.splitlines())
    return [cells[1].strip() for cells in rows if len(cells) > 2 and cells[2].strip() == "FAIL"]


def test_doctor_passes_on_default_install() -> None:
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 0, result.stdout
    for check in ("python", "data dir", "database", "speech model", "llm"):
        assert check in result.stdout


def test_doctor_fails_on_unreachable_database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTERVOO_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 1
    assert _failed_checks(result.stdout) == ["database"]


def test_doctor_checks_the_configured_speech_model(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("INTERVOO_STT_MODEL", str(tmp_path))  # a folder with no model in it
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 1
    assert _failed_checks(result.stdout) == ["speech model"]
    row = next(line for line in result.stdout.splitlines() if "speech model" in line)
    assert "INTERVOO_STT_MODEL" in row  # the detail starts with the setting


def test_doctor_fails_on_dead_llm(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTERVOO_LLM_PROVIDER", "openai")
    monkeypatch.setenv("INTERVOO_LLM_BASE_URL", "http://127.0.0.1:1/v1")
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 1
    assert _failed_checks(result.stdout) == ["llm"]


@pytest.mark.parametrize("command", [[], ["serve"], ["config"], ["config", "show"], ["doctor"]])
def test_every_command_has_help(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.stdout
