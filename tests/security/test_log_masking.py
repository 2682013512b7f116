"""Every `intervoo` command, not only `serve`, logs with the app's secrets masked."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from intervoo.cli import app
from intervoo.logs import LogSetupError, configure_logging

LLM_KEY = "sk-test-" + "q" * 24
SECRET_KEY = "server-secret-" + "z" * 40

# Runs one real command, then logs the way a library deep inside it might.
PROBE = """
import logging, sys
from intervoo.cli import app
try:
    app(sys.argv[1:], prog_name="intervoo", standalone_mode=False)
except SystemExit:
    pass
log = logging.getLogger("probe")
log.warning("calling the LLM with key %s", "{llm}")
log.warning("signing with %s", "{secret}")
log.warning("header Authorization: Bearer abcdef123456")
log.info("an info line")
print("root level", logging.getLevelName(logging.getLogger().level))
"""


def _run_probe(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    code = PROBE.format(llm=LLM_KEY, secret=SECRET_KEY)
    environment = {k: v for k, v in os.environ.items() if not k.startswith("INTERVOO_")}
    environment |= {"INTERVOO_DATA_DIR": str(tmp_path / "data"), **env}
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        env=environment,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )


def test_a_cli_command_masks_the_configured_secrets_in_its_log_lines(tmp_path: Path) -> None:
    done = _run_probe(
        tmp_path,
        "config",
        "show",
        "--json",
        INTERVOO_LLM_API_KEY=LLM_KEY,
        INTERVOO_SECRET_KEY=SECRET_KEY,
    )
    assert "calling the LLM with key ****" in done.stderr
    assert "signing with ****" in done.stderr
    assert "Bearer ****" in done.stderr
    assert LLM_KEY not in done.stderr and SECRET_KEY not in done.stderr
    assert "abcdef123456" not in done.stderr
    # Commands print their own results: warnings only, unless asked for more.
    assert "an info line" not in done.stderr
    assert "root level WARNING" in done.stdout


def test_intervoo_log_level_asks_a_command_for_more(tmp_path: Path) -> None:
    done = _run_probe(tmp_path, "config", "show", INTERVOO_LOG_LEVEL="info")
    assert "INFO probe: an info line" in done.stderr
    assert "root level INFO" in done.stdout


def test_a_bad_log_level_is_one_clear_error() -> None:
    result = CliRunner().invoke(app, ["config", "show"], env={"INTERVOO_LOG_LEVEL": "LOUD"})
    assert result.exit_code == 2
    assert "INTERVOO_LOG_LEVEL 'LOUD' is not a level" in result.output
    with pytest.raises(LogSetupError, match="not a level"):
        configure_logging("verbose")


def test_configure_logging_masks_on_handlers_it_did_not_create(
    caplog: pytest.LogCaptureFixture,
) -> None:
    before = logging.getLogger().level
    masking = configure_logging("DEBUG", secrets=["tenant-secret-123", None])
    try:
        logging.getLogger("probe").warning("the secret is tenant-secret-123")
        # Under pytest, logging is the host's: its level stays as it was.
        assert logging.getLogger().level == before
    finally:
        for handler in logging.getLogger().handlers:
            handler.removeFilter(masking)
    assert caplog.messages == ["the secret is ****"]
