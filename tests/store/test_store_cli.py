"""`intervoo db …` and `intervoo data …` on a local install."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from intervoo.cli import app
from intervoo.config import Settings
from intervoo.store import Database
from tests.store.samples import fill_user

runner = CliRunner()


def _fill_local(settings: Settings) -> None:
    db = Database(settings)
    try:
        db.upgrade()
        user = db.ensure_local_user()
        with db.session(user) as session:
            fill_user(session, user, "Me")
    finally:
        db.dispose()


def test_db_upgrade_and_status(settings: Settings) -> None:
    before = runner.invoke(app, ["db", "status", "--json"])
    assert before.exit_code == 0, before.output
    assert json.loads(before.output)["up_to_date"] is False
    upgraded = runner.invoke(app, ["db", "upgrade"])
    assert upgraded.exit_code == 0 and "0011" in upgraded.output
    after = json.loads(runner.invoke(app, ["db", "status", "--json"]).output)
    assert after["revision"] == after["latest"] == "0011" and after["backend"] == "sqlite"


def test_export_delete_import_round_trip(settings: Settings, tmp_path: Path) -> None:
    _fill_local(settings)
    file = tmp_path / "me.json"
    file.write_text("an older, world-readable file")
    file.chmod(0o644)
    exported = runner.invoke(app, ["data", "export", str(file)])
    assert exported.exit_code == 0, exported.output
    assert file.stat().st_mode & 0o077 == 0, "the export is readable only by its owner"
    before = json.loads(file.read_text())

    refused = runner.invoke(app, ["data", "delete"])
    assert refused.exit_code == 2 and "--yes" in refused.output
    assert runner.invoke(app, ["data", "delete", "--yes"]).exit_code == 0
    imported = runner.invoke(app, ["data", "import", str(file)])
    assert imported.exit_code == 0, imported.output

    again = tmp_path / "again.json"
    assert runner.invoke(app, ["data", "export", str(again)]).exit_code == 0
    assert json.loads(again.read_text())["tables"] == before["tables"]


def test_import_errors_are_one_clear_line(settings: Settings, tmp_path: Path) -> None:
    missing = runner.invoke(app, ["data", "import", str(tmp_path / "nope.json")])
    assert missing.exit_code == 1 and "cannot read" in missing.output
    garbage = tmp_path / "garbage.json"
    garbage.write_text("{not json")
    assert "is not JSON" in runner.invoke(app, ["data", "import", str(garbage)]).output
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"format": "something-else"}')
    result = runner.invoke(app, ["data", "import", str(wrong)])
    assert result.exit_code == 1 and "not an Intervoo export" in result.output
