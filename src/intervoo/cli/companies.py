"""`intervoo company …` and `intervoo target …`: companies and the interview you prepare for.

The store loads inside the commands, so `intervoo --help` stays fast.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from intervoo.cli.common import LazyConsole, open_database, ready_user

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from intervoo.companies.model import CompanyProfile, Target, TargetContext

company_app = typer.Typer(
    rich_markup_mode=None,
    help="Company profiles: values, interview format, themes.",
    no_args_is_help=True,
)
target_app = typer.Typer(
    rich_markup_mode=None, help="The interview you are preparing for.", no_args_is_help=True
)
stdout = LazyConsole()

JSON_OPTION = typer.Option(False, "--json", help="Print JSON.")
USER_OPTION = typer.Option(None, "--user", help="Whose data (server mode only).")
ALIAS_OPTION = typer.Option([], "--alias", help="Another name (repeatable).")
VALUE_OPTION = typer.Option([], "--value", help="'Name: what it means' (repeatable).")
THEME_OPTION = typer.Option([], "--theme", help="A competency they probe (repeatable).")
SOURCE_OPTION = typer.Option([], "--source", help="Where you read this (repeatable).")
FROM_JSON_OPTION = typer.Option(None, "--from-json", help="A whole profile as a JSON file.")
JD_OPTION = typer.Option(None, "--jd", help="The job description: a text file, or - for stdin.")


@contextmanager
def _session(user: str | None) -> Iterator[tuple[Session, str]]:
    """One transaction for the user; company and target errors become one line and an exit."""
    from intervoo.companies.service import CompanyInputError, UnknownCompanyError

    with open_database() as db:
        user_id = ready_user(db, user)
        try:
            with db.session(user_id) as session:
                yield session, user_id
        except CompanyInputError as exc:
            raise _fail(str(exc), 2) from None
        except UnknownCompanyError as exc:
            raise _fail(str(exc), 1) from None


def _fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def _print_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


@company_app.command("list")
def list_companies(
    category: str | None = typer.Option(None, help="Only this category (e.g. finance)."),
    as_json: bool = JSON_OPTION,
    user: str | None = USER_OPTION,
) -> None:
    """List bundled companies and the ones you added."""
    from intervoo.companies.service import all_companies

    with _session(user) as (session, user_id):
        companies = all_companies(session, user_id)
    if category:
        companies = [c for c in companies if c.category == category]
    if as_json:
        _print_json([_summary(c) for c in companies])
        return
    from rich.table import Table

    table = Table("id", "name", "category", "values", "from", title="Companies")
    for c in companies:
        table.add_row(c.slug, c.name, c.category, str(len(c.values)),
                      "bundled" if c.bundled else "yours")  # fmt: skip
    stdout.print(table)


def _summary(company: CompanyProfile) -> dict[str, Any]:
    return {"slug": company.slug, "name": company.name, "category": company.category,
            "aliases": company.aliases, "values": len(company.values),
            "bundled": company.bundled}  # fmt: skip


@company_app.command("show")
def show_company(
    name: str = typer.Argument(..., help="A name, alias or id; typos are forgiven."),
    as_json: bool = JSON_OPTION,
    user: str | None = USER_OPTION,
) -> None:
    """Show a company's values, interview format and themes."""
    from intervoo.companies.service import resolve_company

    with _session(user) as (session, user_id):
        company = resolve_company(session, user_id, name)
    if as_json:
        _print_json(company.model_dump(mode="json"))
        return
    _print_company(company)


def _print_company(company: CompanyProfile) -> None:
    origin = "bundled" if company.bundled else "added by you"
    stdout.print(f"[bold]{company.name}[/bold] ({company.slug}, {company.category}, {origin})")
    if company.aliases:
        stdout.print(f"Also known as: {', '.join(company.aliases)}")
    if company.interview_format:
        stdout.print(f"\n[bold]Interview format[/bold]\n{company.interview_format}")
    if company.values:
        stdout.print("\n[bold]Values[/bold]")
        for value in company.values:
            stdout.print(f"- [bold]{value.name}[/bold]: {value.meaning}", highlight=False)
    if company.themes:
        stdout.print(f"\n[bold]Themes to prepare[/bold]: {', '.join(company.themes)}")
    if company.sources:
        stdout.print("\n[bold]Sources[/bold]")
        for source in company.sources:
            stdout.print(f"- {source}", highlight=False)


def _parse_value(text: str) -> dict[str, str]:
    name, sep, meaning = text.partition(":")
    if not sep or not name.strip() or not meaning.strip():
        raise _fail(f"--value must look like 'Name: what it means' (got {text!r})", 2)
    return {"name": name.strip(), "meaning": meaning.strip()}


