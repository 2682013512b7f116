"""A full disk is one clear line to the user, and the write that failed left nothing behind."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]


@pytest.mark.slow  # a subprocess that starts the app and the CLI: ~10 s on a busy machine
def test_a_write_to_a_full_disk_is_a_clear_507(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "tests.store.disk_full_app", str(tmp_path / "data")],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["full"]["status"] == 507, result
    detail = result["full"]["body"]["detail"]
    assert "disk" in detail and "\n" not in detail
    assert result["after"] == 201
    assert result["stories"] == ["A short story"]
    cli_error = result["cli"]["stderr"].strip()
    assert cli_error.startswith("error: ") and "is the disk full?" in cli_error
    assert "\n" not in cli_error and "Traceback" not in cli_error
