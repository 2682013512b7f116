"""`intervoo resume …` end to end, in a fresh data dir."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from intervoo.cli import app
from tests.support.resumes import SAMPLE, build, encrypted_pdf

runner = CliRunner()


def _write(tmp_path: Path, fmt: str) -> Path:
    filename, data = build(fmt)
    path = tmp_path / filename
    path.write_bytes(data)
    return path


def test_parse_prints_json_without_saving(tmp_path: Path) -> None:
    path = _write(tmp_path, "pdf-two-columns")
    result = runner.invoke(app, ["resume", "parse", str(path), "--json"])
    assert result.exit_code == 0, result.output
    parsed = json.loads(result.output)
    assert [w["position"] for w in parsed["resume"]["work"]] == [w.position for w in SAMPLE.work]
    assert parsed["source_format"] == "pdf"
    shown = runner.invoke(app, ["resume", "show"])
    assert shown.exit_code == 1
    assert "no resume saved yet" in shown.output


def test_import_show_and_export(tmp_path: Path) -> None:
    result = runner.invoke(app, ["resume", "import", str(_write(tmp_path, "docx"))])
    assert result.exit_code == 0, result.output
    assert "saved: 3 roles (0 already known)" in result.output
    again = runner.invoke(app, ["resume", "import", str(_write(tmp_path, "markdown"))])
    assert "saved: 3 roles (3 already known)" in again.output

    shown = json.loads(runner.invoke(app, ["resume", "show", "--json"]).output)
    assert shown["source_format"] == "markdown"
    exported = runner.invoke(app, ["resume", "export", "--format", "jsonresume"])
    document = json.loads(exported.output)
    assert [w["id"] for w in document["work"]] == [w["id"] for w in shown["resume"]["work"]]
    out = tmp_path / "resume.md"
    runner.invoke(app, ["resume", "export", "--format", "markdown", "-o", str(out)])
    assert out.read_text().startswith(f"# {SAMPLE.basics.name}")


def test_bad_file_is_one_clear_line(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    path.write_bytes(encrypted_pdf())
    result = runner.invoke(app, ["resume", "import", str(path)])
    assert result.exit_code == 1
    assert "locked.pdf: This PDF is password-protected" in result.output