@company_app.command("add")
def add_company(
    name: str | None = typer.Option(None, "--name", help="The company's name."),
    alias: list[str] = ALIAS_OPTION,
    category: str = typer.Option("other", help="big-tech, tech, finance, consulting, startup…"),
    value: list[str] = VALUE_OPTION,
    interview_format: str = typer.Option("", "--format", help="How they interview."),
    theme: list[str] = THEME_OPTION,
    source: list[str] = SOURCE_OPTION,
    from_json: Path | None = FROM_JSON_OPTION,
    as_json: bool = JSON_OPTION,
    user: str | None = USER_OPTION,
) -> None:
    """Add a company of your own (or replace the one you added with that name)."""
    from intervoo.companies.service import add_company as save
    from intervoo.companies.service import company_input

    if from_json is not None:
        data = _read_json(from_json)
    elif name:
        data = {"name": name, "aliases": alias, "category": category,
                "values": [_parse_value(v) for v in value], "interview_format": interview_format,
                "themes": theme, "sources": source}  # fmt: skip
    else:
        raise _fail("give --name (and optionally --value, --theme…) or --from-json FILE", 2)
    with _session(user) as (session, user_id):
        profile, created = save(session, user_id, company_input(data))
    if as_json:
        _print_json({"company": profile.model_dump(mode="json"), "created": created})
        return
    verb = "Added" if created else "Replaced"
    stdout.print(f"{verb} {profile.name} (id {profile.slug}).")


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise _fail(f"cannot read {path}: {exc.strerror}", 2) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _fail(f"{path} is not a JSON file: {exc}", 2) from None


@company_app.command("rm")
def remove_company(
    slug: str = typer.Argument(..., help="The id of a company you added."),
    user: str | None = USER_OPTION,
) -> None:
    """Remove a company you added (bundled ones stay)."""
    from intervoo.companies.repo import CompanyRepo

    with _session(user) as (session, user_id):
        removed = CompanyRepo(session, user_id).delete(slug)
    if not removed:
        raise _fail(f"you have added no company with id {slug}")
    stdout.print(f"Removed {slug}.")


def _read_job_description(path: Path | None) -> str:
    from intervoo.companies.jobs import MAX_JOB_DESCRIPTION_CHARS

    if path is None:
        return ""
    try:
        if str(path) == "-":
            return sys.stdin.read(MAX_JOB_DESCRIPTION_CHARS + 1)
        with path.open(encoding="utf-8") as file:
            return file.read(MAX_JOB_DESCRIPTION_CHARS + 1)
    except OSError as exc:
        raise _fail(f"cannot read {path}: {exc.strerror}", 2) from None
    except UnicodeDecodeError:
        raise _fail(f"{path} is not a UTF-8 text file: paste the posting into a .txt", 2) from None


@target_app.command("set")
def set_target(
    company: str = typer.Option(..., "--company", help="A name, alias or id."),
    role: str = typer.Option(..., "--role", help="The role title, e.g. 'Senior Engineer'."),
    jd: Path | None = JD_OPTION,
    notes: str = typer.Option("", "--notes", help="Anything else to keep in mind."),
    as_json: bool = JSON_OPTION,
    user: str | None = USER_OPTION,
) -> None:
    """Set the interview you are preparing for; its requirements are read from the JD."""
    from intervoo.companies.service import set_target as save
    from intervoo.companies.service import target_view

    job_description = _read_job_description(jd)
    with _session(user) as (session, user_id):
        target, context = save(session, user_id, company=company, role=role,
                               job_description=job_description, notes=notes)  # fmt: skip
    if as_json:
        _print_json(target_view(target, context))
        return
    _print_target(target, context)


@target_app.command("show")
def show_target(as_json: bool = JSON_OPTION, user: str | None = USER_OPTION) -> None:
    """Show the active target and what Intervoo will prepare you for."""
    from intervoo.companies.context import load_active_target
    from intervoo.companies.service import target_view

    with _session(user) as (session, user_id):
        target, context = load_active_target(session, user_id)
    if as_json:
        _print_json(target_view(target, context))
        return
    if target is None:
        stdout.print("No target set. Set one with `intervoo target set --company … --role …`.")
        return
    _print_target(target, context)


def _print_target(target: Target, context: TargetContext) -> None:
    company = context.company.name if context.company else target.company_slug
    stdout.print(f"[bold]{target.role}[/bold] at [bold]{company}[/bold]", highlight=False)
    rows = [
        ("seniority", context.seniority or "(not stated)"),
        ("skills", ", ".join(context.skills) or "(none found)"),
        ("themes", ", ".join(context.themes) or "(none)"),
        ("values", ", ".join(v.name for v in context.values) or "(none)"),
    ]
    if context.notes:
        rows.append(("notes", context.notes))
    for label, text in rows:
        stdout.print(f"{label:>10}: {text}", highlight=False)
