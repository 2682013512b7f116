"""`intervoo resume …`: parse, import, show and export the structured resume.

Heavy imports (pdfplumber, SQLAlchemy) stay inside the commands so `intervoo --help` is fast.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from intervoo.cli.common import LazyConsole, open_database, ready_user

if TYPE_CHECKING:
    from intervoo.resume.repo import StoredResume
    from intervoo.resume.schema import Doubt, ParsedResume, Resume

resume_app = typer.Typer(
    rich_markup_mode=None,
    help="Your resume: import it from PDF, DOCX, Markdown, text or JSON Resume.",
    no_args_is_help=True,
)
stdout = LazyConsole()
USER_OPTION = typer.Option(None, "--user", help="Whose resume (server mode only).")
FILE_ARGUMENT = typer.Argument(..., help="The resume file.", show_default=False)
OUTPUT_OPTION = typer.Option(None, "--output", "-o", help="Write here, not to stdout.")


class ExportFormat(StrEnum):
    JSONRESUME = "jsonresume"
    MARKDOWN = "markdown"


FORMAT_OPTION = typer.Option(ExportFormat.JSONRESUME, "--format", help="Output format.")


def _parse_or_exit(file: Path) -> ParsedResume:
    from intervoo.resume import ResumeParseError, parse_file

    try:
        return parse_file(file)
    except ResumeParseError as exc:
        typer.echo(f"error: {file.name}: {exc.message}", err=True)
        raise typer.Exit(1) from None


def _print_summary(resume: Resume, doubts: list[Doubt]) -> None:
    basics = resume.basics
    stdout.print(f"[bold]{basics.name or '(no name)'}[/bold]  {basics.email or ''}")
    from rich.table import Table

    table = Table("id", "employer", "position", "start", "end", title="Work")
    for entry in resume.work:
        end = "present" if entry.current else (entry.endDate or "")
        table.add_row(
            entry.id, entry.name or "?", entry.position or "?", entry.startDate or "?", end
        )
    stdout.print(table)
    stdout.print(
        f"{len(resume.education)} education, {len(resume.skills)} skills, "
        f"{len(resume.projects)} projects"
    )
    for doubt in doubts:
        where = f"{doubt.path}: " if doubt.path else ""
        stdout.print(f"[yellow]check[/yellow] {where}{doubt.message}", highlight=False)


@resume_app.command("parse")
def parse_command(
    file: Path = FILE_ARGUMENT,
    as_json: bool = typer.Option(False, "--json", help="Print the structure as JSON."),
) -> None:
    """Parse FILE and print what was found (nothing is saved)."""
    parsed = _parse_or_exit(file)
    if as_json:
        view = parsed.model_dump(mode="json", exclude={"source_text"})
        typer.echo(json.dumps(view, indent=2, ensure_ascii=False))
        return
    _print_summary(parsed.resume, parsed.doubts)


@resume_app.command("import")
def import_command(file: Path = FILE_ARGUMENT, user: str | None = USER_OPTION) -> None:
    """Parse FILE and save it as your resume (roles you had keep their ids and stories)."""
    from intervoo.resume.service import import_resume

    parsed = _parse_or_exit(file)
    with open_database() as db:
        user_id = ready_user(db, user)
        with db.session(user_id) as session:
            result = import_resume(session, user_id, parsed)
    _print_summary(result.stored.resume, result.stored.doubts)
    stdout.print(
        f"saved: {len(result.stored.resume.work)} roles ({result.kept_ids} already known), "
        f"{result.seeded_stories} draft stories added"
    )


@resume_app.command("show")
def show_command(
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    user: str | None = USER_OPTION,
) -> None:
    """Show your saved resume."""
    stored = _load(user)
    if as_json:
        view = stored.model_dump(mode="json", exclude={"source_text"})
        typer.echo(json.dumps(view, indent=2, ensure_ascii=False))
        return
    _print_summary(stored.resume, stored.doubts)


@resume_app.command("export")
def export_command(
    fmt: ExportFormat = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
    user: str | None = USER_OPTION,
) -> None:
    """Export your saved resume as JSON Resume or Markdown."""
    from intervoo.resume.jsonresume import to_json_resume
    from intervoo.resume.markdown import to_markdown

    resume = _load(user).resume
    if fmt is ExportFormat.MARKDOWN:
        text = to_markdown(resume)
    else:
        text = json.dumps(to_json_resume(resume), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        stdout.print(f"wrote {output}")


def _load(user: str | None) -> StoredResume:
    from intervoo.resume.repo import ResumeRepo

    with open_database() as db:
        user_id = ready_user(db, user)
        with db.session(user_id) as session:
            stored = ResumeRepo(session, user_id).get()
    if stored is None:
        typer.echo("error: no resume saved yet: run `intervoo resume import FILE`", err=True)
        raise typer.Exit(1)
    return stored
